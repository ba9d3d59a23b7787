"""Known-answer tests of govnet.timeseries on hand-built cases (numbers worked by hand)."""

import types

import pandas as pd
import pytest
from test_graph import hand_case, relabel

import govnet
from govnet.exceptions import ParameterError

ACTORS = [
    ("L", "person", "member", "leader", "Lab"),
    ("C", "person", "member", "cabinet-member", "Lab"),
    ("CE", "post", "officer", "chief-executive", None),
    ("DIR", "post", "officer", "corporate-director", None),
    ("P1", "person", "officer", "chief-executive", None),
    ("P2", "person", "officer", "chief-executive", None),
    ("D1", "person", "officer", "corporate-director", None),
    ("D2", "person", "officer", "corporate-director", None),
]
TENURES = [
    ("t1", "P1", "CE", "2019", "2021-03", False),
    ("t2", "P2", "CE", "2021-04", None, True),
    ("t3", "D1", "DIR", None, "2020-06", False),
    ("t4", "D2", "DIR", "2020-09", "2021-05", True),
]
RELATIONS = [
    ("r1", "L", "CE", "trust", 1, "2020", None, None, "leadership"),
    ("r2", "CE", "L", "support", 1, "2020-05", None, None, "leadership"),
    ("r3", "L", "C", "alliance", 1, "2020", "2021", None, "governance"),  # spans 2 years, undirected
    ("r4", "L", "CE", "distrust", -1, "2021-06", None, None, "culture"),
    ("r5", "C", "DIR", "criticism", -1, "2021-02", None, None, "culture"),
]
EVENTS = [
    ("e1", "2020-03", "election", "election"),
    ("e2", "2021-01", "peer-challenge", "LGA peer challenge"),
    ("e3", "2021-07", "inspection", "Best Value inspection"),
    ("e4", "2021-11", "proposed-directions", "minded to intervene"),
    ("e5", "2022-02", "de-escalation", "eased"),
]
META = {"id": "hand", "period": {"start": "2020", "end": "2021"}}


@pytest.fixture
def case():
    return hand_case(ACTORS, RELATIONS, TENURES, EVENTS, META)


def test_trajectory_known_answer(case):
    t = govnet.trajectory(case).pivot(index="date", columns="measure", values="value")
    y20, y21 = pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")
    # 2020: L->P1 (+1), P1->L (+1), L<->C (+1 both): 4 observations, 4 ties, 3 actors, mean 1;
    # interface ties L->P1, P1->L -> 2, mean +1
    assert t.loc[y20, ["n_observations", "n_ties", "n_actors", "mean_sign"]].tolist() == [4, 4, 3, 1]
    assert t.loc[y20, "interface_mean_sign"] == 1
    # 2021: L<->C (+1, +1); L->CE -1 in June -> P2; C->DIR -1 in Feb -> D2: ties 4, mean 0,
    # share negative 2/4; interface: L->P2 -1, C->D2 -1 -> mean -1
    assert t.loc[y21, ["n_ties", "mean_sign", "share_negative"]].tolist() == [4, 0, 0.5]
    assert t.loc[y21, "interface_mean_sign"] == -1 and t.loc[y21, "interface_n_ties"] == 2
    assert list(govnet.trajectory(case, measures=["n_ties"]).columns) == ["date", "end", "measure", "value"]


def test_trajectory_matches_case_graph(case):
    t = govnet.trajectory(case, freq="QS")
    for (lo, hi), part in t.groupby(["date", "end"]):
        G = govnet.case_graph(case, window=(lo, hi), layers=("informal",))
        v = part.set_index("measure")["value"]
        assert v["n_ties"] == G.number_of_edges()
        clim = govnet.interface_climate(G).set_index(["source_side", "target_side"])
        n = clim.loc[[("member", "officer"), ("officer", "member")], "n_ties"].sum()
        assert v["interface_n_ties"] == n


