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
