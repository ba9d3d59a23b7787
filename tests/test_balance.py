"""Tests of triangle and walk balance and of the sign-shuffling balance test.

Published values: signnet (Schoch 2023), README / JOSS paper, on Read's (1954)
Highland tribes: balance_score(tribes, "triangles") = 0.8676471 and
balance_score(tribes, "walk") = 0.3575761.
"""

import math

import networkx as nx
import pytest

import govnet
from govnet.datasets import tribes
from govnet.exceptions import ParameterError


def _signed(edges, directed=False):
    G = nx.DiGraph() if directed else nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s)
    return G


def test_tribes_triangle_balance_matches_signnet():
    # signnet README: 0.8676471 (59 balanced of 68 triangles)
    assert round(govnet.triangle_balance(tribes()), 7) == 0.8676471


def test_tribes_triangle_census():
    # signnet count_signed_triangles on tribes / our recount in datasets/tribes/README.md
    assert govnet.signed_triangle_census(tribes()) == {"+++": 19, "++-": 2, "+--": 40, "---": 7}


def test_tribes_walk_balance_matches_signnet():
    # signnet README: balance_score(tribes, "walk") = 0.3575761
    assert round(govnet.walk_balance(tribes()), 7) == 0.3575761


def test_hand_worked_triangles():
    # worked by hand: triangle a-b-c with signs +,+,- is unbalanced; adding d with
    # a-d -, b-d - closes a-b-d with +,-,- (balanced): 1 balanced of 2 = 0.5
    G = _signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    assert govnet.triangle_balance(G) == 0.0
    assert govnet.signed_triangle_census(G) == {"+++": 0, "++-": 1, "+--": 0, "---": 0}
    G.add_edge("a", "d", sign=-1)
    G.add_edge("b", "d", sign=-1)
    assert govnet.triangle_balance(G) == 0.5
    assert govnet.signed_triangle_census(G) == {"+++": 0, "++-": 1, "+--": 1, "---": 0}


def test_all_negative_k4_census():
    # worked by hand: K4 has 4 triangles, all ---
    G = nx.complete_graph(4)
    nx.set_edge_attributes(G, -1, "sign")
    assert govnet.signed_triangle_census(G) == {"+++": 0, "++-": 0, "+--": 0, "---": 4}
    assert govnet.triangle_balance(G) == 0.0


def test_no_triangles_gives_nan():
    assert math.isnan(govnet.triangle_balance(_signed([("a", "b", 1)])))


def test_walk_balance_is_one_for_a_balanced_graph():
    # a balanced graph is switching-equivalent to an all-positive one: same spectrum
    G = _signed([("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1), ("a", "d", -1)])
    assert govnet.walk_balance(G) == pytest.approx(1.0)
    assert govnet.triangle_balance(G) == 1.0


def test_walk_balance_hand_worked_unbalanced_triangle():
    # worked by hand: unbalanced triangle (one negative edge) is switching-equivalent to
    # the all-negative triangle, eigenvalues -2, 1, 1; unsigned: 2, -1, -1.
    # ratio = (e^-2 + 2e) / (e^2 + 2e^-1)
    G = _signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    expected = (math.exp(-2) + 2 * math.e) / (math.exp(2) + 2 / math.e)
    assert govnet.walk_balance(G) == pytest.approx(expected)


def test_relabelling_changes_nothing():
    G = tribes()
    R = nx.relabel_nodes(G, {v: f"x{i}" for i, v in enumerate(reversed(list(G)))})
    assert govnet.triangle_balance(R) == govnet.triangle_balance(G)
    assert govnet.walk_balance(R) == pytest.approx(govnet.walk_balance(G))


def test_directed_input_is_symmetrised():
    D = _signed([("a", "b", 1), ("b", "a", 1), ("b", "c", 1), ("c", "a", -1)], directed=True)
    assert govnet.triangle_balance(D) == 0.0


def test_balance_test_tribes_is_significant_and_reproducible():
    r1 = govnet.balance_test(tribes(), "triangles", n=300, seed=7)
    r2 = govnet.balance_test(tribes(), "triangles", n=300, seed=7)
    assert r1 == r2
    assert r1["observed"] == pytest.approx(0.8676471, abs=1e-7)
    assert r1["p"] < 0.01 and r1["z"] > 2
    assert 0.3 < r1["null_mean"] < 0.7
    assert set(r1) == {"measure", "observed", "null_mean", "null_sd", "z", "p", "n"}


def test_balance_test_null_keeps_the_number_of_negative_edges():
    # worked by hand: a triangle with exactly one negative edge stays one-negative under
    # every permutation of its signs, so the null is constant: sd 0, z NaN, p = 1
    G = _signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    r = govnet.balance_test(G, "triangles", n=50, seed=1)
    assert r["null_mean"] == 0.0 and r["null_sd"] == 0.0 and math.isnan(r["z"])
    assert r["p"] == 1.0


def test_balance_test_other_measures():
    w = govnet.balance_test(tribes(), "walk", n=50, seed=1)
    assert w["observed"] == pytest.approx(0.3575761, abs=1e-7)
    f = govnet.balance_test(tribes(), "frustration", n=50, seed=1)
    assert f["observed"] == pytest.approx(1 - 2 * 7 / 58)  # heuristic finds L = 7 here
    assert f["p"] < 0.05
    c = govnet.balance_test(tribes(), govnet.triangle_balance, n=20, seed=1)
    assert c["observed"] == pytest.approx(0.8676471, abs=1e-7)


def test_balance_test_bad_arguments():
    with pytest.raises(ParameterError):
        govnet.balance_test(tribes(), "cycles")
    with pytest.raises(ParameterError):
        govnet.balance_test(tribes(), n=0)


def test_balance_test_frustration_is_exact_on_small_cores():
    # Hand-worked: triangle a-b-c with one negative edge (L = 1: a cycle with an odd number
    # of negative edges is never balanced), plus a pendant edge c-d that is never frustrated;
    # m = 4, so the observed score is 1 - 2 * 1 / 4 = 0.5. Every re-signing keeps exactly one
    # negative edge: on the triangle (L = 1, score 0.5; 3 of the 4 edges) or on the pendant
    # edge (L = 0, score 1.0; 1 of 4). So the null mean is 0.5 * 3/4 + 1.0 * 1/4 = 0.625
    # (sd of the mean over 400 draws: 0.5 * sqrt(3/16 / 400) = 0.011), and no null score is
    # below the observed one: p = (1 + 400) / 401 = 1.
    G = _signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1)])
    r = govnet.balance_test(G, "frustration", n=400, seed=3)
    assert r["observed"] == 0.5
    assert r["p"] == 1.0
    assert r["null_mean"] == pytest.approx(0.625, abs=0.045)


def test_balance_test_frustration_matches_the_exact_index():
    # The enumeration agrees with the branch-and-cut optimum (frustration_index, exact).
    import numpy as np

    rng = np.random.default_rng(0)
    for trial in range(12):
        G = nx.gnm_random_graph(11, 20, seed=trial)
        nx.set_edge_attributes(G, {e: {"sign": int(rng.choice([-1, 1]))} for e in G.edges})
        r = govnet.balance_test(G, "frustration", n=5, seed=trial)
        exact = govnet.frustration_index(G, method="exact").value
        assert r["observed"] == pytest.approx(1 - 2 * exact / G.number_of_edges())
