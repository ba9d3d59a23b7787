"""Camps: the frustration-minimising split of the informal signed graph and what it follows."""

import math
import numbers
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.special import comb

from .balance import balance_test
from .blockmodel import signed_blockmodel
from .exceptions import GraphConventionError, ParameterError
from .frustration import frustration_index
from .signed import signed_graph

__all__ = ["CampsResult", "camps", "adjusted_rand_index"]

_LINES = {"side": "member/officer line", "party": "party lines", "groups": "group lines"}


@dataclass
class CampsResult:
    """Result of :func:`camps`.

    Attributes
    ----------
    partition : dict
        Node -> camp (0..k-1) for every node with at least one informal signed
        tie (isolated nodes are left out).
    k : int
    frustration : int
        Edges that break the split: for k = 2 the frustration index L (negative
        within or positive across camps), for k > 2 the misfit edges of the
        blockmodel.
    normalized : float
        ``1 - 2 * frustration / m`` (m signed edges).
    optimal : bool
        Whether the split is proven optimal (k = 2 exact solution).
    significance : dict
        :func:`govnet.balance_test` with the ``"frustration"`` measure: observed,
        null_mean, null_sd, z, p, n.
    alignment : dict
        Attribute (``side``, ``party``, ``groups``) -> adjusted Rand index of
        the split against that attribute (NaN when fewer than two nodes carry
        it).
    interpretation : str
        One line, e.g. "split follows the member/officer line (ARI 1.00)".
    """

    partition: dict
    k: int
    frustration: int
    normalized: float
    optimal: bool
    significance: dict
    alignment: dict
    interpretation: str


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


def camps(G, k=2, seed=None, n=1000, rule="net"):
    """The split of the informal signed graph into camps, its significance and what it follows.

    Steps: keep the informal layer (edges whose ``layer`` is ``"informal"``
    when edges carry a ``layer``), reduce to an undirected signed graph with
    :func:`govnet.signed_graph` (``rule``, both directions pooled; zero-sign
    observations and cancelling pairs dropped), drop isolated nodes, then

    * k = 2: the frustration-minimising split (:func:`govnet.frustration_index`,
      ``method="auto"``);
    * k > 2: :func:`govnet.signed_blockmodel` with ``alpha=0.5``;

    test it with :func:`govnet.balance_test` (``"frustration"`` measure, ``n``
    sign shufflings) and compare it with the node attributes ``side``,
    ``party`` and ``groups`` of the case-graph convention by the adjusted Rand
    index (nodes missing the attribute are left out of that comparison; a
    ``groups`` list is one label, the empty list meaning "in no group").

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
        Number of null graphs for the significance test.
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
    # keep G's node order for reproducible labels
    order = {v: i for i, v in enumerate(G.nodes)}
    H2 = nx.Graph()
    H2.add_nodes_from(sorted(H.nodes, key=order.__getitem__))
    H2.add_edges_from(H.edges(data=True))
    H = H2
    m = H.number_of_edges()
    if k == 2:
        fr = frustration_index(H, method="auto", seed=seed)
        partition, frus, optimal = fr.partition, fr.value, fr.optimal
    else:
        bm = signed_blockmodel(H, k, alpha=0.5, seed=seed)
        partition, optimal = bm.partition, False
        frus = sum(1 for u, v, s in H.edges(data="sign")
                   if (s < 0) == (partition[u] == partition[v]))
    significance = balance_test(H, "frustration", n=n, seed=seed)

    alignment = {}
    for attr in ("side", "party", "groups"):
        pairs = [(partition[v], _label(G.nodes[v].get(attr))) for v in H.nodes]
        pairs = [(c, lab) for c, lab in pairs if lab is not None]
        alignment[attr] = (adjusted_rand_index([c for c, _ in pairs], [lab for _, lab in pairs])
                           if len(pairs) >= 2 else math.nan)
    known = {a: v for a, v in alignment.items() if not math.isnan(v)}
    if not known:
        text = "no side, party or groups attributes to compare the split with"
    else:
        best = max(known, key=lambda a: (known[a], -list(_LINES).index(a)))
        ari = known[best]
        if ari >= 0.5:
            text = f"split follows the {_LINES[best]} (ARI {ari:.2f})"
        elif ari >= 0.2:
            text = f"split partly follows the {_LINES[best]} (ARI {ari:.2f})"
        else:
            text = f"split cuts across side, party and group lines (best ARI {ari:.2f}, {best})"
        if significance["p"] > 0.05:
            text += f"; no more balanced than chance (p = {significance['p']:.2f})"
    return CampsResult(
        partition=dict(partition),
        k=int(k),
        frustration=int(frus),
        normalized=1 - 2 * frus / m,
        optimal=bool(optimal),
        significance=significance,
        alignment=alignment,
        interpretation=text,
    )
