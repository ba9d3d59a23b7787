"""Tests of the signed-graph convention (govnet.signed) and of its check in every public function."""

import re

import networkx as nx
import numpy as np
import pytest

import govnet
from govnet.datasets import tribes
from govnet.exceptions import GovnetError, GraphConventionError, ParameterError
from govnet.signed import _check_signed

PUBLIC = [
    govnet.triangle_balance,
    govnet.signed_triangle_census,
    govnet.walk_balance,
    lambda G: govnet.balance_test(G, n=5, seed=0),
    lambda G: govnet.frustration_index(G, method="exact"),
    lambda G: govnet.frustration_index(G, method="heuristic"),
    lambda G: govnet.signed_blockmodel(G, 2, seed=0),
    govnet.signed_degree,
    govnet.pn_index,
]


def _bad_graphs():
    missing = nx.Graph([("a", "b")])
    zero = nx.Graph()
    zero.add_edge("a", "b", sign=0)
    two = nx.Graph()
    two.add_edge("a", "b", sign=2)
    boolean = nx.Graph()
    boolean.add_edge("a", "b", sign=True)
    text = nx.Graph()
    text.add_edge("a", "b", sign="+")
    multi = nx.MultiGraph()
    multi.add_edge("a", "b", sign=1)
    loop = nx.Graph()
    loop.add_edge("a", "b", sign=1)
    loop.add_edge("a", "a", sign=1)
    return [
        (missing, "no 'sign'"),
        (zero, "signed_graph"),
        (two, "sign 2"),
        (boolean, "sign True"),
        (text, "sign '+'"),
        (multi, "multigraph"),
        (loop, "self-loop"),
        ({"a": "b"}, "networkx"),
    ]


@pytest.mark.parametrize("func", PUBLIC)
@pytest.mark.parametrize("bad", _bad_graphs(), ids=lambda b: b[1] if isinstance(b, tuple) else "")
def test_every_public_function_checks_the_convention(func, bad):
    G, words = bad
    with pytest.raises(GraphConventionError, match=re.escape(words)):
        func(G)


def test_convention_error_is_a_govnet_error():
    assert issubclass(GraphConventionError, GovnetError)


def test_accepted_sign_types():
    G = nx.Graph()
    G.add_edge("a", "b", sign=np.int64(-1))
    G.add_edge("b", "c", sign=1.0)
    assert _check_signed(G) is G


def test_directed_error_mode_and_bad_mode():
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    with pytest.raises(GraphConventionError, match="undirected"):
        _check_signed(D, directed="error")
    with pytest.raises(ParameterError):
        _check_signed(D, directed="guess")


def test_symmetrisation_rule():
    # worked by hand: a<->b both +1 -> +1; b->c +1 and c->b -1 cancel -> dropped;
    # c->d -1 alone -> -1
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("b", "a", sign=1)
    D.add_edge("b", "c", sign=1)
    D.add_edge("c", "b", sign=-1)
    D.add_edge("c", "d", sign=-1)
    H = _check_signed(D)
    assert not H.is_directed()
    assert sorted((tuple(sorted(e)), s) for *e, s in H.edges(data="sign")) == [
        (("a", "b"), 1),
        (("c", "d"), -1),
    ]
    assert set(H.nodes) == {"a", "b", "c", "d"}


def _case_multigraph():
    """A case-graph-like MultiDiGraph (graphconv.md): signs -1/0/1, start strings, ids."""
    M = nx.MultiDiGraph()
    M.add_node("leader", side="member")
    M.add_node("ceo", side="officer")
    M.add_node("cfo", side="officer")
    # leader -> ceo: +1 (2021), -1 (2022), -1 (2023): net -1, majority -1, latest -1
    M.add_edge("leader", "ceo", id="o1", sign=1, start="2021", layer="informal")
    M.add_edge("leader", "ceo", id="o2", sign=-1, start="2022-03", layer="informal")
    M.add_edge("leader", "ceo", id="o3", sign=-1, start="2023", layer="informal")
    # ceo -> leader: -1 (2021) then +1 (2024-01): net 0 (dropped), latest +1
    M.add_edge("ceo", "leader", id="o4", sign=-1, start="2021", layer="informal")
    M.add_edge("ceo", "leader", id="o5", sign=1, start="2024-01", layer="informal")
    # an undirected observation stored in both directions with the same id
    M.add_edge("ceo", "cfo", id="o6", sign=1, start="2022", directed=False, layer="informal")
    M.add_edge("cfo", "ceo", id="o6", sign=1, start="2022", directed=False, layer="informal")
    # a formal tie (sign 0) is dropped
    M.add_edge("leader", "cfo", id="o7", sign=0, start="2020", layer="formal")
    return M


