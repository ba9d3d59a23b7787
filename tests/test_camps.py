"""Tests of camps(): the frustration-minimising split, its significance and its alignment.

Published: Read's (1954) tribes, signnet JOSS paper: exact L = 7 with the unique
split {Gavev, Kotun, Nagad, Gama} vs the rest; k = 3 blocks from signnet README.
ARI: Hubert & Arabie (1985).
"""

import math

import networkx as nx
import pytest

import govnet
from govnet.datasets import tribes
from govnet.exceptions import GraphConventionError, ParameterError


def _council():
    """A case-graph-like MultiDiGraph (graphconv.md attributes): members vs officers.

    Members m1..m4 (parties A, A, B, B) like each other; officers o1..o4 like each
    other; every member-officer observation is negative. A formal tie (sign 0) and a
    positive formal tie across the interface must be ignored (informal layer only).
    """
    M = nx.MultiDiGraph()
    people = {
        "m1": ("member", "A", ["cabinet"]), "m2": ("member", "A", ["cabinet"]),
        "m3": ("member", "B", []), "m4": ("member", "B", []),
        "o1": ("officer", None, ["cmt"]), "o2": ("officer", None, ["cmt"]),
        "o3": ("officer", None, []), "o4": ("officer", None, []),
    }
    for v, (side, party, groups) in people.items():
        M.add_node(v, name=v.upper(), kind="person", side=side, party=party, groups=groups)
    k = 0
    for u in people:
        for v in people:
            if u >= v:
                continue
            k += 1
            s = 1 if people[u][0] == people[v][0] else -1
            M.add_edge(u, v, id=f"o{k}", sign=s, layer="informal", start="2023")
    M.add_edge("m1", "o1", id="f1", sign=0, layer="formal", start="2022")
    M.add_edge("m2", "o2", id="f2", sign=1, layer="formal", start="2022")
    return M


def test_tribes_camps_match_published_split():
    r = govnet.camps(tribes(), seed=1, n=200)
    assert r.frustration == 7 and r.optimal and r.k == 2
    assert round(r.normalized, 7) == 0.7586207
    assert {v for v, c in r.partition.items() if c == 0} == {"Gavev", "Kotun", "Nagad", "Gama"}
    assert r.significance["p"] < 0.05 and r.significance["n"] == 200
    assert all(math.isnan(a) for a in r.alignment.values())


def test_tribes_three_camps_use_the_blockmodel():
    r = govnet.camps(tribes(), k=3, seed=1, n=50)
    blocks = {}
    for v, c in r.partition.items():
        blocks.setdefault(c, set()).add(v)
    assert {frozenset(b) for b in blocks.values()} == {
        frozenset({"Gavev", "Kotun", "Nagad", "Gama"}),
        frozenset({"Ove", "Alika", "Gahuk", "Masil", "Ukudz", "Geham", "Asaro"}),
        frozenset({"Nagam", "Notoh", "Kohik", "Uheto", "Seuve"}),
    }
    assert r.frustration == 2  # the two misfit edges of signnet's criterion 2


def test_member_officer_split_is_found_and_named():
    r = govnet.camps(_council(), seed=2, n=200)
    camp_of_m1 = r.partition["m1"]
    assert {v for v, c in r.partition.items() if c == camp_of_m1} == {"m1", "m2", "m3", "m4"}
    assert r.frustration == 0 and r.optimal
    assert r.alignment["side"] == 1.0
    # worked by hand: party labels exist for members only (A, A, B, B), all in one camp:
    # the contingency table is one row of [2, 2]: sum_ij = 1 + 1 = 2, sum_a = C(4,2) = 6,
    # sum_b = 2, expected = 6 * 2 / 6 = 2, so ARI = (2 - 2) / (4 - 2) = 0
    assert r.alignment["party"] == 0.0
    assert r.interpretation.startswith("split follows the member/officer line")
    assert r.significance["p"] < 0.05


def test_party_split_is_named():
    G = nx.Graph()
    for v, party in zip("abcdef", "XXXYYY", strict=True):
        G.add_node(v, side="member", party=party, groups=[])
    for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]:
        G.add_edge(u, v, sign=1)
    for u, v in [("a", "d"), ("b", "e"), ("c", "f")]:
        G.add_edge(u, v, sign=-1)
    r = govnet.camps(G, seed=0, n=100)
    assert r.alignment["party"] == 1.0
    # side is the same for everybody: one row [3, 3]: ARI = 0 (worked as above)
    assert r.alignment["side"] == 0.0
    assert r.interpretation.startswith("split follows the party lines")


def test_adjusted_rand_index_hand_worked():
    # worked by hand: a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]; table [[2,1,0],[0,1,2]]:
    # sum_ij = 1 + 1 = 2; rows 3,3 -> 3 + 3 = 6; cols 2,2,2 -> 3; C(6,2) = 15
    # expected = 6 * 3 / 15 = 1.2; top = 4.5; ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3
    a = [0, 0, 0, 1, 1, 1]
    b = [0, 0, 1, 1, 2, 2]
    assert govnet.adjusted_rand_index(a, b) == pytest.approx(0.8 / 3.3)
    assert govnet.adjusted_rand_index(a, ["x", "x", "x", "y", "y", "y"]) == 1.0
    assert math.isnan(govnet.adjusted_rand_index([1], [1]))


def test_relabelling_and_reproducibility():
    M = _council()
    a = govnet.camps(M, seed=3, n=100)
    b = govnet.camps(M, seed=3, n=100)
    assert a == b
    R = nx.relabel_nodes(M, {v: f"actor-{v}" for v in M})
    c = govnet.camps(R, seed=3, n=100)
    assert c.alignment == a.alignment and c.frustration == a.frustration


