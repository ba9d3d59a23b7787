"""Known-answer tests of govnet.power (centralization, brokerage, bottlenecks), worked by hand."""

import math

import networkx as nx
import pytest

import govnet
from govnet.exceptions import GraphConventionError, ParameterError


def _formal(edges, side=None):
    G = nx.DiGraph()
    for u, v, t in edges:
        G.add_edge(u, v, sign=0, type=t, types=[t], layer="formal")
    for n in G:
        G.nodes[n]["side"] = (side or {}).get(n)
    return G


def test_centralization_star_and_line():
    # star: L delegates to 4 others: out-degrees 4,0,0,0,0 -> sum(4-d)=16, (n-1)^2=16 -> 1
    star = _formal([("L", x, "delegation") for x in "abcd"])
    c = govnet.centralization(star)
    assert c["centralization"] == 1.0 and c["most_central"] == ["L"] and c["n"] == 5
    # path a->b->c->d: out-degrees 1,1,1,0 -> sum(1-d)=1, (n-1)^2=9 -> 1/9
    path = _formal([("a", "b", "line-management"), ("b", "c", "line-management"),
                    ("c", "d", "line-management")])  # fmt: skip
    assert govnet.centralization(path)["centralization"] == pytest.approx(1 / 9)
    # other types are ignored: only scrutiny ties -> no node -> NaN
    assert math.isnan(govnet.centralization(_formal([("a", "b", "scrutiny")]))["centralization"])
    # in-degree of the star: 0,1,1,1,1 -> sum(1-d) = 1 -> 1/16
    assert govnet.centralization(star, direction="in")["centralization"] == pytest.approx(1 / 16)


def test_brokerage_roles():
    side = {"a": "m", "v": "m", "c": "m", "o": "o", "p": "o", "q": "x"}
    # coordinator: a->v->c (all m); representative: a->v->o (v in a's group);
    # gatekeeper: o->v->c? v in c's group, o outside: o->v->c;
    # itinerant: o->a... use p->q->o: p,o in o, q outside; liaison: a->q->... q(x) between m and o: v->q->p
    G = _formal([("a", "v", "advice"), ("v", "c", "advice"), ("v", "o", "advice"),
                 ("o", "v", "advice"), ("p", "q", "advice"), ("q", "o", "advice")], side)  # fmt: skip
    b = govnet.brokerage(G, by="side").set_index("node")
    # v: predecessors a, o; successors c, o. Paths: a-v-c coordinator, a-v-o representative,
    #    o-v-c gatekeeper, o-v-o skipped (a == c) -> 1,0,1,1,0
    assert b.loc["v", ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]].tolist() == [1, 0, 1, 1, 0]
    # q: p-q-o: p and o both "o", q is "x" -> itinerant
    assert b.loc["q", "itinerant"] == 1 and b.loc["q", "total"] == 1
    # o: v-o-v skipped; p->q->o and o->v: o has pred q, v; succ v: q-o-v liaison (x,o,m)
    assert b.loc["o", "liaison"] == 1
    # closed triad: a->v->c with a->c present is not brokerage
    G.add_edge("a", "c", sign=0, layer="formal")
    assert govnet.brokerage(G).set_index("node").loc["v", "coordinator"] == 0
    with pytest.raises(ParameterError, match="attribute"):
        govnet.brokerage(G, by="colour")


def test_bottlenecks_dominators():
    # L -> CE -> D1, CE -> D2, D1 -> H, D2 -> H; L -> X
    G = _formal([("L", "CE", "delegation"), ("CE", "D1", "delegation"), ("CE", "D2", "delegation"),
                 ("D1", "H", "delegation"), ("D2", "H", "delegation"), ("L", "X", "delegation")])  # fmt: skip
    b = govnet.bottlenecks(G).set_index("node")
    # from root L: CE strictly dominates D1, D2, H (3); D1/D2 dominate nothing (H reachable by both)
    assert b.loc["CE", "n_dominated"] == 3 and b.loc["D1", "n_dominated"] == 0
    assert bool(b.loc["CE", "articulation"]) and bool(b.loc["L", "articulation"])
    assert not b.loc["D1", "articulation"]
    assert b.index[0] == "CE"
    assert govnet.bottlenecks(_formal([("a", "b", "scrutiny")])).empty
    with pytest.raises(ParameterError, match="roots"):
        govnet.bottlenecks(G, roots=["nobody"])


def test_relabelling_and_bad_input():
    G = _formal([("L", x, "delegation") for x in "abcd"])
    H = nx.relabel_nodes(G, {"L": "z"})
    assert govnet.centralization(H)["centralization"] == govnet.centralization(G)["centralization"]
    assert govnet.bottlenecks(H)["n_dominated"].tolist() == govnet.bottlenecks(G)["n_dominated"].tolist()
    with pytest.raises(GraphConventionError):
        govnet.centralization(nx.Graph())
    with pytest.raises(ParameterError, match="direction"):
        govnet.centralization(G, direction="up")
    assert math.isnan(govnet.centralization(nx.DiGraph())["centralization"])
