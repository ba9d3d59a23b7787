"""Aggregation rules of issue 17 item 8, on small hand-built cases worked by hand.

One vote per (reporter, source) per tie and period; a reporter changing its account is a
change, reporters differing at the same time a disagreement; perception gaps per era; power
on formal ties among the council's own actors.
"""

import networkx as nx
import pytest
from test_graph import ACTORS, TENURES, hand_case

import govnet
from govnet.exceptions import ParameterError
from govnet.plot import _collapse


def _case(rows, sources=None):
    """hand_case with a source per row (``sources``: one source_id per row; default s1)."""
    c = hand_case(ACTORS, rows, TENURES)
    if sources is not None:
        c.relations["source_id"] = sources
    return c


# Reporter X (source s1) coded one negative quote about L -> D as three rows; reporters C (s2)
# and B (s3) each give one positive row.
SPLIT = [
    ("q1", "L", "D", "distrust", -1, "2020", None, "X"),
    ("q2", "L", "D", "criticism", -1, "2020", None, "X"),
    ("q3", "L", "D", "pressure", -1, "2020", None, "X"),
    ("p1", "L", "D", "trust", 1, "2020", None, "C"),
    ("p2", "L", "D", "support", 1, "2020", None, "B"),
]


def test_splitting_a_quote_into_three_rows_leaves_the_sign_unchanged():
    # By hand: votes X (s1): sign(-1-1-1) = -1, C (s2): +1, B (s3): +1 -> sum +1 -> net +1.
    # Counting rows instead gave -3 + 2 = -1 (the old rule).
    split = _case(SPLIT, ["s1", "s1", "s1", "s2", "s3"])
    one = _case([SPLIT[0], *SPLIT[3:]], ["s1", "s2", "s3"])
    for c in (split, one):
        e = govnet.case_graph(c, at="2020").edges["L", "D"]
        assert e["sign"] == 1
        # majority of votes: two +1 against one -1 -> +1
        assert govnet.case_graph(c, at="2020", aggregate="majority").edges["L", "D"]["sign"] == 1
    assert govnet.case_graph(split, at="2020").edges["L", "D"]["weight"] == 5  # still rows
    # the MultiDiGraph collapsed for figures, and key_dyad on it, count the same votes
    M = govnet.case_graph(split, at="2020", aggregate=None)
    assert _collapse(M).edges["L", "D"]["sign"] == 1
    assert govnet.key_dyad(M, "L", "D")["a_to_b"] == 1


def test_a_multi_source_id_is_one_unit_keyed_as_written():
    # By hand: X cites "s13;s15" in two rows (-1, -1): one vote -1; X also cites s16 (+1): a
    # second vote +1; C (s2) +1. Votes -1, +1, +1 -> +1. Rows would give -2 + 2 = 0.
    rows = [SPLIT[0], SPLIT[1], ("x3", "L", "D", "trust", 1, "2020", None, "X"), SPLIT[3]]
    c = _case(rows, ["s13;s15", "s13;s15", "s16", "s2"])
    assert govnet.case_graph(c, at="2020").edges["L", "D"]["sign"] == 1


def test_a_reporter_changing_its_account_is_a_change_not_a_disagreement():
    # By hand: C says L -> D is +1 in 2019 and -1 in 2022: one reporter, two times -> change.
    c = _case([("a", "L", "D", "trust", 1, "2019", None, "C"),
               ("b", "L", "D", "distrust", -1, "2022", None, "C")], ["s1", "s2"])
    e = govnet.case_graph(c, window=("2019", "2022")).edges["L", "D"]
    assert (e["disagreement"], e["change"], e["sign"]) == (False, True, 0)
    # C +1 and X -1 both in 2020 (spans overlap): reporters differ at the same time
    c = _case([("a", "L", "D", "trust", 1, "2020", None, "C"),
               ("b", "L", "D", "distrust", -1, "2020", None, "X")], ["s1", "s2"])
    e = govnet.case_graph(c, at="2020").edges["L", "D"]
    assert (e["disagreement"], e["change"]) == (True, False)
    # C +1 in 2019, X -1 in 2022: different reporters at different times -> the tie changed
    c = _case([("a", "L", "D", "trust", 1, "2019", None, "C"),
               ("b", "L", "D", "distrust", -1, "2022", None, "X")], ["s1", "s2"])
    e = govnet.case_graph(c, window=("2019", "2022")).edges["L", "D"]
    assert (e["disagreement"], e["change"]) == (False, True)


def test_perception_gap_compares_reporters_within_an_era():
    # Eras of this case (period = the relations' span 2020-2022): the chief executive post
    # changes holder on 2021-07-01 (P1 -> P2), so era 1 is 2020-01-01..2021-06-30 and era 2
    # 2021-07-01..2022-12-31. C says L -> D +1 in 2020, X says -1 in 2022: different eras,
    # so no pair has two reporters in one era (empty); pooled ("all") they disagree (0).
    c = _case([("a", "L", "D", "trust", 1, "2020", None, "C"),
               ("b", "L", "D", "distrust", -1, "2022", None, "X")], ["s1", "s2"])
    assert govnet.eras(c)["start"].dt.strftime("%Y-%m-%d").tolist() == ["2020-01-01", "2021-07-01"]
    assert govnet.perception_gap(c).empty
    pooled = govnet.perception_gap(c, by="all")
    assert pooled["period"].tolist() == ["all", "all"] and pooled["agreement"].tolist() == [0.0, 0.0]
    by_year = govnet.perception_gap(c, by=["2022", "2020"])
    assert by_year.empty  # one reporter a year
    # C gives +1 (s1) and -1 (s2) in 2020, X -1 (s3): in era 1 C's account changes (votes
    # +1 - 1 = 0 -> sign 0), X says -1; agreement 0 of 1 reporter pair.
    c = _case([("a", "L", "D", "trust", 1, "2020", None, "C"),
               ("b", "L", "D", "distrust", -1, "2020-06", None, "C"),
               ("x", "L", "D", "distrust", -1, "2020", None, "X")], ["s1", "s2", "s3"])
    gap = govnet.perception_gap(c).set_index("reporter")
    assert gap["sign"].to_dict() == {"C": 0, "X": -1}
    assert gap["change"].to_dict() == {"C": True, "X": False}
    assert gap["agreement"].tolist() == [0.0, 0.0]
    with pytest.raises(ParameterError, match="by="):
        govnet.perception_gap(c, by="year")


def test_power_counts_the_councils_own_actors_by_default():
    # A minister (external) appoints five officers; the leader delegates to two members.
    # Own actors only: L has out-degree 2, its two delegates 0 -> Freeman (2-0)+(2-0) over
    # (3-1)^2 = 4/4 = 1.0, most central L. With externals: the minister (5) is most central.
    G = nx.DiGraph()
    G.add_node("min", side="external")
    G.add_node("L", side="member")
    for i in range(5):
        G.add_node(f"o{i}", side="officer")
        G.add_edge("min", f"o{i}", sign=0, type="appointment", layer="formal")
    for m in ("m1", "m2"):
        G.add_node(m, side="member")
        G.add_edge("L", m, sign=0, type="delegation", layer="formal")
    own = govnet.centralization(G)
    assert (own["most_central"], own["n"], own["centralization"]) == (["L"], 3, 1.0)
    assert govnet.centralization(G, externals=True)["most_central"] == ["min"]
    assert "min" not in set(govnet.bottlenecks(G)["node"])
    assert "min" in set(govnet.bottlenecks(G, externals=True)["node"])