def test_errors():
    with pytest.raises(GraphConventionError):
        govnet.camps("not a graph")
    G = nx.Graph()
    G.add_edge("a", "b", sign=0)
    with pytest.raises(GraphConventionError, match="no informal signed"):
        govnet.camps(G)
    with pytest.raises(GraphConventionError, match="sign"):
        B = nx.Graph()
        B.add_edge("a", "b", sign=3)
        govnet.camps(B)
    with pytest.raises(ParameterError):
        govnet.camps(tribes(), k=1)


def test_aggregated_digraph_input():
    # aggregated case graph (one edge per ordered pair, net sign, weight = observations):
    # the two directions of a pair are pooled by net sign * weight; formal edges ignored
    D = nx.DiGraph()
    for v, side in [("m1", "member"), ("m2", "member"), ("o1", "officer"), ("o2", "officer")]:
        D.add_node(v, side=side, party=None, groups=[])
    D.add_edge("m1", "m2", sign=1, weight=2, layer="informal")
    D.add_edge("o1", "o2", sign=1, weight=1, layer="informal")
    D.add_edge("m1", "o1", sign=-1, weight=3, layer="informal")
    D.add_edge("o1", "m1", sign=1, weight=1, layer="informal")  # net -3 + 1 < 0
    D.add_edge("m2", "o2", sign=-1, weight=1, layer="informal")
    D.add_edge("m2", "o1", sign=1, weight=5, layer="formal")  # not informal: ignored
    r = govnet.camps(D, seed=0, n=50)
    assert r.frustration == 0
    assert r.partition["m1"] == r.partition["m2"] != r.partition["o1"] == r.partition["o2"]
    assert r.alignment["side"] == 1.0


def _two_camps(n_a, n_b, party=None):
    """Camp A (a1..) and camp B (b1..): positive within, negative across, every pair tied."""
    G = nx.Graph()
    nodes = [f"a{i}" for i in range(1, n_a + 1)] + [f"b{i}" for i in range(1, n_b + 1)]
    for v in nodes:
        G.add_node(v, side="member", party=(party or {}).get(v))
    for i, u in enumerate(nodes):
        for v in nodes[i + 1:]:
            G.add_edge(u, v, sign=1 if u[0] == v[0] else -1)
    return G


def test_party_on_a_third_of_the_camps_does_not_make_a_party_split():
    # 12 camp members (6 + 6), a party on 4 of them (a1, a2 Lab; b1, b2 Con): ARI over those
    # 4 is 1, but coverage is 4/12 = 0.33 < 2/3, so party is not adequate. Side is carried
    # by all 12, in both camps, but is one label: ARI 0 -> the split cuts across the
    # member/officer line. (Before: "split follows the party lines (ARI 1.00)".)
    G = _two_camps(6, 6, {"a1": "Lab", "a2": "Lab", "b1": "Con", "b2": "Con"})
    r = govnet.camps(G, seed=0, n=50)
    assert r.alignment["party"] == 1.0 and r.coverage["party"] == pytest.approx(1 / 3)
    assert r.coverage["side"] == 1.0 and r.split
    assert r.interpretation.startswith("split matches none of the member/officer line (best ARI 0.00, side)")
    assert "party" not in r.interpretation


def test_attribute_carried_in_one_camp_only_says_nothing():
    # 10 + 2 members; only camp A carries a party (Lab x5, Con x5): coverage 10/12 >= 2/3 but
    # no carrier in camp B, so party is not adequate; side is removed (None) from everyone.
    party = {f"a{i}": "Lab" if i <= 5 else "Con" for i in range(1, 11)}
    G = _two_camps(10, 2, party)
    for v in G:
        G.nodes[v]["side"] = None
    r = govnet.camps(G, seed=0, n=20)
    assert r.coverage["party"] == pytest.approx(10 / 12)
    assert r.interpretation.startswith("too few camp members carry side, party or groups")


def test_single_camp_is_no_split_and_unconnected_pieces_are_undetermined():
    # Largest signed component: a, b, c all positive -> one camp, no split. The pair d-e
    # (negative) is not connected to it and f has only a formal tie: undetermined.
    # Frustration is that of the camp members' component: 0.
    M = nx.MultiDiGraph()
    for v in "abcdefg":
        M.add_node(v, side="member")
    for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("d", "e", -1)]:
        M.add_edge(u, v, sign=s, layer="informal")
    M.add_edge("f", "a", sign=0, layer="formal")
    r = govnet.camps(M, seed=0, n=20)
    assert sorted(r.partition) == ["a", "b", "c"] and not r.split
    assert r.undetermined == ["d", "e", "f", "g"]
    assert r.frustration == 0
    assert r.interpretation == "no split: all 3 camp members fall in one camp"
    # a negative tie d-a joins d and e to the largest component: both camps have members
    M.add_edge("d", "a", sign=-1, layer="informal")
    r = govnet.camps(M, seed=0, n=20)
    assert r.split and r.undetermined == ["f", "g"]
    assert r.partition["d"] != r.partition["a"] == r.partition["e"]


def test_one_default_number_of_null_draws():
    # the API and the report use the same default (govnet.N_NULL)
    import inspect

    from govnet import casestudy

    assert inspect.signature(govnet.camps).parameters["n"].default == govnet.N_NULL
    assert inspect.signature(govnet.balance_test).parameters["n"].default == govnet.N_NULL
    assert inspect.signature(casestudy.headline_results).parameters["n_null"].default is None
    r = govnet.camps(_two_camps(3, 3), seed=0)
    assert r.significance["n"] == govnet.N_NULL
