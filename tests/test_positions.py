"""Positions over time, handovers, reporter-only actors and the key dyad in office.

All on tests/cases/format2 (an INVENTED case folder; its case.yml summary tells the story).
Its tenures, worked by hand (a month stands for its whole interval):

- ann-ash: cabinet-member-housing 2018-05..2019-04, leader 2019-05..2020-10, then no post (own
  role backbench, tier 3); member of red-group throughout (party Red).
- ben-birch: leader 2020-10..open. Ann's end and Ben's start are both 2020-10: a handover, so
  Ben holds from 2020-10-01 and Ann's leadership ends 2020-09-30.
- eve-elm: chief-executive open..2018-12; own role chief-executive, so out of office after.
- dan-dale: chief-executive interim 2019-01..2019-07, permanent 2019-07..open: one holder.
- cara-cole: red-group open..2019-06, blue-group 2019-06..open: Blue from 2019-06-01.
- daily-bugle and council only report (relations.reported_by): never in a graph.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

import govnet

CASE = Path(__file__).parent / "cases" / "format2"
_ATTRS = ("role", "tier", "side", "party", "post", "interim")


@pytest.fixture(scope="module")
def case():
    return govnet.load_case(CASE)


def _nodes(G):
    return {n: tuple(d[k] for k in _ATTRS) for n, d in G.nodes(data=True)}


def test_the_case_validates_cleanly():
    errors, warnings = govnet.validate_case(CASE)
    # the one warning is the radio phone-in's unchecked quotes (s03: no text copy), see
    # tests/test_format2.py; none is about tenures or positions
    assert errors.empty and warnings["code"].tolist() == ["quote-unchecked"]


def test_graph_2018_06_cabinet_member_and_the_first_chief_executive(case):
    G = case.graph(at="2018-06")
    # r01 ann -> CE post (cooperation, undirected); CE is held by eve alone -> ann <-> eve.
    # cara has no tie but belongs to red-group (a position); dan holds nothing yet; ben has no
    # tenure and no tie; the reporters daily-bugle and council are left out.
    assert sorted(G.edges(data="sign")) == [("ann-ash", "eve-elm", 1), ("eve-elm", "ann-ash", 1)]
    assert _nodes(G) == {
        "ann-ash": ("cabinet-member", 2, "member", "Red", "cabinet-member-housing", False),
        "cara-cole": ("councillor", 3, "member", "Red", None, False),
        "eve-elm": ("chief-executive", 1, "officer", None, "chief-executive", False),
    }


def test_graph_2019_06_leader_and_interim_chief_executive(case):
    G = case.graph(at="2019-06")
    # r02 leader -> CE (support +1) and r03 CE <-> leader (cooperation +1, June-July, clipped
    # to June): leader = ann (from 2019-05), CE = dan (interim tenure t02 only in June).
    # cara crossed the floor in 2019-06: the later membership holds from its start -> Blue.
    assert sorted(G.edges(data="sign")) == [("ann-ash", "dan-dale", 1), ("dan-dale", "ann-ash", 1)]
    assert _nodes(G) == {
        "ann-ash": ("leader", 1, "member", "Red", "leader", False),
        "cara-cole": ("councillor", 3, "member", "Blue", None, False),
        "dan-dale": ("chief-executive", 1, "officer", None, "chief-executive", True),
    }
    # July: the permanent tenure t03 starts -> no longer only interim
    assert case.graph(at="2019-07").nodes["dan-dale"]["interim"] is False


def test_interim_then_permanent_by_the_same_person_is_one_holder(case):
    # r03 spans June-July 2019; both CE tenures in it are dan's -> one holder, resolved
    G = case.graph(window=("2019-06", "2019-07"), aggregate=None)
    assert {d["id"] for u, v, d in G.edges(data=True) if {u, v} == {"ann-ash", "dan-dale"}} == {
        "r02", "r03"}
    assert "chief-executive" not in G


def test_window_takes_the_position_held_longest(case):
    p = govnet.positions(case, at="2019").set_index("actor")
    # ann in 2019: cabinet member Jan-Apr (120 days), leader May-Dec (245 days) -> leader;
    # both posts listed, most senior first
    assert p.loc["ann-ash", "role"] == "leader" and p.loc["ann-ash", "posts"] == [
        "leader", "cabinet-member-housing"]
    # cara in 2019: Red Jan-May (151 days), Blue Jun-Dec (214 days) -> Blue, from her group
    assert (p.loc["cara-cole", "party"], p.loc["cara-cole", "party_source"]) == ("Blue", "group")
    # dan in 2019: interim Jan-Jul and permanent Jul-Dec of one post -> not only interim
    assert (p.loc["dan-dale", "post"], p.loc["dan-dale", "interim"]) == ("chief-executive", False)


def test_same_month_handover_of_the_leader_post(case):
    G = case.graph(at="2020-10")
    # r04 leader -> CE (distrust -1) in 2020-10: ann ends and ben starts in 2020-10 -> ben holds
    # from 2020-10-01, so the post resolves to ben (not left unresolved); ann is a backbencher
    assert sorted(G.edges(data="sign")) == [("ben-birch", "dan-dale", -1)]
    assert _nodes(G)["ann-ash"] == ("backbench", 3, "member", "Red", None, False)
    assert _nodes(G)["ben-birch"] == ("leader", 1, "member", "Red", "leader", False)
    # September: still ann
    assert govnet.positions(case, at="2020-09").set_index("actor").loc["ann-ash", "role"] == "leader"
    # the window September-October holds both: ann 30 days, ben 31 days, each leader in it; the
    # key dyad takes the holder with most ties (ben: r04), as the post itself is resolved
    G = case.graph(window=("2020-09", "2020-10"))
    assert G.nodes["ann-ash"]["role"] == G.nodes["ben-birch"]["role"] == "leader"
    assert govnet.key_dyad(G)["a"] == "ben-birch"


def test_three_successive_positions_and_the_former_holder(case):
    p = {at: govnet.positions(case, at=at).set_index("actor") for at in ("2018-06", "2019-06", "2021")}
    assert [(p[at].loc["ann-ash", "role"], p[at].loc["ann-ash", "tier"]) for at in p] == [
        ("cabinet-member", 2), ("leader", 1), ("backbench", 3)]
    assert [p[at].loc["ann-ash", "source"] for at in p] == ["post", "post", "actor"]
    # eve's own role is chief-executive, but her tenure ended 2018-12: out of office in 2021
    eve = p["2021"].loc["eve-elm"]
    assert pd.isna(eve["role"]) and pd.isna(eve["tier"]) and eve["source"] == "out of office"
    assert eve["side"] == "officer"
    # ben has no party-group tenure: party from actors.csv
    assert (p["2021"].loc["ben-birch", "party"], p["2021"].loc["ben-birch", "party_source"]) == (
        "Red", "actor")


def test_graph_2021_03(case):
    G = case.graph(at="2021-03")
    # r05 ann -> ben (-1), r06 cara <-> ben (+1); dan has no tie in March but holds CE
    assert sorted(G.edges(data="sign")) == [
        ("ann-ash", "ben-birch", -1), ("ben-birch", "cara-cole", 1), ("cara-cole", "ben-birch", 1)]
    assert _nodes(G) == {
        "ann-ash": ("backbench", 3, "member", "Red", None, False),
        "ben-birch": ("leader", 1, "member", "Red", "leader", False),
        "cara-cole": ("councillor", 3, "member", "Blue", None, False),
        "dan-dale": ("chief-executive", 1, "officer", None, "chief-executive", False),
    }


@pytest.mark.parametrize("at", [None, "2018-06", "2019-06", "2020-10", "2021"])
def test_reporter_only_actors_are_never_nodes(case, at):
    G = case.graph() if at is None else case.graph(at=at)
    assert "daily-bugle" not in G and "council" not in G


@pytest.mark.parametrize(("at", "expected"), [
    # no leader before 2019-05 (the post has no tenure then): says so; CE = eve
    ("2018-06", (None, "eve-elm", None, None)),
    # ann and the interim dan: r02 + r03 ann -> dan, r03 dan -> ann, all +1
    ("2019-06", ("ann-ash", "dan-dale", 1, 1)),
    # the handover month: ben (not ann, a former holder from 2020-10-01); r04 ben -> dan -1
    ("2020-10", ("ben-birch", "dan-dale", -1, None)),
    # March 2021: the pair in office has no tie that month
    ("2021-03", ("ben-birch", "dan-dale", None, None)),
    # 2021: r07, r08 trust both ways
    ("2021", ("ben-birch", "dan-dale", 1, 1)),
])
def test_key_dyad_in_office(case, at, expected):
    k = govnet.key_dyad(case.graph(at=at))
    assert (k["a"], k["b"], k["a_to_b"], k["b_to_a"]) == expected
    if expected[0] is None:
        assert k["note"] == "no holder of a leader or mayor post at the graph's date"
        assert k["evidence"].empty
    else:
        assert k["note"] is None


def _copy_with(tmp_path, table, rows):
    """The case copied to tmp_path with ``rows`` (CSV lines) appended to ``table``.csv."""
    dst = tmp_path / "format2"
    shutil.copytree(CASE, dst)
    with open(dst / f"{table}.csv", "a", encoding="utf-8") as f:
        f.write("".join(r + "\n" for r in rows))
    return dst


def test_true_overlap_of_two_holders_is_a_warning_naming_both(tmp_path):
    # ben also leader from 2020-06: ann (t05) certainly holds to 2020-10-01 at least, ben (t10)
    # certainly from 2020-06-30 at the latest -> a true overlap, not a handover. t10 and t06
    # are both ben's: no overlap between them.
    d = _copy_with(tmp_path, "tenures", ["t10,ben-birch,leader,2020-06,,no,,,,"])
    errors, warnings = govnet.validate_case(d)
    assert errors.empty
    w = warnings[warnings["code"] == "tenure-overlap"]
    assert len(w) == 1 and w["row"].tolist() == [11] and w["value"].tolist() == ["leader"]
    reason = w["reason"].iloc[0]
    assert "t05 (ann-ash, 2019-05 to 2020-10)" in reason and "t10 (ben-birch, 2020-06 to open)" in reason
    # while both hold it the post is not resolved: r04 (2020-10) stays on the leader post
    G = govnet.load_case(d).graph(at="2020-10")
    assert ("leader", "dan-dale") in G.edges


def test_tenure_outside_its_actor_span_is_a_warning(tmp_path):
    d = _copy_with(tmp_path, "actors", ["gil-gray,Gil Gray,person,member,councillor,,,2020,,,"])
    with open(d / "tenures.csv", "a", encoding="utf-8") as f:
        f.write("t10,gil-gray,red-group,2018,2019-03,no,,,,\n")
    errors, warnings = govnet.validate_case(d)
    assert errors.empty
    w = warnings[warnings["code"] == "tenure-outside-span"]
    assert w[["row", "column", "value"]].values.tolist() == [[11, "actor", "gil-gray"]]
    assert "(2018 to 2019-03)" in w["reason"].iloc[0] and "(2020 to open)" in w["reason"].iloc[0]


def test_bad_arguments(case):
    with pytest.raises(govnet.ParameterError):
        govnet.positions(case, at="2020", window=("2020", "2021"))
    with pytest.raises(govnet.ParameterError, match="Case"):
        govnet.positions(object())
