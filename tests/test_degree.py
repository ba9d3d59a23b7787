"""Tests of signed degree and the PN index.

Published: signnet's "signed networks" vignette (Schoch), degree_signed and
pn_index on Read's (1954) tribes (pn rounded to 3 decimals); Everett & Borgatti
(2014) define the PN index.
"""

import networkx as nx
import numpy as np
import pytest

import govnet
from govnet.datasets import tribes
from govnet.exceptions import ParameterError

# signnet vignette: tribe pos neg (ratio, net follow) and pn
SIGNNET = {
    "Gavev": (3, 5, 0.753), "Kotun": (3, 5, 0.764), "Ove": (4, 2, 1.042),
    "Alika": (2, 1, 1.023), "Nagam": (3, 4, 0.903), "Gahuk": (5, 5, 0.905),
    "Masil": (7, 0, 1.224), "Ukudz": (6, 1, 1.141), "Notoh": (3, 4, 0.874),
    "Kohik": (2, 3, 0.903), "Geham": (4, 5, 0.865), "Asaro": (4, 4, 0.934),
    "Uheto": (4, 4, 0.916), "Seuve": (2, 3, 0.875), "Nagad": (3, 6, 0.715),
    "Gama": (3, 6, 0.715),
}


def test_tribes_signed_degree_matches_signnet():
    df = govnet.signed_degree(tribes()).set_index("node")
    for v, (pos, neg, _) in SIGNNET.items():
        assert (df.loc[v, "positive"], df.loc[v, "negative"]) == (pos, neg)
        assert df.loc[v, "net"] == pos - neg
        assert df.loc[v, "ratio"] == pytest.approx(pos / (pos + neg))
    assert list(df.columns) == ["positive", "negative", "net", "ratio"]


def test_tribes_pn_index_matches_signnet():
    pn = govnet.pn_index(tribes())
    for v, (_, _, value) in SIGNNET.items():
        assert round(pn[v], 3) == value


def test_pn_hand_worked_pair():
    # worked by hand: two nodes, one positive edge, n = 2: A = [[0,1],[1,0]], 2n-2 = 2,
    # (I - A/2) x = 1 -> x - y/2 = 1, y - x/2 = 1 -> x = y = 2
    G = nx.Graph()
    G.add_edge("a", "b", sign=1)
    assert govnet.pn_index(G).tolist() == pytest.approx([2.0, 2.0])
    # worked by hand: negative edge a-b plus isolated c, n = 3, 2n-2 = 4, A_ab = -2:
    # x + y/2 = 1, y + x/2 = 1 -> x = y = 2/3; c: 1
    G.edges["a", "b"]["sign"] = -1
    G.add_node("c")
    assert govnet.pn_index(G).tolist() == pytest.approx([2 / 3, 2 / 3, 1.0])
    # two nodes with a negative edge: I - A/2 = [[1, 1], [1, 1]] is singular: clear error
    G.remove_node("c")
    with pytest.raises(ParameterError, match="singular"):
        govnet.pn_index(G)


def test_directed_degree_and_pn_modes():
    # worked by hand: a->b +, a->c -, c->a +
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("a", "c", sign=-1)
    D.add_edge("c", "a", sign=1)
    df = govnet.signed_degree(D).set_index("node")
    assert df.loc["a", ["positive_out", "negative_out", "positive_in", "negative_in"]].tolist() == \
        [1, 1, 1, 0]
    assert df.loc["a", "positive"] == 2 and df.loc["a", "negative"] == 1
    assert df.loc["b", ["positive_in", "positive_out"]].tolist() == [1, 0]
    out = govnet.pn_index(D, mode="out")
    inn = govnet.pn_index(D, mode="in")
    # signnet's formulas evaluated directly
    A = np.array([[0, 1, -2], [0, 0, 0], [1, 0, 0]], dtype=float)
    n = 3
    ref_out = np.linalg.solve(np.eye(n) - A @ A.T / (4 * (n - 1) ** 2),
                              (np.eye(n) + A / (2 * n - 2)) @ np.ones(n))
    assert out.tolist() == pytest.approx(ref_out.tolist())
    assert not np.allclose(out.values, inn.values)
    with pytest.raises(ParameterError):
        govnet.pn_index(D)
    with pytest.raises(ParameterError):
        govnet.pn_index(tribes(), mode="in")


def test_isolated_node_ratio_is_nan_and_relabelling():
    G = tribes()
    G.add_node("Lonely")
    df = govnet.signed_degree(G).set_index("node")
    assert df.loc["Lonely", "positive"] == 0 and np.isnan(df.loc["Lonely", "ratio"])
    R = nx.relabel_nodes(tribes(), {v: v[::-1] for v in tribes()})
    assert govnet.pn_index(R).tolist() == pytest.approx(govnet.pn_index(tribes()).tolist())
