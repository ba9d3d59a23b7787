"""Perceived networks: how far reporters agree on the same ties (cognitive social structures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .graph import _check_case, _observations, _relation_table, _select, _selection

__all__ = ["perception_gap"]

_COLS = [
    "source", "target", "source_side", "target_side", "reporter", "reporter_side", "sign",
    "n_observations", "observations", "n_reporters", "agreement",
]  # fmt: skip


def perception_gap(case, at=None, window=None, layers=("informal",), resolve_posts=True):
    """The signs different reporters give the same tie, and how far they agree.

    Each reporter's account of an ordered pair (after posts are resolved to holders, as in
    :func:`govnet.case_graph`) is the sign of the sum of that reporter's observations of it. A
    pair enters the result when more than one reporter gives an account of it. Its
    ``agreement`` is the share of pairs of reporters that give the same sign (1 = consensus,
    0 = every two reporters differ), the pairwise form of Krackhardt's consensus structure.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    at, window : optional
        Date or interval, as in :func:`govnet.case_graph` (default: all observations).
    layers : tuple of str
        Layers of relation types (default informal: the perceived sentiment ties).
    resolve_posts : bool
        Resolve posts to holders (default).

    Returns
    -------
    pandas.DataFrame
        One row per pair and reporter, sorted by source, target, reporter: ``source``,
        ``target``, ``source_side``, ``target_side``, ``reporter``, ``reporter_side``, ``sign``
        (-1/0/1), ``n_observations``, ``observations`` (ids joined by ``;``), ``n_reporters``
        and the pair's ``agreement``. Empty (same columns) when no pair has two reporters.

    References
    ----------
    Krackhardt, D. (1987). Cognitive social structures. *Social Networks* 9(2), 109-134.

    Examples
    --------
    >>> import govnet
    >>> gap = govnet.perception_gap(govnet.datasets.example_case())
    >>> list(gap.columns[:6])
    ['source', 'target', 'source_side', 'target_side', 'reporter', 'reporter_side']
    """
    _check_case(case)
    lo, hi = _selection(at, window)
    rel = _select(_relation_table(case), [lo], [hi])
    obs = _observations(case, rel, layers, None, None, resolve_posts, False)
    obs = obs[obs["reported_by"].notna()].astype({"reported_by": object, "id": object})
    if not len(obs):
        return pd.DataFrame(columns=_COLS)
    obs["sign"] = obs["sign"].astype("int64")
    g = obs.groupby(["_u", "_v", "reported_by"], sort=True)
    acc = g.agg(
        _sum=("sign", "sum"), n_observations=("sign", "size"),
        observations=("id", lambda s: ";".join(sorted(set(s)))),
    ).reset_index()  # fmt: skip
    acc["sign"] = np.sign(acc["_sum"]).astype(int)
    acc["n_reporters"] = acc.groupby(["_u", "_v"])["reported_by"].transform("size")
    acc = acc[acc["n_reporters"] > 1].copy()
    if not len(acc):
        return pd.DataFrame(columns=_COLS)
    # agreement: share of reporter pairs with equal signs = sum_s C(n_s, 2) / C(n, 2)
    cnt = acc.groupby(["_u", "_v", "sign"]).size().rename("k").reset_index()
    cnt["same"] = cnt["k"] * (cnt["k"] - 1) / 2
    same = cnt.groupby(["_u", "_v"])["same"].sum()
    acc = acc.join(same, on=["_u", "_v"])
    acc["agreement"] = acc["same"] / (acc["n_reporters"] * (acc["n_reporters"] - 1) / 2)
    side = case.actors.set_index("id")["side"].astype(object)
    out = pd.DataFrame(
        {
            "source": acc["_u"], "target": acc["_v"],
            "source_side": acc["_u"].map(side), "target_side": acc["_v"].map(side),
            "reporter": acc["reported_by"], "reporter_side": acc["reported_by"].map(side),
            "sign": acc["sign"], "n_observations": acc["n_observations"],
            "observations": acc["observations"], "n_reporters": acc["n_reporters"],
            "agreement": acc["agreement"].astype(float),
        }  # fmt: skip
    )
    return out.reset_index(drop=True)