def test_trajectory_list_of_dates(case):
    t = govnet.trajectory(case, freq=["2021-06", "2020"], measures="interface_mean_sign")
    assert t["date"].tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-06-01")]
    assert t["value"].tolist() == [1.0, -1.0]
    with pytest.raises(ParameterError, match="measures"):
        govnet.trajectory(case, measures=["happiness"])
    with pytest.raises(ParameterError, match="freq"):
        govnet.trajectory(case, freq=[])


def test_churn_known_answer(case):
    c = govnet.churn(case).set_index("date")
    y20, y21 = pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")
    # 2020: arrivals t4 (2020-09); departures t3 (2020-06); posts held CE, DIR; interim DIR (t4)
    assert c.loc[y20, ["posts_held", "arrivals", "departures", "interim_posts"]].tolist() == [2, 1, 1, 1]
    # 2021: arrivals t2; departures t1 (2021-03), t4 (2021-05); interim CE (t2), DIR (t4) -> 2/2
    assert c.loc[y21, ["arrivals", "departures", "interim_share"]].tolist() == [1, 2, 1.0]
    assert govnet.churn(case, tiers=[1]).set_index("date").loc[y20, "posts_held"] == 1


def test_ladder_and_themes(case):
    lad = govnet.oversight_ladder(case)
    assert lad["event"].tolist() == ["e2", "e3", "e4", "e5"]
    assert lad["stage"].tolist() == [1, 2, 3, 5] and lad["peak"].tolist() == [1, 2, 3, 3]
    assert lad["label"].iloc[2] == "proposed directions"
    th = govnet.themes(case)
    # 2020: leadership +1 x2, governance +1 x1; 2021: culture -1 x2
    assert th.values.tolist() == [
        [pd.Timestamp("2020-01-01"), "governance", 1, 1],
        [pd.Timestamp("2020-01-01"), "leadership", 1, 2],
        [pd.Timestamp("2021-01-01"), "culture", -1, 2],
    ]


def test_relabel_and_empty(case):
    t1 = govnet.trajectory(case)
    t2 = govnet.trajectory(relabel(case, {"L": "zz", "P2": "aa"}))
    assert t1.equals(t2)
    empty = hand_case(ACTORS, [], meta=META)
    t = govnet.trajectory(empty)
    assert (t.loc[t.measure == "n_ties", "value"] == 0).all()
    assert govnet.oversight_ladder(empty).empty
    assert govnet.themes(empty).empty
    with pytest.raises(ParameterError):
        govnet.churn(object())


def test_churn_counts_aggregate_departure_and_appointment_events():
    # Worked by hand. Aggregate reports of turnover coded as events, counted when one of the
    # event's actors is a post or group of tier 1-2:
    # e6 2020-07 departure of DIR (tier-2 post)        -> 2020 departure_events 1
    # e7 2021-02 departure "C" (a person, not a post)  -> not counted
    # e8 2021-08 departure of SMT (tier-2 group)       -> 2021 departure_events 1
    # e9 2021-05 appointment to CE (tier-1 post)       -> 2021 appointment_events 1
    # e1 2020-03 election (other type)                 -> not counted
    actors = ACTORS + [("SMT", "group", "officer", "senior-officers", None)]
    events = EVENTS + [("e6", "2020-07", "departure", "d"), ("e7", "2021-02", "departure", "d"),
                       ("e8", "2021-08", "departure", "d"), ("e9", "2021-05", "appointment", "a")]
    c = hand_case(actors, RELATIONS, TENURES, events, META)
    who = {"e1": "L;CE", "e6": "DIR", "e7": "C", "e8": "SMT;L", "e9": "CE"}
    c.events["actors"] = c.events["id"].map(who).astype("string")
    ch = govnet.churn(c).set_index("date")
    y20, y21 = pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")
    assert ch.loc[y20, ["departure_events", "appointment_events"]].tolist() == [1, 0]
    assert ch.loc[y21, ["departure_events", "appointment_events"]].tolist() == [1, 1]
    # tenure-based columns are unchanged by events (as in test_churn_known_answer)
    assert ch.loc[y20, ["posts_held", "arrivals", "departures", "interim_posts"]].tolist() == [2, 1, 1, 1]
    # tiers=[1]: only e9 (CE) remains
    ch1 = govnet.churn(c, tiers=[1]).set_index("date")
    assert ch1["departure_events"].sum() == 0 and ch1["appointment_events"].sum() == 1


