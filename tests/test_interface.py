"""Known-answer tests of govnet.interface on hand-built graphs (numbers worked by hand)."""

import math

import networkx as nx
import pytest
from test_graph import ACTORS, RELATIONS, TENURES, hand_case, relabel

import govnet
from govnet.exceptions import GraphConventionError, ParameterError


def _g(nodes, edges):
    G = nx.DiGraph()
    for n, side, tier, role in nodes:
        G.add_node(n, side=side, tier=tier, role=role)
    for u, v, s in edges:
        G.add_edge(u, v, sign=s, layer="informal")
    return G


NODES = [
    ("L", "member", 1, "leader"), ("CE", "officer", 1, "chief-executive"),
    ("C", "member", 2, "cabinet-member"), ("D", "officer", 2, "corporate-director"),
    ("B", "member", 3, "backbench"), ("H", "officer", 3, "service-head"),
    ("X", "external", None, "inspectorate"),
]  # fmt: skip
EDGES = [
    ("L", "CE", -1), ("CE", "L", -1),   # tier 1
    ("C", "D", -1), ("D", "C", 1),      # tier 2
    ("L", "D", -1),                     # tier max(1,2)=2
    ("B", "H", -1), ("C", "H", 1),      # tier 3
    ("L", "C", 1), ("X", "L", -1),
]


def test_interface_climate_known_answer():
    t = govnet.interface_climate(_g(NODES, EDGES)).set_index(["source_side", "target_side"])
    # member->officer: L->CE -1, C->D -1, L->D -1, B->H -1, C->H +1: 5 ties, mean -3/5
    r = t.loc[("member", "officer")]
    assert (r.n_ties, r.n_negative, r.n_positive) == (5, 4, 1)
    assert r.mean_sign == pytest.approx(-0.6)
    # officer->member: CE->L -1, D->C +1: mean 0
    assert t.loc[("officer", "member"), "mean_sign"] == 0
    assert t.loc[("member", "member"), "n_ties"] == 1  # L->C
    assert t.loc[("external", "member"), "mean_sign"] == -1
    assert math.isnan(t.loc[("officer", "officer"), "mean_sign"])
    assert len(t) == 16


def test_cascade_known_answer():
    c = govnet.cascade(_g(NODES, EDGES)).set_index("tier")
    # tier 1: L<->CE: -1,-1 -> mean -1; tier 2: C->D -1, D->C +1, L->D -1 -> -1/3;
    # tier 3: B->H -1, C->H +1 -> 0
    assert c.loc[1, "n_ties"] == 2 and c.loc[1, "mean_sign"] == -1
    assert c.loc[2, "n_ties"] == 3 and c.loc[2, "mean_sign"] == pytest.approx(-1 / 3)
    assert c.loc[3, "mean_sign"] == 0


def test_key_dyad_and_reciprocity():
    G = _g(NODES, EDGES)
    k = govnet.key_dyad(G)
    assert (k["a"], k["b"], k["a_to_b"], k["b_to_a"]) == ("L", "CE", -1, -1)
    assert k["evidence"]["direction"].tolist() == ["a->b", "b->a"]
    assert govnet.key_dyad(G, "C", "H")["b_to_a"] is None
    r = govnet.reciprocity_signed(G)
    # 9 non-zero edges; mutual pairs L-CE (-,-) and C-D (-,+): reciprocity 4/9, concordance 1/2
    assert (r["n_edges"], r["n_mutual_pairs"], r["n_concordant"]) == (9, 2, 1)
    assert r["reciprocity"] == pytest.approx(4 / 9) and r["concordance"] == 0.5
    assert r["n_negative_mutual"] == 1


def test_multigraph_evidence_from_case():
    case = hand_case(ACTORS, RELATIONS, TENURES)
    k = govnet.key_dyad(case.graph(at="2020", aggregate=None) if hasattr(case, "graph")
                        else govnet.case_graph(case, at="2020", aggregate=None))  # fmt: skip
    # L->P1: r1 (-1); P1->L: r2 (-1) + r3 (+1) = 0
    assert (k["a"], k["b"], k["a_to_b"], k["b_to_a"]) == ("L", "P1", -1, 0)
    assert k["evidence"]["id"].tolist() == ["r1", "r2", "r3"]
    assert set(k["evidence"]["quote"]) == {"q"}


def test_relabelling_changes_nothing():
    case = hand_case(ACTORS, RELATIONS, TENURES)
    G1 = govnet.case_graph(case, at="2020")
    G2 = govnet.case_graph(relabel(case, {"L": "zz", "C": "aa"}), at="2020")
    cols = ["n_ties", "mean_sign"]
    assert govnet.interface_climate(G1)[cols].equals(govnet.interface_climate(G2)[cols])
    assert govnet.cascade(G1).equals(govnet.cascade(G2))
    assert govnet.reciprocity_signed(G1) == govnet.reciprocity_signed(G2)


def test_empty_and_bad_graphs():
    t = govnet.interface_climate(nx.DiGraph())
    assert (t["n_ties"] == 0).all() and t["mean_sign"].isna().all()
    assert govnet.cascade(nx.DiGraph())["n_ties"].tolist() == [0, 0, 0]
    assert govnet.reciprocity_signed(nx.DiGraph())["n_edges"] == 0
    with pytest.raises(GraphConventionError, match="directed"):
        govnet.interface_climate(nx.Graph())
    G = _g(NODES, EDGES)
    G.edges["L", "CE"]["sign"] = 2
    with pytest.raises(GraphConventionError, match="sign"):
        govnet.cascade(G)
    G = nx.DiGraph([("a", "b", {"sign": 1})])
    with pytest.raises(GraphConventionError, match="side"):
        govnet.interface_climate(G)
    # no leader, mayor or chief executive: a documented result that says so, not an exception
    k = govnet.key_dyad(nx.DiGraph())
    assert (k["a"], k["b"], k["a_to_b"], k["b_to_a"], len(k["evidence"])) == (None, None, None, None, 0)
    assert "leader or mayor" in k["note"] and "chief-executive" in k["note"]
    with pytest.raises(ParameterError, match="not in the graph"):
        govnet.key_dyad(_g(NODES, EDGES), "L", "nobody")
