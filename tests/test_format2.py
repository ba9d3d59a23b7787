"""The composite format-2 case (issue 16, "Done when"): dates, evidence and the codebook.

tests/cases/format2 is INVENTED (its case.yml summary tells the story; the source texts under
sources/ were written for it). Positions, handovers and the key dyad are tested in
tests/test_positions.py; here, what the case adds for dates, evidence and the codebook:

- EDTF: t09 start ``2010~``, e7 date ``2014?``, e8 date ``2018-01-08/2018-01-10``, r09 start
  ``../2018-03`` (open start), r10 start ``2019-23`` (autumn) and end ``..`` (ongoing), r11
  start ``2020-21`` (spring) and end ``2020-05/..`` (open end).
- The Red-Blue tie as the Daily Bugle reports it (source red-group, target blue-group, all
  informal, undirected): r09 conflict -1, r10 alliance +1, r11 conflict -1, r12 cooperation +1
  (2020-07 to 2020-08).
- Evidence: r02 cites ``s01;s02`` (its quote is in s02 only); s03, a radio phone-in, has no
  text copy: r13 is a paraphrase of it, r14 and e9 quote it verbatim (unchecked), none has a
  locator.
- codebook.yml (extends: govnet) adds the event type ``group-formed``, used by e7.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

import govnet
from govnet.casestudy import evidence_appendix
from govnet.graph import _relation_table
from govnet.validate import _quotes_as_shown

CASE = Path(__file__).parent / "cases" / "format2"
_ATTRS = ("role", "tier", "side", "party", "post")
T = pd.Timestamp


@pytest.fixture(scope="module")
def case():
    return govnet.load_case(CASE)


def _nodes(G):
    return {n: tuple(d[k] for k in _ATTRS) for n, d in G.nodes(data=True)}


def _copy(tmp_path):
    return Path(shutil.copytree(CASE, tmp_path / "format2"))


def test_validates_with_exactly_the_expected_warning():
    errors, warnings = govnet.validate_case(CASE)
    assert errors.empty
    # r14 and e9 quote s03 verbatim and s03 has no text copy: ONE warning on s03's line of
    # sources.csv (header 1, s01 2, s02 3, s03 4) counting both; r13 (a paraphrase) is not
    # counted. r13, r14, e9 have no locator: optional, as s03 has no copy.
    assert warnings[["file", "row", "column", "code"]].values.tolist() == [
        ["sources.csv", 4, "file", "quote-unchecked"]]
    assert warnings["reason"].iloc[0].startswith("2 verbatim quote(s) cite this source")


@pytest.mark.parametrize(("table", "row", "col", "lo", "hi", "uncertain"), [
    # approximate: the bounds of 2010, flagged (qualifiers flag, they never widen)
    ("tenures", "t09", "start", "2010-01-01", "2010-12-31", True),
    # uncertain: the bounds of 2014, flagged
    ("events", "e7", "date", "2014-01-01", "2014-12-31", True),
    # interval of days: its first and last day, no doubt
    ("events", "e8", "date", "2018-01-08", "2018-01-10", False),
    # open start: no earliest day, latest = the last day of March 2018; open -> uncertain
    ("relations", "r09", "start", None, "2018-03-31", True),
    # autumn (season 23): September to November
    ("relations", "r10", "start", "2019-09-01", "2019-11-30", False),
    # ongoing: no day on either side, uncertain
    ("relations", "r10", "end", None, None, True),
    # spring (season 21): March to May
    ("relations", "r11", "start", "2020-03-01", "2020-05-31", False),
    # open end: from 1 May 2020, no latest day
    ("relations", "r11", "end", "2020-05-01", None, True),
])
def test_edtf_bounds_and_uncertain_flag(case, table, row, col, lo, hi, uncertain):
    r = getattr(case, table).set_index("id").loc[row]
    got = [None if pd.isna(r[f"{col}_{k}"]) else r[f"{col}_{k}"] for k in ("lo", "hi")]
    assert got == [None if x is None else T(x) for x in (lo, hi)]
    assert bool(r[f"{col}_uncertain"]) is uncertain


def test_effective_spans_of_open_and_ongoing_relations(case):
    span = _relation_table(case).set_index("id")[["_lo", "_hi"]]
    got = {i: (span.at[i, "_lo"], span.at[i, "_hi"]) for i in ("r09", "r10", "r11", "r12")}
    assert got == {
        # open start: from the first day govnet accepts; empty end: to the start's last day
        "r09": (T("1700-01-01"), T("2018-03-31")),
        # end ..: until the day before the next later-starting report of the same tie by the
        # same reporter, r11 (1 March 2020) -> 29 February 2020 (2020 is a leap year); that is
        # after the floor, the start's last day (30 November 2019)
        "r10": (T("2019-09-01"), T("2020-02-29")),
        # end 2020-05/..: until the day before r12 (1 July 2020), floor 1 May 2020
        "r11": (T("2020-03-01"), T("2020-06-30")),
        "r12": (T("2020-07-01"), T("2020-08-31")),
    }


@pytest.mark.parametrize(("at", "sign", "obs"), [
    # the Red-Blue tie changes sign on the effective ends worked out above
    ("2018-03-31", -1, "r09"), ("2020-02-29", 1, "r10"), ("2020-03-01", -1, "r11"),
    ("2020-06-30", -1, "r11"), ("2020-07-01", 1, "r12"),
])
def test_ongoing_tie_changes_at_the_next_report(case, at, sign, obs):
    e = case.graph(at=at).edges["red-group", "blue-group"]
    assert (e["sign"], e["observations"]) == (sign, [obs])


def test_between_the_reports_there_is_no_tie(case):
    # r09 ends 2018-03-31, r10 starts 2019-09-01: nothing in April 2018; r12 ends 2020-08-31
    assert "red-group" not in case.graph(at="2018-04")
    assert "red-group" not in case.graph(at="2020-09")


# Node tuples: (role, tier, side, party, post)
ASH_BACKBENCH = ("backbench", 3, "member", "Red", None)
LEADER = ("leader", 1, "member", "Red", "leader")  # ann, then ben: both Red
DALE_CE = ("chief-executive", 1, "officer", None, "chief-executive")
RED = ("party-group", 3, "member", "Red", None)
BLUE = ("party-group", 3, "member", "Blue", None)


def test_graph_2018_02(case):
    G = case.graph(at="2018-02")
    # only r09 (open start, to 2018-03-31): conflict, undirected -> both ways, -1
    assert sorted(G.edges(data="sign")) == [("blue-group", "red-group", -1),
                                            ("red-group", "blue-group", -1)]
    # nodes: the two groups (a tie); ann (red-group since 2010~, no post until 2018-05: her own
    # role backbench), cara (red-group), eve (chief executive to 2018-12). dan starts 2019-01,
    # ben has no tenure then; daily-bugle and council only report.
    assert _nodes(G) == {
        "ann-ash": ASH_BACKBENCH,
        "cara-cole": ("councillor", 3, "member", "Red", None),
        "eve-elm": ("chief-executive", 1, "officer", None, "chief-executive"),
        "red-group": RED, "blue-group": BLUE,
    }


def test_graph_2019_12(case):
    G = case.graph(at="2019-12")
    # only r10 (autumn 2019, ongoing to 2020-02-29): alliance, undirected, +1
    assert sorted(G.edges(data="sign")) == [("blue-group", "red-group", 1),
                                            ("red-group", "blue-group", 1)]
    # ann leader (2019-05..2020-09), cara Blue (from 2019-06), dan permanent chief executive
    # (from 2019-07); eve's tenure ended 2018-12, ben holds nothing yet
    assert _nodes(G) == {"ann-ash": LEADER, "cara-cole": ("councillor", 3, "member", "Blue", None),
                         "dan-dale": DALE_CE, "red-group": RED, "blue-group": BLUE}
    assert G.nodes["dan-dale"]["interim"] is False


def test_graph_2020_11(case):
    G = case.graph(at="2020-11")
    # r13 ben -> cara trust +1 (a paraphrase), r14 cara -> ben support +1 (both directed);
    # the group tie ended 2020-08-31, r04 (2020-10) is before
    assert sorted(G.edges(data="sign")) == [("ben-birch", "cara-cole", 1),
                                            ("cara-cole", "ben-birch", 1)]
    # ann is a backbencher after the handover; the groups have no tie and hold no tenure
    assert _nodes(G) == {"ann-ash": ASH_BACKBENCH, "ben-birch": LEADER,
                         "cara-cole": ("councillor", 3, "member", "Blue", None), "dan-dale": DALE_CE}


def test_graph_2020_aggregates_the_signs(case):
    G = case.graph(at="2020")
    # red-group -> blue-group in 2020: r10 +1 (Jan-Feb), r11 -1 (Mar-Jun), r12 +1 (Jul-Aug):
    # net = sign(1 - 1 + 1) = +1, 3 observations, both signs from ONE reporter (the Daily
    # Bugle) at different times -> a change of account, not a disagreement; type: each once,
    # alphabetical first -> alliance. r04 (2020-10) leader -> chief executive resolves to ben
    # (leader from 2020-10-01, the handover) -> dan: -1. r13, r14 as in November.
    assert sorted(G.edges(data="sign")) == [
        ("ben-birch", "cara-cole", 1), ("ben-birch", "dan-dale", -1),
        ("blue-group", "red-group", 1), ("cara-cole", "ben-birch", 1),
        ("red-group", "blue-group", 1)]
    e = G.edges["red-group", "blue-group"]
    assert (e["weight"], e["observations"], e["disagreement"], e["change"], e["type"]) == (
        3, ["r10", "r11", "r12"], False, True, "alliance")
    # over the year: ann leader Jan-Sep (274 days), ben leader Oct-Dec (92 days): each is
    # leader in the year, ann's longest-held post being leader (cabinet member ended 2019-04)
    assert _nodes(G)["ann-ash"] == LEADER and _nodes(G)["ben-birch"] == LEADER
    assert {"daily-bugle", "council"}.isdisjoint(G)


def test_case_local_term_is_known_and_the_shipped_codebook_untouched(case):
    assert case.codebook.event_types.at["group-formed", "label"] == (
        "A party group is formed on the council")
    assert case.events.set_index("id").at["e7", "type"] == "group-formed"
    assert "group-formed" not in govnet.load_codebook().event_types.index
    # the shipped codebook, then the case's own (no codebook.yml in tests/ or tests/cases/)
    assert len(case.codebook.files) == 2 and case.codebook.files[-1] == CASE / "codebook.yml"


def test_without_the_case_codebook_the_term_is_unknown(tmp_path):
    d = _copy(tmp_path)
    (d / "codebook.yml").unlink()
    errors, _ = govnet.validate_case(d)
    # e7 is on line 8 of events.csv (header, e1..e6 on lines 1-7)
    assert errors[["file", "row", "column", "value", "code"]].values.tolist() == [
        ["events.csv", 8, "type", "group-formed", "unknown-id"]]


def test_a_paraphrase_is_never_shown_as_verbatim(case):
    shown = _quotes_as_shown(case.relations.set_index("id"))
    assert shown["r13"] == (
        "(paraphrase) Cllr Birch said he had come to trust Cllr Cole across the group divide")
    assert shown["r14"] == "I will back the leader on the budget"
    ev = evidence_appendix(case, case.graph(at="2020-11")).set_index("observation")
    assert ev.at["r13", "quote"].startswith("(paraphrase) ")
    assert ev.at["r14", "quote"] == "I will back the leader on the budget"
    # r02 (directed, leader -> chief executive = ann -> dan in 2019-06): both sources listed
    ev = evidence_appendix(case, case.graph(at="2019-06")).set_index("observation")
    assert ev.at["r02", "source_title"] == (
        "Two leaders in three years (invented); Minutes of the council (invented)")


def _edit(d, table, row, old, new):
    p = d / f"{table}.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new)
    p.write_text("".join(lines), encoding="utf-8")


def test_multi_source_quote_must_stand_in_one_of_them(tmp_path):
    # r02 (line 3 of relations.csv) cites s01;s02 and validates (above); its quote is in s02
    # only: citing s01 alone fails, and a quote in neither fails naming both sources
    d = _copy(tmp_path)
    _edit(d, "relations", 3, ",s01;s02,", ",s01,")
    errors, _ = govnet.validate_case(d)
    assert errors[["row", "column", "code"]].values.tolist() == [[3, "quote", "quote-not-found"]]
    d = _copy(tmp_path / "b")
    _edit(d, "relations", 3, "The leader praised", "The leader thanked")
    errors, warnings = govnet.validate_case(d)
    assert errors[["file", "row", "column", "code"]].values.tolist() == [
        ["relations.csv", 3, "quote", "quote-not-found"]]
    assert errors["reason"].iloc[0] == (
        "quote not found in the text of sources s01 (sources/s01.txt), s02 (sources/s02.txt)")
    assert warnings["code"].tolist() == ["quote-unchecked"]  # unchanged: s03 only
