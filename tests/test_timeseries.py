"""Known-answer tests of govnet.timeseries on hand-built cases (numbers worked by hand)."""

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
