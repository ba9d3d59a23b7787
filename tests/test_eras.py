"""Eras (govnet.eras): change points of the key posts, control and the ladder, worked by hand."""

import pandas as pd
import pytest
from test_graph import hand_case

import govnet
from govnet.synth import synthetic_eras_case

T = pd.Timestamp
ACTORS = [
    ("LEAD", "post", "member", "leader", None),
    ("CE", "post", "officer", "chief-executive", None),
    ("L1", "person", "member", "leader", "Lab"),
    ("L2", "person", "member", "leader", "Con"),
    ("P1", "person", "officer", "chief-executive", None),
    ("P2", "person", "officer", "chief-executive", None),
    ("LAB", "group", "member", "party-group", "Lab"),
    ("CON", "group", "member", "party-group", "Con"),
]
TENURES = [
    ("t1", "L1", "LEAD", None, "2021-03", False),
    ("t2", "L2", "LEAD", "2021-03", None, False),  # same-month handover: L2 from 2021-03-01
    ("t3", "P1", "CE", None, "2020-06", False),
    ("t4", "P2", "CE", "2020-07", "2020-09", True),  # interim ...
    ("t5", "P2", "CE", "2020-10", None, False),  # ... made permanent: no new era
]
RELATIONS = [
    ("r1", "L1", "CE", "distrust", -1, "2020-03"),  # L1 -> P1, era 2
    ("r2", "L1", "CE", "trust", 1, "2020-08"),  # L1 -> P2, era 3
]
EVENTS = [
    ("e1", "2020-05", "election", "Lab hold"),  # first coded control: no era of its own
    ("e2", "2021-05", "change-of-control", "Con take control"),
    ("e3", "2020-02", "peer-challenge", "peer challenge"),
    ("e4", "2020-11", "directions", "directions"),
    ("e5", "2021-09", "review", "a later review does not lower the directions in force"),
]
WHO = {"e1": "LAB", "e2": "CON;LAB", "e3": "CE", "e4": "CE", "e5": "CE"}
META = {"id": "hand", "period": {"start": "2020", "end": "2021"}}


@pytest.fixture
def case():
    c = hand_case(ACTORS, RELATIONS, TENURES, EVENTS, META)
    c.events["actors"] = c.events["id"].map(WHO).astype("string")
    return c


def test_eras_hand_worked(case):
    # Change points (first day of each date): 2020-02-01 peer challenge (stage 1);
    # 2020-07-01 interim CE P2; 2020-10-01 P2 permanent (same person: no era);
    # 2020-11-01 directions (4); 2021-03-01 L2 (handover in the month: the newcomer from
    # its start); 2021-05-01 control Lab -> Con; 2021-09 review (2 < 4 statutory: no step).
    # Control: None until the election of 2020-05 (first coded, in era 2, opens no era).
    e = govnet.eras(case)
    assert e["start"].tolist() == [T("2020-01-01"), T("2020-02-01"), T("2020-07-01"),
                                   T("2020-11-01"), T("2021-03-01"), T("2021-05-01")]
    assert e["end"].tolist() == [T("2020-01-31"), T("2020-06-30"), T("2020-10-31"),
                                 T("2021-02-28"), T("2021-04-30"), T("2021-12-31")]
    assert e["top_member"].tolist() == ["L1"] * 4 + ["L2"] * 2
    assert e["chief_executive"].tolist() == ["P1", "P1", "P2", "P2", "P2", "P2"]
    assert e["control"].tolist() == [None, "Lab", "Lab", "Lab", "Lab", "Con"]
    assert e["ladder_stage"].tolist() == [0, 1, 1, 4, 4, 4]
    assert e["change"].tolist() == [
        "start of the case period", "ladder: peer challenge", "interim chief executive: P2",
        "ladder: directions with envoys or commissioners", "new leader: L2", "control: Con"]
    # the interim mark holds while the interim tenure covers the era's start only
    assert e["label"].tolist() == [
        "L1–P1, to 2020-01", "L1–P1, to 2020-06", "L1–P2 (interim), to 2020-10",
        "L1–P2, to 2021-02", "L2–P2, to 2021-04", "L2–P2, from 2021-05"]
    assert e["era"].tolist() == [1, 2, 3, 4, 5, 6]


def test_vacancy_and_unresolved_holders(case):
    # L1 leaves in 2021-03 with no successor: the post is vacant from 2021-04-01 ("?").
    # Two open CE tenures tie: both are given, unresolved.
    case.tenures = case.tenures[case.tenures["id"] != "t2"].reset_index(drop=True)
    e = govnet.eras(case).set_index("start")
    assert e.loc[T("2021-04-01"), "top_member"] is None
    assert e.loc[T("2021-04-01"), "change"] == "leader post vacant"
    # vacant top member: the party in control (Lab, since 2020) follows the dyad
    assert e.loc[T("2021-04-01"), "label"] == "?–P2 (Lab control), to 2021-04"
    two = hand_case(ACTORS, RELATIONS, [("a", "P1", "CE", None, None, False),
                                        ("b", "P2", "CE", None, None, False)], meta=META)
    e2 = govnet.eras(two)
    # neither holder known and no control coded: the label says so (was "?–?, to 2021-12")
    assert e2["chief_executive"].tolist() == ["P1;P2"]
    assert e2["label"].tolist() == ["holders unknown, to 2021-12"]


