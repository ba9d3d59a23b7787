"""Tests of the frustration index (line index of balance).

Published values on Read's (1954) Highland tribes: exact L = 7 with the unique
optimal split {Gavev, Kotun, Nagad, Gama} vs the rest (signnet JOSS paper,
data-raw/paper.md, frustration_exact(tribes)); normalised 1 - 2L/m = 0.7586207
(signnet README, balance_score(tribes, "frustration"); Aref & Wilson 2018).
"""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

import govnet
import govnet.frustration as fr
from govnet.datasets import tribes
from govnet.exceptions import ParameterError

TRIBES_CAMP = {"Gavev", "Kotun", "Nagad", "Gama"}


def _brute(G):
    """All 2-partitions: minimal L and the number of optimal splits (up to swapping sides)."""
    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    E = [(idx[u], idx[v], s) for u, v, s in G.edges(data="sign")]
    if not E:
        return 0, 1
    ei, ej, s = (np.array(c) for c in zip(*E, strict=True))
    X = np.array(list(itertools.product([1, -1], repeat=len(nodes) - 1)), dtype=np.int8)
    X = np.hstack([np.ones((len(X), 1), dtype=np.int8), X.reshape(len(X), -1)])
    L = ((X[:, ei] * X[:, ej] * s) < 0).sum(axis=1)
    return int(L.min()), int((L == L.min()).sum())


def _random_signed(n, p, rng):
    G = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)))
    for u, v in G.edges:
        G.edges[u, v]["sign"] = int(rng.choice([-1, 1]))
    return G


def _is_balanced_under(G, part, L):
    frus = sum(1 for u, v, s in G.edges(data="sign") if (s > 0) != (part[u] == part[v]))
    return frus == L


def test_tribes_exact_matches_published_values():
    r = govnet.frustration_index(tribes(), method="exact")
    assert r.value == 7 and r.optimal and r.method == "exact" and r.lower_bound == 7
    assert round(r.normalized, 7) == 0.7586207
    assert {v for v, g in r.partition.items() if g == 0} == TRIBES_CAMP
    assert len(r.frustrated_edges) == 7
    assert _is_balanced_under(tribes(), r.partition, 7)


def test_tribes_optimal_split_is_unique_by_exhaustive_search():
    # the published uniqueness claim, checked over all 2^15 splits
    assert _brute(tribes()) == (7, 1)


def test_tribes_heuristic_and_auto():
    h = govnet.frustration_index(tribes(), method="heuristic", seed=3)
    assert h.value >= 7 and h.method == "heuristic" and not h.optimal
    a = govnet.frustration_index(tribes())
    assert a.method == "exact" and a.value == 7 and a.optimal


@pytest.mark.parametrize(
    "edges, L",
    [
        # worked by hand: one negative edge in a triangle: 1 frustrated edge
        ([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)], 1),
        # worked by hand: all-negative triangle: split 1-2 leaves one negative inside
        ([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)], 1),
        # worked by hand: 4-cycle with one negative edge is unbalanced: L = 1
        ([("a", "b", 1), ("b", "c", 1), ("c", "d", 1), ("d", "a", -1)], 1),
        # worked by hand: 4-cycle with two negative edges is balanced: L = 0
        ([("a", "b", -1), ("b", "c", 1), ("c", "d", -1), ("d", "a", 1)], 0),
        # worked by hand: K4 all negative: 2-2 split leaves 2 negatives inside, 1-3 leaves 3
        ([(u, v, -1) for u, v in itertools.combinations("abcd", 2)], 2),
        # worked by hand: two unbalanced triangles sharing node c (a cut vertex): 1 + 1
        ([("a", "b", 1), ("b", "c", 1), ("a", "c", -1),
          ("c", "d", -1), ("d", "e", -1), ("c", "e", -1)], 2),
    ],
)
@pytest.mark.parametrize("method", ["exact", "heuristic"])
def test_hand_worked(edges, L, method):
    G = nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s)
    r = govnet.frustration_index(G, method=method, seed=0)
    assert r.value == L
    assert _is_balanced_under(G, r.partition, L)
    assert r.normalized == pytest.approx(1 - 2 * L / len(edges))


def test_exact_equals_brute_force_on_random_graphs():
    rng = np.random.default_rng(20240501)
    for _ in range(30):
        n = int(rng.integers(3, 15))
        G = _random_signed(n, rng.uniform(0.25, 0.9), rng)
        r = govnet.frustration_index(G, method="exact")
        assert r.optimal
        assert r.value == _brute(G)[0]
        assert _is_balanced_under(G, r.partition, r.value)


def test_integer_program_equals_brute_force(monkeypatch):
    # force every block through the MILP (not the small-block enumeration)
    monkeypatch.setattr(fr, "_BRUTE_MAX_NODES", 2)
    rng = np.random.default_rng(7)
    for _ in range(15):
        n = int(rng.integers(5, 14))
        G = _random_signed(n, rng.uniform(0.3, 0.9), rng)
        r = govnet.frustration_index(G, method="exact")
        assert r.optimal and r.lower_bound == r.value
        assert r.value == _brute(G)[0]
    assert govnet.frustration_index(tribes(), method="exact").value == 7


