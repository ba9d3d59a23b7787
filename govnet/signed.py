"""Signed-graph convention: the check every function runs, and signed_graph() to reduce observations.

The signed-graph convention
---------------------------
A *signed graph* is a simple networkx ``Graph`` (undirected) or ``DiGraph``
(directed) in which

* every edge has an attribute ``sign`` equal to -1 or +1 (ints, floats equal
  to +-1 and numpy integers are accepted; ``bool``, 0 and anything else are
  not);
* an optional ``weight`` is carried along but **not used** by the balance,
  frustration, blockmodel and degree measures: every edge counts once;
* there are no self-loops and no parallel edges (``MultiGraph`` and
  ``MultiDiGraph`` are refused);
* node names are any hashable values; results are keyed by them.

Graphs with several observations per pair (the case graph of
:func:`govnet.case_graph` with ``aggregate=None``, whose edges carry
``sign`` in {-1, 0, 1}, ``start`` and ``id``) are reduced to a signed graph
by :func:`signed_graph`, which drops zero-sign (formal, neutral) observations
and pairs whose observations cancel out.

Directed input to an undirected measure (triangles, walks, frustration,
camps) is *symmetrised*: the pair {u, v} gets the sign of the sum of the
signs of u->v and v->u; when the two directions disagree (+1 and -1) the
pair is **dropped** (it is neither an alliance nor an enmity). Pass
``directed=False`` to :func:`signed_graph` to apply the same rule explicitly
before calling a measure. Functions that have a directed version
(:func:`govnet.signed_degree`, :func:`govnet.pn_index`,
:func:`govnet.signed_blockmodel`) use the arcs as they are.

Every public function checks the convention at the top and raises
:class:`govnet.exceptions.GraphConventionError` naming the problem.
"""

import math
import numbers

import networkx as nx

from .exceptions import GraphConventionError, ParameterError

__all__ = ["signed_graph"]

CONVENTION = __doc__


def _sign_ok(s):
    if isinstance(s, bool) or not isinstance(s, numbers.Real):
        return False
    return s == 1 or s == -1


def _check_signed(G, directed="symmetrise"):
    """Check the signed-graph convention and return a graph to work on.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    directed : {"symmetrise", "error", "keep"}
        What to do with a ``DiGraph``: symmetrise by the documented rule
        (net sign of both directions, ties dropped), raise, or keep as is.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        ``G`` itself when it is usable as given, else a symmetrised copy.
    """
    if not isinstance(G, nx.Graph):
        raise GraphConventionError(
            f"expected a networkx Graph or DiGraph with a 'sign' on every edge, got {type(G).__name__}"
        )
    if G.is_multigraph():
        raise GraphConventionError(
            "multigraphs are not signed graphs: reduce parallel edges first with "
            "govnet.signed_graph(G, rule='net'|'majority'|'latest')"
        )
    loops = list(nx.selfloop_edges(G))
    if loops:
        raise GraphConventionError(f"self-loops are not allowed in a signed graph: {loops[:3]}")
    for u, v, s in G.edges(data="sign"):
        if s is None:
            raise GraphConventionError(f"edge ({u!r}, {v!r}) has no 'sign' attribute")
        if not _sign_ok(s):
            extra = (
                " (zero-sign edges must be dropped: use govnet.signed_graph)" if s == 0 else ""
            )
            raise GraphConventionError(
                f"edge ({u!r}, {v!r}) has sign {s!r}; signs must be -1 or +1{extra}"
            )
    if directed not in ("symmetrise", "error", "keep"):
        raise ParameterError(f"directed must be 'symmetrise', 'error' or 'keep', got {directed!r}")
    if G.is_directed():
        if directed == "error":
            raise GraphConventionError(
                "this measure needs an undirected graph; symmetrise with "
                "govnet.signed_graph(G, directed=False)"
            )
        if directed == "symmetrise":
            return _symmetrise(G)
    return G


