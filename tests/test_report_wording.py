"""Two wordings of the report prose: the thin mark's count, and a split that matches nothing."""

import networkx as nx
import pytest

import govnet


def test_thin_mark_says_one_observation_and_two_observations():
    # n_independent 1 -> "1 observation", 2 -> "2 observations" (was "observation(s)" for both)
    one = {"thin": True, "n_observations": 3, "n_independent": 1, "reporters": ["x"]}
    two = dict(one, n_independent=2)
    assert govnet.thin_note(one) == " (thin: rests on 1 observation from one reporter)"
    assert govnet.thin_note(two) == " (thin: rests on 2 observations from one reporter)"


def _path_with_crossing_sides():
    # a -+- b --- c -+- d: a path, so it has no cycle and every signing of its three edges is
    # balanced. Camps: {a, b} and {c, d} (the one negative edge between them). Sides: a, c
    # members, b, d officers, so each camp holds one of each.
    G = nx.Graph()
    for v, side in zip("abcd", ["member", "officer", "member", "officer"], strict=True):
        G.add_node(v, side=side)
    G.add_edge("a", "b", sign=1)
    G.add_edge("b", "c", sign=-1)
    G.add_edge("c", "d", sign=1)
    return G


def test_a_split_matching_no_attribute_says_so_and_does_not_give_p_one_as_a_finding():
    r = govnet.camps(_path_with_crossing_sides(), seed=0, n=20)
    # ARI of {ab|cd} against sides {ac|bd}: the four cells of the 2x2 table hold 1 each, so
    # sum C(n_ij, 2) = 0; rows and columns 2 + 2: sum C(a_i, 2) = sum C(b_j, 2) = 2; C(4, 2) = 6;
    # expected 2 * 2 / 6 = 2/3; ARI = (0 - 2/3) / ((2 + 2) / 2 - 2/3) = -0.5.
    assert sorted(sorted(v for v, c in r.partition.items() if c == k) for k in (0, 1)) == [
        ["a", "b"], ["c", "d"]]
    assert r.alignment["side"] == pytest.approx(-0.5)
    # Every shuffling of one negative sign over a path is balanced too: p = (1 + 20) / 21 = 1.
    assert r.significance["p"] == 1.0
    assert r.interpretation == (
        "split matches none of the member/officer line (best ARI -0.50, side); every shuffling "
        "of its signs is at least as balanced, so the test cannot tell it from chance")
    assert "p = 1.00" not in r.interpretation


def test_the_key_findings_show_the_plain_camps_reading():
    from govnet.report.results import _camps_summary

    snap = {"date": "2021", "camps": _camps_summary(_path_with_crossing_sides(), 0, 20)}
    text = govnet.report.key_findings({"snapshots": [snap]})
    assert "Split matches none of the member/officer line (best ARI -0.50, side)" in text
    assert "p = 1.00" not in text
