"""Camps: the frustration-minimising split of the informal signed graph and what it follows."""

import math
import numbers
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy.special import comb

from .balance import N_NULL, balance_test
from .blockmodel import signed_blockmodel
from .exceptions import GraphConventionError, ParameterError
from .frustration import frustration_index
from .signed import signed_graph

__all__ = ["MIN_COVERAGE", "CampsResult", "camps", "adjusted_rand_index"]

_LINES = {"side": "member/officer line", "party": "party lines", "groups": "group lines"}
#: An attribute can say what a split follows only when at least this share of the camp
#: members carry it, and carriers sit in at least two camps.
MIN_COVERAGE = 2 / 3


@dataclass
class CampsResult:
    """Result of :func:`camps`.

    Attributes
    ----------
    partition : dict
        Node -> camp (0..k-1) for every node of the largest connected component of
        the informal signed graph (the camp members).
    k : int
    frustration : int
        Edges among the camp members that break the split: for k = 2 the
        frustration index L (negative within or positive across camps), for k > 2
        the misfit edges of the blockmodel.
    normalized : float
        ``1 - 2 * frustration / m`` (m signed edges among the camp members).
    optimal : bool
        Whether the split is proven optimal (k = 2 exact solution).
    significance : dict
        :func:`govnet.balance_test` with the ``"frustration"`` measure: observed,
        null_mean, null_sd, z, p, n.
    alignment : dict
        Attribute (``side``, ``party``, ``groups``) -> adjusted Rand index of
        the split against that attribute, over the camp members that carry it
        (NaN when fewer than two do).
    interpretation : str
        One line, e.g. "split follows the member/officer line (ARI 1.00)".
    coverage : dict
        Attribute -> share of the camp members that carry it.
    split : bool
        Whether the camp members fall in at least two camps.
    undetermined : list
        Nodes of the graph in no camp: those without an informal signed tie and
        those of components not connected to the largest one, in graph order.
    """

    partition: dict
    k: int
    frustration: int
    normalized: float
    optimal: bool
    significance: dict
    alignment: dict
    interpretation: str
    coverage: dict = field(default_factory=dict)
    split: bool = True
    undetermined: list = field(default_factory=list)


def adjusted_rand_index(a, b):
    """Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985).

    Parameters
    ----------
    a, b : sequence
        Labels (any hashable values), same length.

    Returns
    -------
    float
        1 for identical partitions (up to renaming), about 0 for chance
        agreement; NaN for fewer than two items. When both labelings put all
        items together, or both put every item alone, the partitions are
        identical and the value is 1.

    References
    ----------
    Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of
    Classification* 2(1), 193-218.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], ["x", "x", "y", "y"])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]), 3)
    -0.5
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ParameterError("the two labelings must have the same length")
    n = len(a)
    if n < 2:
        return math.nan
    _, ia = np.unique(np.array([repr(x) for x in a]), return_inverse=True)
    _, ib = np.unique(np.array([repr(x) for x in b]), return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=np.int64)
    np.add.at(table, (ia, ib), 1)
    sum_ij = comb(table, 2).sum()
    sum_a = comb(table.sum(axis=1), 2).sum()
    sum_b = comb(table.sum(axis=0), 2).sum()
    expected = sum_a * sum_b / comb(n, 2)
    top = (sum_a + sum_b) / 2
    if top == expected:
        return 1.0
    return float((sum_ij - expected) / (top - expected))


def _label(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(sorted(map(str, value)))  # [] -> "" = "in no group", a label
    if value == "":
        return None
    return value


def _largest_informal_component(G, rule):
    """The undirected signed graph of ``G``'s informal ties, its largest component only, with its
    nodes in ``G``'s order (ties between components broken by that order)."""
    has_layer = any("layer" in d for *_, d in G.edges(data=True))
    if has_layer:
        keep = [e for e in (G.edges(keys=True, data="layer") if G.is_multigraph()
                            else G.edges(data="layer")) if e[-1] == "informal"]
        sub = G.edge_subgraph([e[:-1] for e in keep])
    else:
        sub = G
    H = signed_graph(sub, rule=rule, directed=False)
    H.remove_nodes_from([v for v in list(H) if H.degree(v) == 0])
    if H.number_of_edges() == 0:
        raise GraphConventionError("the graph has no informal signed (+1/-1) tie to split")
    order = {v: i for i, v in enumerate(G.nodes)}
    main = max(nx.connected_components(H), key=lambda c: (len(c), -min(map(order.get, c))))
    core = nx.Graph()
    core.add_nodes_from(sorted(main, key=order.__getitem__))
    core.add_edges_from(H.subgraph(main).edges(data=True))
    return core


