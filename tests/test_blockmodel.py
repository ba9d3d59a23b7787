"""Tests of the Doreian-Mrvar signed blockmodel.

Published: signnet README / JOSS paper (Schoch 2023), signed_blockmodel(tribes,
k = 3, alpha = 0.5, annealing = TRUE): criterion 2, membership
3 3 2 2 1 2 2 2 1 1 2 2 1 1 3 3 on Read's (1954) tribes.
"""

import networkx as nx
import pytest

import govnet
from govnet.datasets import tribes
from govnet.exceptions import ParameterError

PUBLISHED_BLOCKS = {
    frozenset({"Gavev", "Kotun", "Nagad", "Gama"}),
    frozenset({"Ove", "Alika", "Gahuk", "Masil", "Ukudz", "Geham", "Asaro"}),
    frozenset({"Nagam", "Notoh", "Kohik", "Uheto", "Seuve"}),
}


def _blocks(partition):
    out = {}
    for v, b in partition.items():
        out.setdefault(b, set()).add(v)
    return {frozenset(s) for s in out.values()}


def test_tribes_k3_matches_signnet():
    r = govnet.signed_blockmodel(tribes(), k=3, alpha=0.5, seed=1)
    assert r.criterion == 2.0
    assert _blocks(r.partition) == PUBLISHED_BLOCKS
    # alpha = 0.5 and every edge counted as two arcs: criterion = misfit edges = 2
    assert r.negative_within + r.positive_between == 4


def test_tribes_k2_equals_the_frustration_index():
    # worked out: with k = 2 and alpha = 0.5 the criterion is the number of misfit
    # edges of a 2-partition, i.e. the frustration index L = 7 at the optimum
    r = govnet.signed_blockmodel(tribes(), k=2, seed=3)
    assert r.criterion == 7.0
    assert _blocks(r.partition) == {
        frozenset({"Gavev", "Kotun", "Nagad", "Gama"}),
        frozenset(set(tribes()) - {"Gavev", "Kotun", "Nagad", "Gama"}),
    }


def test_k1_counts_every_negative_edge_twice():
    # worked by hand: one block, 29 negative edges = 58 arcs within, alpha 0.5 -> 29
    r = govnet.signed_blockmodel(tribes(), k=1)
    assert r.criterion == 29.0 and r.negative_within == 58 and r.positive_between == 0


def test_directed_arcs_count_once():
    # worked by hand: a->b +1, b->a -1, b->c -1 (alpha 0.5, each arc once):
    # {a,b},{c}: N = 1 (b->a) -> 0.5;  {a,c},{b}: P = 1 (a->b) -> 0.5;
    # {a},{b,c}: P = 1 + N = 1 -> 1.0;  {a,b,c}: N = 2 -> 1.0.  Minimum 0.5, two optima.
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("b", "a", sign=-1)
    D.add_edge("b", "c", sign=-1)
    r = govnet.signed_blockmodel(D, k=2, seed=0)
    assert r.criterion == 0.5
    assert _blocks(r.partition) in (
        {frozenset("ab"), frozenset("c")},
        {frozenset("ac"), frozenset("b")},
    )


def test_reproducible_and_relabelling():
    a = govnet.signed_blockmodel(tribes(), k=3, seed=5)
    b = govnet.signed_blockmodel(tribes(), k=3, seed=5)
    assert a == b
    R = nx.relabel_nodes(tribes(), {v: v.upper() for v in tribes()})
    r = govnet.signed_blockmodel(R, k=3, seed=5)
    assert r.criterion == 2.0
    assert _blocks(r.partition) == {frozenset(v.upper() for v in s) for s in PUBLISHED_BLOCKS}


def test_bad_arguments():
    with pytest.raises(ParameterError):
        govnet.signed_blockmodel(tribes(), k=0)
    with pytest.raises(ParameterError):
        govnet.signed_blockmodel(tribes(), k=2, alpha=1.5)