def test_balanced_two_camp_graph_gives_zero_and_the_camps():
    rng = np.random.default_rng(3)
    G = nx.gnp_random_graph(40, 0.2, seed=3)
    camp = {v: int(rng.integers(2)) for v in G}
    for u, v in G.edges:
        G.edges[u, v]["sign"] = 1 if camp[u] == camp[v] else -1
    for method in ("exact", "heuristic"):
        r = govnet.frustration_index(G, method=method, seed=1)
        assert r.value == 0 and r.optimal and r.frustrated_edges == []
        if nx.is_connected(G):
            assert govnet.adjusted_rand_index(
                [camp[v] for v in G], [r.partition[v] for v in G]) == 1.0


def test_switching_leaves_L_unchanged():
    rng = np.random.default_rng(11)
    for _ in range(5):
        G = _random_signed(12, 0.5, rng)
        cut = {v for v in G if rng.random() < 0.5}
        S = G.copy()
        for u, v in S.edges:
            if (u in cut) != (v in cut):
                S.edges[u, v]["sign"] *= -1
        assert govnet.frustration_index(S, method="exact").value == \
            govnet.frustration_index(G, method="exact").value


def test_relabelling_changes_nothing():
    G = tribes()
    mapping = {v: f"t{i}" for i, v in enumerate(reversed(list(G)))}
    R = nx.relabel_nodes(G, mapping)
    r = govnet.frustration_index(R, method="exact")
    assert r.value == 7
    assert {v for v in R if r.partition[v] == r.partition[mapping["Gavev"]]} == \
        {mapping[v] for v in TRIBES_CAMP}


def test_heuristic_never_below_exact():
    rng = np.random.default_rng(5)
    for _ in range(15):
        G = _random_signed(int(rng.integers(10, 30)), rng.uniform(0.1, 0.35), rng)
        ex = govnet.frustration_index(G, method="exact")
        he = govnet.frustration_index(G, method="heuristic", seed=2)
        assert ex.optimal and he.value >= ex.value
        assert len(he.frustrated_edges) == he.value


def test_same_seed_same_result():
    rng = np.random.default_rng(9)
    G = _random_signed(60, 0.1, rng)
    a = govnet.frustration_index(G, method="heuristic", seed=4)
    b = govnet.frustration_index(G, method="heuristic", seed=4)
    assert (a.value, a.partition, a.frustrated_edges) == (b.value, b.partition, b.frustrated_edges)


def test_directed_input_and_empty_graph():
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("b", "c", sign=1)
    D.add_edge("c", "a", sign=-1)
    assert govnet.frustration_index(D).value == 1
    E = nx.Graph()
    E.add_nodes_from("ab")
    r = govnet.frustration_index(E)
    assert r.value == 0 and math.isnan(r.normalized) and r.partition == {"a": 0, "b": 0}


def test_time_limit_result_is_consistent():
    rng = np.random.default_rng(1)
    G = _random_signed(60, 0.3, rng)
    r = govnet.frustration_index(G, method="exact", time_limit=0.05)
    assert r.lower_bound <= r.value == len(r.frustrated_edges)
    if r.optimal:
        assert r.lower_bound == r.value


def test_bad_arguments():
    with pytest.raises(ParameterError):
        govnet.frustration_index(tribes(), method="annealing")
    with pytest.raises(ParameterError):
        govnet.frustration_index(tribes(), time_limit=-1)


def test_components_are_solved_separately_and_labelled_by_first_node():
    # worked by hand: component 1 = unbalanced triangle (L = 1), component 2 = a-b negative
    # edge (L = 0); each component's first node is in group 0
    G = nx.Graph()
    G.add_edge("x", "y", sign=1)
    G.add_edge("y", "z", sign=1)
    G.add_edge("x", "z", sign=-1)
    G.add_edge("a", "b", sign=-1)
    r = govnet.frustration_index(G, method="exact")
    assert r.value == 1 and r.optimal
    assert r.partition["x"] == 0 and r.partition["a"] == 0 and r.partition["b"] == 1


def test_auto_switches_to_the_heuristic_on_large_graphs():
    rng = np.random.default_rng(0)
    n, m = 8_000, fr._AUTO_MAX_EDGES + 1_000
    camp = rng.integers(0, 2, n)
    G = nx.gnm_random_graph(n, m, seed=1)
    for u, v in G.edges:
        G.edges[u, v]["sign"] = 1 if camp[u] == camp[v] else -1
    r = govnet.frustration_index(G, seed=0)
    assert r.method == "heuristic"
    assert r.value == 0 and r.optimal  # balanced: L = 0 is proven by the partition itself


def test_heuristic_honours_time_limit():
    rng = np.random.default_rng(2)
    G = _random_signed(150, 0.1, rng)
    r = govnet.frustration_index(G, method="heuristic", time_limit=0.05, seed=0)
    assert r.seconds < 1.0 and r.value == len(r.frustrated_edges)