def _split(H, k, seed):
    """(partition, frustrated edges, optimal): frustration-minimising for k = 2, else blockmodel."""
    if k == 2:
        fr = frustration_index(H, method="auto", seed=seed)
        return fr.partition, fr.value, fr.optimal
    bm = signed_blockmodel(H, k, alpha=0.5, seed=seed)
    frus = sum(1 for u, v, s in H.edges(data="sign")
               if (s < 0) == (bm.partition[u] == bm.partition[v]))
    return bm.partition, frus, False


def camps(G, k=2, seed=None, n=N_NULL, rule="net"):
    """The split of the informal signed graph into camps, its significance and what it follows.

    Steps: keep the informal layer (edges whose ``layer`` is ``"informal"``
    when edges carry a ``layer``), reduce to an undirected signed graph with
    :func:`govnet.signed_graph` (``rule``, both directions pooled; zero-sign
    observations and cancelling pairs dropped), keep its largest connected
    component (ties broken by graph order), then

    * k = 2: the frustration-minimising split (:func:`govnet.frustration_index`,
      ``method="auto"``);
    * k > 2: :func:`govnet.signed_blockmodel` with ``alpha=0.5``;

    test it with :func:`govnet.balance_test` (``"frustration"`` measure, ``n``
    sign shufflings). The camps are named on that component only: a component
    with no signed path to it could sit in either camp, so its nodes, and nodes
    without an informal signed tie, are *undetermined* (the whole graph's
    frustration is :func:`govnet.frustration_index`'s). A *split* needs camp
    members in at least two camps (an all-positive component is one camp, not a
    split).

    The split is compared with the node attributes ``side``, ``party`` and
    ``groups`` of the case-graph convention by the adjusted Rand index over the
    camp members that carry the attribute (a ``groups`` list is one label, the
    empty list meaning "in no group"), with its *coverage*, the share of camp
    members that carry it. The interpretation says a split "follows" (ARI >=
    0.5), "partly follows" (>= 0.2) or "matches none of" an attribute only when the
    attribute is *adequate*: coverage at least :data:`MIN_COVERAGE` (two
    thirds) and carriers in at least two camps; the best adequate attribute is
    named (highest ARI; side, then party, then groups on ties), with its
    coverage when below 100%. A split no more balanced than chance (p > 0.05)
    says so with its p; when every shuffling of the signs is at least as
    balanced (p = 1), the test cannot tell it from chance, and the text says
    that instead of giving p.

    Parameters
    ----------
    G : networkx graph
        A case graph (``MultiDiGraph`` or aggregated ``DiGraph``, edges with
        ``sign`` in {-1, 0, 1}) or a signed graph.
    k : int
        Number of camps (>= 2).
    seed : int or None
        Seed for the heuristic, the blockmodel and the null model; None means
        0 (reproducible by default).
    n : int
        Number of null graphs for the significance test (default
        :data:`govnet.balance.N_NULL`, the number the reports use too).
    rule : {"net", "majority", "latest"}
        How several observations of a pair are combined (see
        :func:`govnet.signed_graph`).

    Returns
    -------
    CampsResult

    Raises
    ------
    GraphConventionError
        If ``G`` is not a graph, has bad signs or no informal signed tie.
    ParameterError
        If ``k`` or ``n`` is invalid.

    References
    ----------
    Aref, S., Mason, A. J., & Wilson, M. C. (2020). A modeling and
    computational study of the frustration index in signed networks.
    *Networks* 75(1), 95-110.

    Doreian, P., & Mrvar, A. (1996). A partitioning approach to structural
    balance. *Social Networks* 18(2), 149-168.

    Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of
    Classification* 2(1), 193-218.

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> r = camps(tribes(), seed=1, n=200)
    >>> r.frustration, r.optimal, r.significance["p"] < 0.05
    (7, True, True)
    >>> sorted(v for v, c in r.partition.items() if c == 0)
    ['Gama', 'Gavev', 'Kotun', 'Nagad']
    >>> r.interpretation
    'no side, party or groups attributes to compare the split with'
    """
    if not isinstance(G, nx.Graph):
        raise GraphConventionError(f"expected a networkx graph, got {type(G).__name__}")
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 2:
        raise ParameterError(f"k must be an integer >= 2, got {k!r}")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    H = _largest_informal_component(G, rule)
    m = H.number_of_edges()
    partition, frus, optimal = _split(H, k, seed)
    significance = balance_test(H, "frustration", n=n, seed=seed)
    partition = {v: partition[v] for v in H.nodes}
    alignment, coverage, adequate = _alignment(G, partition)
    split = len(set(partition.values())) > 1
    text = _interpretation(split, len(partition), alignment, coverage, adequate)
    if split and significance["p"] >= 1:  # no shuffle is less balanced: the test is mute
        text += ("; every shuffling of its signs is at least as balanced, so the test cannot "
                 "tell it from chance")
    elif split and significance["p"] > 0.05:
        text += f"; no more balanced than chance (p = {significance['p']:.2f})"
    return CampsResult(
        partition=partition,
        k=int(k),
        frustration=int(frus),
        normalized=1 - 2 * frus / m,
        optimal=bool(optimal),
        significance=significance,
        alignment=alignment,
        interpretation=text,
        coverage=coverage,
        split=split,
        undetermined=[v for v in G.nodes if v not in partition],
    )