def test_signed_graph_rules_on_a_case_multigraph():
    M = _case_multigraph()
    net = govnet.signed_graph(M, rule="net")
    assert isinstance(net, nx.DiGraph) and not net.is_multigraph()
    assert net.edges["leader", "ceo"]["sign"] == -1
    assert net.edges["leader", "ceo"]["weight"] == 3
    assert net.edges["leader", "ceo"]["observations"] == ["o1", "o2", "o3"]
    assert not net.has_edge("ceo", "leader")  # -1 + 1 = 0: dropped
    assert not net.has_edge("leader", "cfo")  # sign 0: dropped
    latest = govnet.signed_graph(M, rule="latest")
    assert latest.edges["ceo", "leader"]["sign"] == 1  # 2024-01 is the latest start
    assert latest.nodes["ceo"]["side"] == "officer"  # node attributes kept
    maj = govnet.signed_graph(M, rule="majority")
    assert maj.edges["leader", "ceo"]["sign"] == -1
    assert not maj.has_edge("ceo", "leader")  # one vote each: tie dropped


def test_signed_graph_undirected_pooling_counts_an_observation_once():
    M = _case_multigraph()
    U = govnet.signed_graph(M, rule="net", directed=False)
    assert not U.is_directed()
    # leader-ceo pooled: +1 -1 -1 -1 +1 = -1
    assert U.edges["leader", "ceo"]["sign"] == -1
    assert U.edges["leader", "ceo"]["weight"] == 5
    # o6 appears in both directions but is one observation
    assert U.edges["ceo", "cfo"]["weight"] == 1
    assert U.edges["ceo", "cfo"]["observations"] == ["o6"]
    # the result follows the convention
    _check_signed(U, directed="error")


def test_signed_graph_net_uses_weights_majority_does_not():
    # worked by hand: aggregated DiGraph-style input is simple; a MultiGraph with weights:
    # +1 with weight 3 and two -1 with weight 1: net = 3 - 2 = +1, majority = 1 - 2 < 0 -> -1
    M = nx.MultiGraph()
    M.add_edge("a", "b", sign=1, weight=3)
    M.add_edge("a", "b", sign=-1)
    M.add_edge("a", "b", sign=-1)
    assert govnet.signed_graph(M, rule="net").edges["a", "b"]["sign"] == 1
    assert govnet.signed_graph(M, rule="majority").edges["a", "b"]["sign"] == -1


def test_signed_graph_errors():
    G = nx.Graph()
    G.add_edge("a", "b", sign=5)
    with pytest.raises(GraphConventionError, match="-1, 0 or 1"):
        govnet.signed_graph(G)
    with pytest.raises(ParameterError, match="rule"):
        govnet.signed_graph(tribes(), rule="mean")
    with pytest.raises(ParameterError):
        govnet.signed_graph(tribes(), directed=True)
    L = nx.MultiDiGraph()
    L.add_edge("a", "a", sign=1)
    with pytest.raises(GraphConventionError, match="self-loop"):
        govnet.signed_graph(L)


def test_signed_graph_passes_a_signed_graph_through():
    G = tribes()
    H = govnet.signed_graph(G)
    assert sorted(map(sorted, H.edges)) == sorted(map(sorted, G.edges))
    assert all(H.edges[e]["sign"] == G.edges[e]["sign"] for e in G.edges)


def test_signed_graph_on_an_aggregated_case_digraph():
    # aggregated case graph (graphconv.md): one edge per ordered pair, sign = net sign,
    # weight = number of observations. Worked by hand for directed=False:
    # a->b +1 x3 observations, b->a -1 x1: net 3 - 1 = +2 -> +1; b->c 0 (formal) dropped
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1, weight=3, observations=["o1", "o2", "o3"], layer="informal")
    D.add_edge("b", "a", sign=-1, weight=1, observations=["o4"], layer="informal")
    D.add_edge("b", "c", sign=0, weight=2, observations=["o5", "o6"], layer="formal")
    U = govnet.signed_graph(D, rule="net", directed=False)
    assert list(U.edges(data="sign")) == [("a", "b", 1)]
    assert U.edges["a", "b"]["observations"] == ["o1", "o2", "o3", "o4"]
    # majority: one vote per edge here (+1 vs -1): tie, dropped
    assert govnet.signed_graph(D, rule="majority", directed=False).number_of_edges() == 0
