"""Structural balance scores: triangles, walks and their significance against a sign-shuffling null."""

import math
import numbers

import numpy as np
import scipy.linalg
import scipy.sparse as sp

from .exceptions import ParameterError
from .signed import _adjacency, _check_signed

__all__ = ["N_NULL", "signed_triangle_census", "triangle_balance", "walk_balance", "balance_test"]

#: Default number of null draws (sign shufflings) of every significance test, in the API and
#: in the reports alike.
N_NULL = 200


def _triangles(H):
    """All triangles of an undirected signed graph: (t, 3) array of edge indices, and edge signs."""
    nodes, A = _adjacency(H)
    U = sp.triu(A, k=1, format="csr")
    signs = U.data.astype(np.int8)
    rows = np.repeat(np.arange(U.shape[0]), np.diff(U.indptr))
    eid = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(rows, U.indices, strict=True))}
    nbr = [set(U.indices[U.indptr[i]:U.indptr[i + 1]].tolist()) for i in range(U.shape[0])]
    tri = []
    for (i, j), e in eid.items():  # i < j < k
        for k in sorted(nbr[i] & nbr[j]):
            tri.append((e, eid[(i, k)], eid[(j, k)]))
    return np.asarray(tri, dtype=np.int64).reshape(-1, 3), signs