def _symmetrise(G):
    """Undirected copy of a simple signed DiGraph: net sign of both arcs, ties dropped."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    total = {}
    for u, v, s in G.edges(data="sign"):
        key = (u, v) if (v, u) not in total else (v, u)
        total[key] = total.get(key, 0) + int(s)
    H.add_edges_from((u, v, {"sign": 1 if t > 0 else -1}) for (u, v), t in total.items() if t)
    return H


def _obs_sign(d):
    s = d.get("sign")
    if s is None:
        raise GraphConventionError("an observation has no 'sign' attribute")
    if isinstance(s, bool) or not isinstance(s, numbers.Real) or s not in (-1, 0, 1):
        raise GraphConventionError(f"an observation has sign {s!r}; signs must be -1, 0 or 1")
    return int(s)


def signed_graph(G, rule="net", directed=None):
    """Reduce a multigraph or multi-observation graph to a simple signed graph.

    Each pair's observations (parallel edges of a ``MultiGraph`` or
    ``MultiDiGraph``, or single edges of a simple graph) are combined into
    one edge with ``sign`` in {-1, +1}; pairs whose combined sign is 0 are
    dropped, and so are zero-sign observations (formal or neutral ties) before
    combining. Rules:

    * ``"net"``: sign of the sum of ``sign * weight`` (``weight`` defaults
      to 1; the aggregated case graph stores the number of observations in
      ``weight``);
    * ``"majority"``: the more frequent non-zero sign, one vote per
      observation (weights ignored); a tie drops the pair;
    * ``"latest"``: the sign of the observation with the latest ``start``
      (ISO date strings compared as text, so ``"2021"`` sorts before
      ``"2021-05"``; a missing ``start`` counts as earliest); several
      observations with the same latest start are combined by ``"net"``.

    With ``directed=False`` both directions of a pair are pooled first; an
    observation present in both directions with the same ``id`` (how the case
    graph stores undirected observations) is counted once. This is the
    documented symmetrisation rule of the convention.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        Edges carry ``sign`` in {-1, 0, 1}; optional ``weight``, ``start``,
        ``id``.
    rule : {"net", "majority", "latest"}
    directed : bool or None
        None keeps the input's directedness; False returns an undirected graph.
        True on undirected input is an error.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        A signed graph following the convention, with all nodes of ``G`` (and
        their attributes) and edge attributes ``sign``, ``weight`` (number of
        non-zero observations combined) and ``observations`` (sorted list of
        their ``id`` values, or the union of the input's ``observations``
        lists for an aggregated case graph, when the input has them).

    Raises
    ------
    GraphConventionError
        If ``G`` is not a networkx graph, has self-loops or a sign outside
        {-1, 0, 1}.
    ParameterError
        If ``rule`` or ``directed`` is not recognised.

    References
    ----------
    Aref, S., & Wilson, M. C. (2018). Measuring partial balance in signed
    networks. *Journal of Complex Networks* 6(4), 566-595.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", sign=1, id="o1", start="2021")
    >>> _ = M.add_edge("a", "b", sign=-1, id="o2", start="2023")
    >>> _ = M.add_edge("a", "b", sign=-1, id="o3", start="2022")
    >>> _ = M.add_edge("b", "c", sign=0, id="o4", start="2022")
    >>> H = signed_graph(M, rule="majority")
    >>> sorted(H.edges(data="sign"))
    [('a', 'b', -1)]
    >>> signed_graph(M, rule="latest").edges["a", "b"]["observations"]
    ['o1', 'o2', 'o3']

    The tribes data are already a signed graph and pass through unchanged:

    >>> from govnet.datasets import tribes
    >>> signed_graph(tribes()).number_of_edges()
    58
    """
    if rule not in ("net", "majority", "latest"):
        raise ParameterError(f"rule must be 'net', 'majority' or 'latest', got {rule!r}")
    if not isinstance(G, nx.Graph):
        raise GraphConventionError(f"expected a networkx graph, got {type(G).__name__}")
    if directed not in (None, True, False):
        raise ParameterError(f"directed must be None, True or False, got {directed!r}")
    if directed is True and not G.is_directed():
        raise ParameterError("cannot make a directed graph from undirected input")
    out_directed = G.is_directed() and directed is not False
    loops = list(nx.selfloop_edges(G))
    if loops:
        raise GraphConventionError(f"self-loops are not allowed in a signed graph: {loops[:3]}")
    H = nx.DiGraph() if out_directed else nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for (u, v), obs in _pair_observations(G, out_directed).items():
        vals = list(obs.values())
        total = _combine(vals, rule)
        if total == 0 or (isinstance(total, float) and math.isnan(total)):
            continue
        attrs = {"sign": 1 if total > 0 else -1, "weight": len(vals)}
        ids = {i for *_, group in vals for i in group}
        if ids:
            attrs["observations"] = sorted(ids, key=str)
        H.add_edge(u, v, **attrs)
    return H


def _pair_observations(G, directed):
    """Pair -> {observation key: (sign, weight, start, ids)} of the non-zero observations; with
    ``directed=False`` both directions pooled, an ``id`` seen in both counted once."""
    pairs = {}
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, None, d) for u, v, d in G.edges(data=True)
    )
    for n, (u, v, _k, d) in enumerate(edges):
        s = _obs_sign(d)
        if s == 0:
            continue
        if directed:
            key = (u, v)
        else:
            key = (u, v) if (v, u) not in pairs else (v, u)
        oid = d.get("id")
        okey = ("id", oid) if oid is not None else ("n", n)
        w = d.get("weight", 1)
        ids = [oid] if oid is not None else list(d.get("observations") or [])
        pairs.setdefault(key, {})[okey] = (s, w, d.get("start") or "", ids)
    return pairs


def _combine(vals, rule):
    """The combined (signed) total of one pair's observations by ``rule``: its sign is the tie's."""
    if rule == "net":
        return sum(s * w for s, w, _, _ in vals)
    if rule == "majority":
        return sum(s for s, _, _, _ in vals)
    last = max(str(st) for _, _, st, _ in vals)
    return sum(s * w for s, w, st, _ in vals if str(st) == last)


def _adjacency(H):
    """Node list and sparse signed adjacency (CSR, int8 +-1) of a checked signed graph.

    Undirected graphs give a symmetric matrix; directed graphs give A[i, j] =
    sign of the arc i -> j.
    """
    import numpy as np
    import scipy.sparse as sp

    nodes = list(H.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    m = H.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    vals = np.empty(m, dtype=np.int8)
    for e, (u, v, s) in enumerate(H.edges(data="sign")):
        rows[e], cols[e], vals[e] = index[u], index[v], s
    n = len(nodes)
    if not H.is_directed():
        rows, cols = np.concatenate([rows, cols]), np.concatenate([cols, rows])
        vals = np.concatenate([vals, vals])
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.int8)
    return nodes, A