def test_ladder_in_force_statutory_stages_persist():
    # Worked by hand. Events in date order and the stage in force after each:
    # 2023-01 proposed directions 3 -> 3; 2023-06 directions 4 -> 4 (a higher stage raises);
    # 2024-03 peer challenge 1 -> 4 and 2024-06 review 2 -> 4 (lower events do not lower a
    # statutory stage); 2024-09 proposed directions 3 -> 4; 2025-02 de-escalation -> 5 (ends
    # the statutory stage); 2025-06 peer challenge 1 -> 1 (nothing statutory in force).
    events = [("f1", "2023-01", "proposed-directions", "p"), ("f2", "2023-06", "directions", "d"),
              ("f3", "2024-03", "peer-challenge", "pc"), ("f4", "2024-06", "review", "r"),
              ("f5", "2024-09", "proposed-directions", "p"), ("f6", "2025-02", "de-escalation", "x"),
              ("f7", "2025-06", "peer-challenge", "pc")]
    c = hand_case(ACTORS, RELATIONS, TENURES, events, {"id": "hand", "period": {"start": "2023", "end": "2025"}})
    lad = govnet.oversight_ladder(c)
    assert lad["in_force"].tolist() == [3, 4, 4, 4, 4, 5, 1]
    assert lad["peak"].tolist() == [3, 4, 4, 4, 4, 4, 4]
    assert lad["in_force_label"].iloc[3] == "directions with envoys or commissioners"
    # the latest event's stage would say 2 at the end of 2024 and 1 in 2025
    assert [govnet.ladder_stage(c, d) for d in ("2022", "2024", "2025-03", "2025")] == [0, 4, 5, 1]
    from govnet import casestudy

    assert casestudy.ladder_stage_at(c, "2024") == 4
    graphs = {"2024": govnet.case_graph(c, at="2024"), "all": govnet.case_graph(c)}
    res = casestudy.headline_results(c, dates=["2024"], graphs=graphs)
    assert res["ladder_peak"] == 4 and res["snapshots"][0]["ladder_stage"] == 4
    assert res["ladder_in_force"] == 1  # the peer challenge of 2025-06, after the de-escalation
    assert "reaches stage 4 by the end of the period; stage 1 is in force at the end" in (
        casestudy.case_narrative(res, "ladder"))
    assert "highest stage 4." in casestudy.key_findings(res)


CHURN_ACTORS = [
    ("CE", "post", "officer", "chief-executive", None),
    ("LEAD", "post", "member", "leader", None),
    ("CAB", "post", "member", "cabinet-member", None),
    ("SMT", "group", "officer", "senior-officers", None),
    ("P1", "person", "officer", "chief-executive", None),
    ("P2", "person", "officer", "chief-executive", None),
    ("X", "person", "member", "leader", "Lab"),
    ("Y", "person", "member", "leader", "Lab"),
]
CHURN_TENURES = [
    ("t1", "P1", "CE", "2019", "2020-06", False),
    ("t2", "P2", "CE", "2020-07", "2020-12", True),  # interim ...
    ("t3", "P2", "CE", "2021-01", None, False),  # ... made permanent: no departure, no arrival
    ("t4", "X", "LEAD", None, "2021-05", False),  # X leaves two posts at once
    ("t5", "X", "CAB", None, "2021-05", False),
    ("t6", "Y", "LEAD", "2021-05", None, False),
]
CHURN_EVENTS = [
    ("e6", "2021-05", "departure", "X resigns as leader"),  # names X: matched to t4
    ("e7", "2021", "departure", "churn in senior management"),  # SMT: unmatched, counted
    ("e8", "2020-06", "departure", "the chief executive leaves"),  # CE: matched to t1
    ("e9", "2020-07", "appointment", "an interim chief executive"),  # CE: matched to t2
    ("e10", "2021-08", "appointment", "appointments at the top"),  # CE: no arrival then
]
CHURN_WHO = {"e6": "X;LEAD", "e7": "SMT", "e8": "CE", "e9": "CE", "e10": "CE"}