def test_label_without_holders_names_control_or_says_unknown():
    # No leader tenure and two open CE tenures (unresolved): no holder is known in any era.
    # Control: Con take control on 2021-05 (e2, first day 2021-05-01), which opens era 2.
    # Era 1 (2020-01-01 to 2021-04-30): no control coded at its start or in it ->
    # "holders unknown"; era 2 (2021-05-01 to 2021-12-31): "Con control". One known holder
    # keeps the dyad form with "?" for the other.
    ten = [("a", "P1", "CE", None, None, False), ("b", "P2", "CE", None, None, False)]
    c = hand_case(ACTORS, RELATIONS, ten, EVENTS[1:2], META)
    c.events["actors"] = c.events["id"].map(WHO).astype("string")
    e = govnet.eras(c)
    assert e["control"].tolist() == [None, "Con"]
    assert e["label"].tolist() == ["holders unknown, to 2021-04", "Con control, from 2021-05"]
    c.tenures = c.tenures[c.tenures["id"] != "b"].reset_index(drop=True)
    # one holder known (the CE, P1) and no top member: the control follows where coded
    assert govnet.eras(c)["label"].tolist() == ["?–P1, to 2021-04", "?–P1 (Con control), from 2021-05"]


def test_trajectory_by_eras(case):
    # one window per era; the breakdown (era 2: L1->P1 -1) and the interim (era 3: L1->P2 +1)
    # are separate snapshots, while the calendar year 2020 pools them (mean 0).
    t = govnet.trajectory(case, freq="eras", measures=["interface_mean_sign"])
    e = govnet.eras(case)
    assert t["date"].tolist() == e["start"].tolist() and t["end"].tolist() == e["end"].tolist()
    assert t["value"].tolist()[1:3] == [-1.0, 1.0]
    y = govnet.trajectory(case, measures=["interface_mean_sign"])
    assert y["value"].tolist()[0] == 0.0


def test_founding_eras_waltham_forest():
    # Buckley and White hold throughout (open tenures); the only change point is the PST
    # review of 2002-12 (stage 2); no control is coded.
    e = govnet.eras(govnet.load_case("waltham-forest"))
    assert e[["start", "top_member", "chief_executive", "ladder_stage"]].values.tolist() == [
        [T("2002-01-01"), "cllr-tony-buckley", "simon-white", 0],
        [T("2002-12-01"), "cllr-tony-buckley", "simon-white", 2]]


def test_founding_eras_without_a_coded_top_member():
    # Neither source of Tower Hamlets names a Mayor (ties sit on the post `mayor`, no tenure)
    # and its two chief executive tenures are open (unresolved); control is coded from
    # 2022-05 (Aspire), none before (the previous administration's party is not stated).
    # Southampton's source names no leader; Mike Harris is the chief executive throughout.
    th = govnet.eras(govnet.load_case("tower-hamlets"))
    assert th["top_member"].isna().all() and th["chief_executive"].str.contains(";").all()
    assert th["label"].tolist() == ["holders unknown, to 2022-04", "Aspire control, to 2023-12",
                                    "Aspire control, to 2024-11", "Aspire control, from 2024-11"]
    so = govnet.eras(govnet.load_case("southampton"))
    # the Conservative administration from 2021-05 and Labour's return in 2022-05 are coded
    # (events), so the eras the changes of control open say so; 2021-01 to 2021-04: none coded
    assert so["label"].tolist() == ["?–Harris, to 2021-04", "?–Harris (Conservative control), to 2021-12",
                                    "?–Harris (Conservative control), to 2022-04",
                                    "?–Harris (Labour control), from 2022-05"]


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    truth = synthetic_eras_case(tmp_path_factory.mktemp("s") / "eras-001", seed=3)
    return truth, govnet.load_case(truth.path)


def test_synth_story_eras_recovered_exactly(story):
    truth, case = story
    cols = ["era", "start", "end", "top_member", "chief_executive", "control", "ladder_stage"]
    got = govnet.eras(case)
    pd.testing.assert_frame_equal(got[cols], truth.eras[cols], check_dtype=False)
    # what opened the eras of the interim chief executive, the new leader and the mayor
    change = got.set_index("era")["change"]
    assert change[5].startswith("interim chief executive: ")
    assert change[7].startswith("new leader: ") and change[7].endswith(f"control: {truth.eras['control'].iloc[-1]}")
    assert change[8].startswith("new mayor: ")


def test_synth_story_churn_and_ladder_recovered_exactly(story):
    truth, case = story
    got = govnet.departures(case)[["date", "post", "person", "successor"]]
    pd.testing.assert_frame_equal(got.fillna("-"), truth.departures.fillna("-"), check_dtype=False)
    # the interim chief executive made permanent in 2008 neither leaves nor arrives again
    ch = govnet.churn(case).set_index("date")
    assert ch.loc[T("2007-01-01"), ["arrivals", "departures"]].tolist() == [1, 1]
    assert ch.loc[T("2008-01-01"), ["arrivals", "departures"]].tolist() == [0, 0]
    # directions (2008-03) stay in force across the peer challenge of 2010-03
    assert govnet.ladder_stage(case, "2010") == 4
    assert govnet.ladder_stage(case, "2012") == 5


def test_synth_story_breakdown_and_interim_inside_one_year(story):
    # 2007: the leader and the chief executive break down (Jan-Aug), the interim works well
    # with the leader (Sep-Dec). The eras split the year at 2007-09-01; the planted dyad ties
    # are net negative in the era before and positive in the era after.
    truth, case = story
    e = truth.eras.set_index("era")
    a, x, y = e.loc[4, "top_member"], e.loc[4, "chief_executive"], e.loc[5, "chief_executive"]
    before = case.graph(window=(e.loc[4, "start"], e.loc[4, "end"]), aggregate="net")
    after = case.graph(window=(e.loc[5, "start"], e.loc[5, "end"]), aggregate="net")
    assert before[a][x]["sign"] == -1 and after[a][y]["sign"] == 1
