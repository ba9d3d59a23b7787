"""Signed degree and the PN centrality index of Everett and Borgatti."""

import numpy as np
import pandas as pd
import scipy.linalg

from .exceptions import ParameterError
from .signed import _adjacency, _check_signed

__all__ = ["signed_degree", "pn_index"]


def signed_degree(G):
    """Positive, negative and net degree of every node, as a tidy table.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph (see :mod:`govnet.signed`); arcs of a DiGraph are kept.

    Returns
    -------
    pandas.DataFrame
        One row per node, in the graph's node order, with columns ``node``,
        ``positive``, ``negative``, ``net`` (positive - negative) and ``ratio``
        (positive / (positive + negative), NaN for an isolated node). For a
        DiGraph the totals count in- and out-arcs together and the table adds
        ``positive_in``, ``negative_in``, ``positive_out``, ``negative_out``.

    References
    ----------
    Schoch, D. (2023). signnet: An R package for analyzing signed networks.
    *Journal of Open Source Software* 8(81), 4987 (``degree_signed``).

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> signed_degree(tribes()).head(3)
        node  positive  negative  net     ratio
    0  Gavev         3         5   -2  0.375000
    1  Kotun         3         5   -2  0.375000
    2    Ove         4         2    2  0.666667
    """
    H = _check_signed(G, directed="keep")
    nodes, A = _adjacency(H)
    P = (A > 0).astype(np.int64)
    N = (A < 0).astype(np.int64)
    p_out = np.asarray(P.sum(axis=1)).ravel()
    n_out = np.asarray(N.sum(axis=1)).ravel()
    if H.is_directed():
        p_in = np.asarray(P.sum(axis=0)).ravel()
        n_in = np.asarray(N.sum(axis=0)).ravel()
        pos, neg = p_in + p_out, n_in + n_out
    else:
        pos, neg = p_out, n_out
    tot = pos + neg
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(tot > 0, pos / np.where(tot > 0, tot, 1), np.nan)
    df = pd.DataFrame({"node": pd.Series(nodes, dtype=object), "positive": pos,
                       "negative": neg, "net": pos - neg, "ratio": ratio})
    if H.is_directed():
        df["positive_in"], df["negative_in"] = p_in, n_in
        df["positive_out"], df["negative_out"] = p_out, n_out
    return df


def pn_index(G, mode="all"):
    """PN centrality index (Everett & Borgatti 2014).

    With ``A = P - 2N`` (P, N the positive and negative adjacency matrices)
    and n nodes, ``PN = (I - A / (2n - 2))^-1 1`` for an undirected graph.
    For a DiGraph, ``mode="out"`` gives ``(I - A A^T / (4(n-1)^2))^-1 (I + A /
    (2n - 2)) 1`` and ``mode="in"`` the same with ``A^T``, as in signnet.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph (see :mod:`govnet.signed`), at least 2 nodes.
    mode : {"all", "in", "out"}
        "all" for undirected graphs (the only mode they accept, and not
        accepted for a DiGraph).

    Returns
    -------
    pandas.Series
        PN index indexed by node, in the graph's node order.

    References
    ----------
    Everett, M. G., & Borgatti, S. P. (2014). Networks containing negative
    ties. *Social Networks* 38, 111-120.

    Schoch, D. (2023). signnet (``pn_index``).

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> pn_index(tribes()).round(3).head(3)
    Gavev    0.753
    Kotun    0.764
    Ove      1.042
    Name: pn, dtype: float64
    """
    H = _check_signed(G, directed="keep")
    if mode not in ("all", "in", "out"):
        raise ParameterError(f"mode must be 'all', 'in' or 'out', got {mode!r}")
    if H.is_directed() and mode == "all":
        raise ParameterError("mode='all' is for undirected graphs; use 'in' or 'out'")
    if not H.is_directed() and mode != "all":
        raise ParameterError("an undirected graph has only mode='all'")
    nodes, A = _adjacency(H)
    n = len(nodes)
    if n < 2:
        raise ParameterError("pn_index needs at least 2 nodes")
    A = A.toarray().astype(float)
    A = np.where(A > 0, 1.0, 0.0) - 2 * np.where(A < 0, 1.0, 0.0)
    eye = np.eye(n)
    one = np.ones(n)
    try:
        if mode == "all":
            res = scipy.linalg.solve(eye - A / (2 * n - 2), one)
        else:
            B = A.T if mode == "in" else A
            M = eye - (B @ B.T) / (4 * (n - 1) ** 2)
            res = scipy.linalg.solve(M, (eye + B / (2 * n - 2)) @ one)
    except np.linalg.LinAlgError as err:
        raise ParameterError(f"the PN system is singular for this graph ({err})") from None
    return pd.Series(res, index=pd.Index(nodes, dtype=object), name="pn")