def _churn_case(events=CHURN_EVENTS):
    c = hand_case(CHURN_ACTORS, [], CHURN_TENURES, events, META)
    c.events["actors"] = c.events["id"].map(CHURN_WHO).astype("string")
    return c


def test_churn_counts_changes_of_holder_per_post_and_person():
    # Worked by hand. Holdings: P1 on CE (to 2020-06), P2 on CE (2020-07 on: t2 + t3 are one
    # holding), X on LEAD and on CAB (to 2021-05), Y on LEAD (2021-05 on).
    # 2020: arrival P2 (2020-07), departure P1 (2020-06): 1 and 1, one person.
    # 2021: arrival Y only (P2's permanent contract is no arrival); departures X from LEAD
    # and from CAB: 2 departures, 1 departing person. (Before: 2020 had 2 departures, t1 and
    # t2; 2021 had 2 arrivals, t3 and t6.)
    ch = govnet.churn(_churn_case()).set_index("date")
    y20, y21 = pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")
    cols = ["arrivals", "departures", "departing_persons"]
    assert ch.loc[y20, cols].tolist() == [1, 1, 1]
    assert ch.loc[y21, cols].tolist() == [1, 2, 1]
    d = govnet.departures(_churn_case())
    assert d[["post", "person", "left_with"]].values.tolist() == [
        ["CE", "P1", ""], ["CAB", "X", "LEAD"], ["LEAD", "X", "CAB"]]
    assert d["successor"].fillna("-").tolist() == ["P2", "-", "Y"]
    assert d["date"].tolist() == [pd.Timestamp("2020-06-30"), pd.Timestamp("2021-05-31"),
                                  pd.Timestamp("2021-05-31")]
    # the report says so: 3 departures of 2 persons
    from govnet import casestudy

    recs = [{"year": int(k.year), **{c: int(v[c]) for c in ("departures", "departing_persons")}}
            for k, v in ch.iterrows()]
    text = casestudy.case_narrative({"churn": recs}, "churn")
    assert "3 departures from key posts" in text and "They concern 2 persons" in text


def test_churn_reported_events_count_only_those_matched_to_no_tenure():
    # e6 (X, LEAD; X leaves LEAD in 2021-05) and e8 (CE; P1 leaves 2020-06) report departures
    # coded in tenures; e9 (CE, 2020-07) reports P2's arrival. Left: e7 (2021, SMT) as a
    # departure report and e10 (2021-08, CE: nobody arrives then) as an appointment report.
    # (Before: departure_events 2020: 1 (e8), 2021: 2 (e6, e7); appointment_events 2020: 1.)
    ch = govnet.churn(_churn_case()).set_index("date")
    assert ch["departure_events"].tolist() == [0, 1]
    assert ch["appointment_events"].tolist() == [0, 1]


def test_churn_absences_are_their_own_event_type():
    # A suspension of the chief executive (P2, holder since 2020-07) in 2021-03 is counted in
    # absences, not in departures (codebook 1.1 has the type); a codebook without the type
    # (an older one) counts no absences.
    events = [*CHURN_EVENTS, ("e11", "2021-03", "suspension", "P2 suspended")]
    c = _churn_case(events)
    c.events["actors"] = c.events["id"].map({**CHURN_WHO, "e11": "P2"}).astype("string")
    ch = govnet.churn(c)
    assert ch["absences"].tolist() == [0, 1] and ch["departures"].tolist() == [1, 2]
    et = c.codebook.event_types
    c.codebook = types.SimpleNamespace(**{**vars(c.codebook),
                                          "event_types": et.drop(index=["suspension"])})
    assert govnet.churn(c)["absences"].tolist() == [0, 0]