def _alignment(G, partition):
    """(ARI, coverage, adequate) per attribute over the camp members (see :func:`camps`)."""
    alignment, coverage, adequate = {}, {}, {}
    for attr in ("side", "party", "groups"):
        pairs = [(c, _label(G.nodes[v].get(attr))) for v, c in partition.items()]
        pairs = [(c, lab) for c, lab in pairs if lab is not None]
        alignment[attr] = (adjusted_rand_index([c for c, _ in pairs], [lab for _, lab in pairs])
                           if len(pairs) >= 2 else math.nan)
        coverage[attr] = len(pairs) / len(partition) if partition else math.nan
        adequate[attr] = (coverage[attr] >= MIN_COVERAGE and len({c for c, _ in pairs}) > 1
                          and not math.isnan(alignment[attr]))
    return alignment, coverage, adequate


def _interpretation(split, size, alignment, coverage, adequate):
    """The one-line reading of a split (rules in :func:`camps`)."""
    if not split:
        return f"no split: all {size} camp members fall in one camp"
    known = {a: v for a, v in alignment.items() if not math.isnan(v)}
    if not known:
        return "no side, party or groups attributes to compare the split with"
    ok = {a: v for a, v in known.items() if adequate[a]}
    if not ok:
        best = max(known, key=lambda a: (coverage[a], -list(_LINES).index(a)))
        return (f"too few camp members carry side, party or groups, in both camps, to say what "
                f"the split follows (best coverage {coverage[best]:.0%}, {best})")
    best = max(ok, key=lambda a: (ok[a], -list(_LINES).index(a)))
    ari = ok[best]
    cov = f", coverage {coverage[best]:.0%}" if coverage[best] < 1 else ""
    if ari >= 0.5:
        return f"split follows the {_LINES[best]} (ARI {ari:.2f}{cov})"
    if ari >= 0.2:
        return f"split partly follows the {_LINES[best]} (ARI {ari:.2f}{cov})"
    lines = ("the side, party or group lines" if len(ok) == 3
             else " or ".join(f"the {_LINES[a]}" for a in _LINES if a in ok))
    return f"split matches none of {lines} (best ARI {ari:.2f}, {best}{cov})"