def _census_counts(H):
    """(+++, ++-, +--, ---) counts by traces of products of the positive and negative adjacency."""
    _, A = _adjacency(H)
    P = (A > 0).astype(np.int64)
    N = (A < 0).astype(np.int64)

    def tr(X, Y, Z):  # trace(X @ Y @ Z) without forming the full product
        return int((X @ Y).multiply(Z.T).sum())

    return (tr(P, P, P) // 6, tr(P, P, N) // 2, tr(N, N, P) // 2, tr(N, N, N) // 6)


def signed_triangle_census(G):
    """Count the triangles of a signed graph by their number of negative edges.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph (see :mod:`govnet.signed`); a DiGraph is symmetrised by
        the documented rule.

    Returns
    -------
    dict
        ``{"+++": n0, "++-": n1, "+--": n2, "---": n3}``. Triangles with an
        even number of negative edges (+++ and +--) are balanced.

    References
    ----------
    Cartwright, D., & Harary, F. (1956). Structural balance: a generalization
    of Heider's theory. *Psychological Review* 63(5), 277-293.

    Schoch, D. (2023). signnet: An R package for analyzing signed networks.
    *Journal of Open Source Software* 8(81), 4987 (``count_signed_triangles``).

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> signed_triangle_census(tribes())
    {'+++': 19, '++-': 2, '+--': 40, '---': 7}
    """
    H = _check_signed(G, directed="symmetrise")
    n0, n1, n2, n3 = _census_counts(H)
    return {"+++": n0, "++-": n1, "+--": n2, "---": n3}


def triangle_balance(G):
    """Share of balanced triangles (an even number of negative edges).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph; a DiGraph is symmetrised by the documented rule.

    Returns
    -------
    float
        (+++ plus +--) / all triangles; NaN when the graph has no triangle.

    References
    ----------
    Cartwright, D., & Harary, F. (1956). Structural balance: a generalization
    of Heider's theory. *Psychological Review* 63(5), 277-293.

    Schoch, D. (2023). signnet (``balance_score(g, "triangles")``; tribes:
    0.8676471).

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> round(triangle_balance(tribes()), 7)
    0.8676471
    """
    H = _check_signed(G, directed="symmetrise")
    n0, n1, n2, n3 = _census_counts(H)
    total = n0 + n1 + n2 + n3
    return (n0 + n2) / total if total else math.nan


def _walk_ratio(A):
    A = A.toarray().astype(float) if sp.issparse(A) else np.asarray(A, dtype=float)
    if A.shape[0] == 0:
        return math.nan
    ls = scipy.linalg.eigvalsh(A)
    lu = scipy.linalg.eigvalsh(np.abs(A))
    lse = scipy.special.logsumexp
    return float(math.exp(lse(ls) - lse(lu)))


def walk_balance(G):
    """signnet's walk-based balance: ``trace(exp(A)) / trace(exp(|A|))``.

    The ratio of the sums of the exponentials of the eigenvalues of the signed
    adjacency matrix and of the unsigned one: closed walks weighted by
    1/length!, balanced minus unbalanced over all. 1 for a balanced graph.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph; a DiGraph is symmetrised by the documented rule. Uses
        a dense eigendecomposition (O(n^3)): meant for graphs up to a few
        thousand nodes.

    Returns
    -------
    float
        NaN for a graph without nodes.

    References
    ----------
    Estrada, E., & Benzi, M. (2014). Walk-based measure of balance in signed
    networks: Detecting lack of balance in social networks. *Physical Review
    E* 90(4), 042802.

    Schoch, D. (2023). signnet (``balance_score(g, "walk")``; tribes:
    0.3575761).

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> round(walk_balance(tribes()), 7)
    0.3575761
    """
    H = _check_signed(G, directed="symmetrise")
    _, A = _adjacency(H)
    return _walk_ratio(A)


def _null_triangles(H, n, rng):
    tri, signs = _triangles(H)
    obs = float(np.mean(np.prod(signs[tri], axis=1) > 0)) if len(tri) else math.nan
    null = np.empty(n)
    for b in range(n):
        s = rng.permutation(signs)
        null[b] = np.mean(np.prod(s[tri], axis=1) > 0) if len(tri) else math.nan
    return obs, null


#: Largest block ``balance_test`` enumerates (2^15 partitions; the exact frustration index
#: enumerates up to 14 nodes per graph, but the null solves hundreds of re-signings at once).
_EXACT_NODES = 16


def _core_blocks(rows, cols):
    """Blocks for exact L of a graph and of any re-signing of its edges, or None.

    As in :func:`govnet.frustration_index` (exact), L is the sum over the biconnected
    components, and a bridge is never frustrated. Each other component is returned as (its
    edge positions in ``rows``/``cols``, P) with P[p, e] = x_u x_v of edge e under partition
    p; then L(signs) = sum over blocks of min_p (m_b - P @ signs[edges]) / 2. None when a
    component has more than ``_EXACT_NODES`` nodes.
    """
    import networkx as nx

    from .frustration import _partitions

    G = nx.Graph()
    G.add_edges_from((int(u), int(v), {"e": e})
                     for e, (u, v) in enumerate(zip(rows, cols, strict=True)))
    blocks = []
    for bedges in nx.biconnected_component_edges(G):
        if len(bedges) == 1:
            continue
        nodes = sorted({v for e in bedges for v in e})
        if len(nodes) > _EXACT_NODES:
            return None
        index = {v: i for i, v in enumerate(nodes)}
        X = _partitions(len(nodes)).astype(np.float32)
        P = X[:, [index[u] for u, _ in bedges]] * X[:, [index[v] for _, v in bedges]]
        blocks.append((np.array([G.edges[e]["e"] for e in bedges], dtype=np.int64), P))
    return blocks


def _exact_L(blocks, S):
    """Exact L for each row of the sign matrix S (k, m), from :func:`_core_blocks`."""
    L = np.zeros(len(S), dtype=np.int64)
    for edges, P in blocks:
        for lo in range(0, len(S), 256):  # (partitions x 256) floats at a time
            part = S[lo:lo + 256][:, edges].astype(np.float32)
            L[lo:lo + 256] += np.rint((len(edges) - (P @ part.T).max(axis=0)) / 2).astype(np.int64)
    return L


def _null_matrices(H, measure, n, rng):
    """Observed walk or frustration score and its ``n`` sign-shuffled values, from the adjacency
    matrix (frustration exactly per biconnected block when each is small enough)."""
    _, A = _adjacency(H)
    U = sp.triu(A, k=1, format="coo")
    signs = U.data.astype(np.int8)
    m = len(signs)
    blocks = _core_blocks(U.row, U.col) if measure == "frustration" and m else None
    if blocks is not None:
        S = np.vstack([signs] + [rng.permutation(signs) for _ in range(n)])
        values = 1 - 2 * _exact_L(blocks, S) / m
        return float(values[0]), values[1:].astype(float)
    if measure == "walk":
        f = _walk_ratio
    else:
        from .frustration import _heuristic

        def f(M):
            return 1 - 2 * _heuristic(M, rng, restarts=3)[1] / m if m else math.nan

    def mat(sg):
        return sp.csr_matrix((np.concatenate([sg, sg]),
                              (np.concatenate([U.row, U.col]), np.concatenate([U.col, U.row]))),
                             shape=A.shape, dtype=np.int8)

    obs = float(f(mat(signs)))
    return obs, np.array([f(mat(rng.permutation(signs))) for _ in range(n)], dtype=float)


def _null_callable(H, measure, n, rng):
    """``measure(H)`` and its values on ``n`` copies of ``H`` with the signs shuffled."""
    edges = list(H.edges)
    signs = np.array([H.edges[e]["sign"] for e in edges], dtype=np.int8)
    obs = float(measure(H))
    null = np.empty(n)
    X = H.copy()
    for b in range(n):
        for e, sg in zip(edges, rng.permutation(signs), strict=True):
            X.edges[e]["sign"] = int(sg)
        null[b] = measure(X)
    return obs, null


def balance_test(G, measure="triangles", n=N_NULL, seed=None):
    """Test a balance score against a null model that shuffles the signs.

    The null keeps the graph and the number of negative edges and assigns the
    signs to the edges uniformly at random (a permutation of the observed
    signs). The p-value is one-sided, for "more balanced than chance":
    ``(1 + #{null >= observed}) / (n + 1)``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A signed graph; a DiGraph is symmetrised by the documented rule.
    measure : {"triangles", "walk", "frustration"} or callable
        ``"triangles"`` = :func:`triangle_balance`, ``"walk"`` =
        :func:`walk_balance`, ``"frustration"`` = the normalised line index
        ``1 - 2L/m``, computed for the observed graph and every null graph
        alike: exactly when no biconnected component of the graph has more
        than 16 nodes, by enumerating the partitions of each (L is their sum),
        else by the heuristic of :func:`govnet.frustration_index` (upper
        bounds on L computed the same way). A
        callable takes a signed graph and returns a float (higher = more
        balanced).
    n : int
        Number of null graphs (default :data:`N_NULL`).
    seed : int or None
        Seed of the null; the same seed gives the same result. None means 0
        (reproducible by default).

    Returns
    -------
    dict
        ``measure``, ``observed``, ``null_mean``, ``null_sd``, ``z`` (NaN when
        the null sd is 0), ``p``, ``n``.

    References
    ----------
    Szell, M., Lambiotte, R., & Thurner, S. (2010). Multirelational
    organization of large-scale social networks in an online world. *PNAS*
    107(31), 13636-13641 (sign-shuffling null model).

    Aref, S., & Wilson, M. C. (2018). Measuring partial balance in signed
    networks. *Journal of Complex Networks* 6(4), 566-595.

    Examples
    --------
    >>> from govnet.datasets import tribes
    >>> r = balance_test(tribes(), "triangles", n=200, seed=1)
    >>> round(r["observed"], 4), r["p"] < 0.01
    (0.8676, True)
    """
    H = _check_signed(G, directed="symmetrise")
    if not isinstance(n, numbers.Integral) or n < 1:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(0 if seed is None else seed)
    if measure == "triangles":
        obs, null = _null_triangles(H, n, rng)
    elif measure in ("walk", "frustration"):
        obs, null = _null_matrices(H, measure, n, rng)
    elif callable(measure):
        obs, null = _null_callable(H, measure, n, rng)
    else:
        raise ParameterError(
            f"measure must be 'triangles', 'walk', 'frustration' or a callable, got {measure!r}"
        )
    name = measure if isinstance(measure, str) else getattr(measure, "__name__", "callable")
    mean = float(np.mean(null))
    sd = float(np.std(null, ddof=1)) if n > 1 else math.nan
    z = (obs - mean) / sd if sd and not math.isnan(sd) else math.nan
    p = (1 + int(np.sum(null >= obs - 1e-12))) / (n + 1)
    return {"measure": name, "observed": obs, "null_mean": mean, "null_sd": sd, "z": z,
            "p": p, "n": n}


