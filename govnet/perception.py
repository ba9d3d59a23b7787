"""Perceived networks: how far reporters agree on the same ties (cognitive social structures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exceptions import ParameterError
from .graph import _check_case, _observations, _relation_table, _select, _selection, _units

__all__ = ["perception_gap"]

_COLS = [
    "period", "source", "target", "source_side", "target_side", "reporter", "reporter_side",
    "sign", "change", "n_observations", "observations", "n_reporters", "agreement",
]  # fmt: skip


def _periods(case, at, window, by):
    """[(label, lo, hi)]: the selection when ``at``/``window`` is given, else by ``by``."""
    if at is not None or window is not None:
        lo, hi = _selection(at, window)
        return [(str(at) if at is not None else f"{window[0]}/{window[1]}", lo, hi)]
    if isinstance(by, str) and by == "all":
        lo, hi = _selection(None, None)
        return [("all", lo, hi)]
    if isinstance(by, str) and by == "era":
        from .eras import eras

        e = eras(case)
        return list(zip(e["label"], e["start"], e["end"], strict=True)) or _periods(case, None, None, "all")
    if isinstance(by, (list, tuple)) and by:
        return sorted(((str(d), *_selection(d, None)) for d in by), key=lambda p: (p[1], p[0]))
    raise ParameterError(f"by={by!r}: use 'era', 'all' or a list of dates")


def perception_gap(case, at=None, window=None, layers=("informal",), resolve_posts=True, by="era"):
    """The signs different reporters give the same tie in the same period, and how far they agree.

    Reporters are compared within a period, so that accounts of different times are not
    taken for a disagreement: by default each era of the case (:func:`govnet.eras`). Each
    reporter's account of an ordered pair in a period (after posts are resolved to holders, as
    in :func:`govnet.case_graph`) is the sign of the sum of its votes, one per source (the sign
    of the sum of that source's rows, so that splitting a quote into rows changes nothing);
    ``change`` marks an account that gives both +1 and -1 in the period (the reporter changing
    its account, which is not a disagreement). A pair enters the result for a period when more
    than one reporter gives an account of it there. Its ``agreement`` is the share of pairs of
    reporters that give the same sign (1 = consensus, 0 = every two reporters differ), the
    pairwise form of Krackhardt's consensus structure.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    at, window : optional
        Date or interval, as in :func:`govnet.case_graph`: then the one period compared
        (``by`` is not used).
    layers : tuple of str
        Layers of relation types (default informal: the perceived sentiment ties).
    resolve_posts : bool
        Resolve posts to holders (default).
    by : "era", "all" or list of dates
        The periods within which reporters are compared: the case's eras (default), the
        whole case (``"all"``: every date pooled) or each of the (partial) dates given.

    Returns
    -------
    pandas.DataFrame
        One row per period, pair and reporter, sorted by period (in time), source, target,
        reporter: ``period`` (the era's label, the date, or "all"), ``source``, ``target``,
        ``source_side``, ``target_side``, ``reporter``, ``reporter_side``, ``sign`` (-1/0/1),
        ``change``, ``n_observations``, ``observations`` (ids joined by ``;``),
        ``n_reporters`` and the pair's ``agreement`` in the period. Empty (same columns) when
        no pair has two reporters.

    References
    ----------
    Krackhardt, D. (1987). Cognitive social structures. *Social Networks* 9(2), 109-134.

    Examples
    --------
    >>> import govnet
    >>> gap = govnet.perception_gap(govnet.datasets.example_case())
    >>> list(gap.columns[:6])
    ['period', 'source', 'target', 'source_side', 'target_side', 'reporter']
    """
    _check_case(case)
    periods = _periods(case, at, window, by)
    acc = _accounts(_reported_observations(case, periods, layers, resolve_posts))
    if not len(acc):
        return pd.DataFrame(columns=_COLS)
    acc = _agreement(acc)
    side = case.actors.set_index("id")["side"].astype(object)
    out = pd.DataFrame(
        {
            "period": acc["_w"].map(dict(enumerate(p[0] for p in periods))),
            "source": acc["_u"], "target": acc["_v"],
            "source_side": acc["_u"].map(side), "target_side": acc["_v"].map(side),
            "reporter": acc["reported_by"], "reporter_side": acc["reported_by"].map(side),
            "sign": acc["sign"], "change": acc["change"].astype(bool),
            "n_observations": acc["n_observations"], "observations": acc["observations"],
            "n_reporters": acc["n_reporters"], "agreement": acc["agreement"].astype(float),
        }  # fmt: skip
    )
    return out.reset_index(drop=True)


def _reported_observations(case, periods, layers, resolve_posts):
    """The observations with a reporter in each period (``_w``: its number), signed, in units."""
    rel = _relation_table(case)
    parts = [_select(rel, [lo], [hi]).assign(_w=i) for i, (_, lo, hi) in enumerate(periods)]
    obs = _observations(case, pd.concat(parts, ignore_index=True), layers, None, None,
                        resolve_posts, False)  # fmt: skip
    obs = obs[obs["reported_by"].notna()].astype({"reported_by": object, "id": object})
    if len(obs):
        obs["sign"] = obs["sign"].astype("int64")
        obs["_unit"] = _units(obs)
    return obs


def _accounts(obs):
    """One row per period, pair and reporter (the account's sign, change, observations), for
    the pairs that more than one reporter gives an account of in the period."""
    if not len(obs):
        return obs
    keys = ["_w", "_u", "_v", "reported_by"]
    votes = np.sign(obs.groupby([*keys, "_unit"], sort=True)["sign"].sum()).groupby(keys).sum()
    g = obs.groupby(keys, sort=True)
    acc = g.agg(
        n_observations=("sign", "size"), _min=("sign", "min"), _max=("sign", "max"),
        observations=("id", lambda s: ";".join(sorted(set(s)))),
    ).join(votes.rename("_sum")).reset_index()  # fmt: skip
    acc["sign"] = np.sign(acc["_sum"]).astype(int)
    acc["change"] = (acc["_min"] < 0) & (acc["_max"] > 0)
    acc["n_reporters"] = acc.groupby(["_w", "_u", "_v"])["reported_by"].transform("size")
    return acc[acc["n_reporters"] > 1].copy()


def _agreement(acc):
    """``acc`` with each pair's ``agreement`` in its period: the share of reporter pairs with
    equal signs, sum_s C(n_s, 2) / C(n, 2)."""
    cnt = acc.groupby(["_w", "_u", "_v", "sign"]).size().rename("k").reset_index()
    cnt["same"] = cnt["k"] * (cnt["k"] - 1) / 2
    same = cnt.groupby(["_w", "_u", "_v"])["same"].sum()
    acc = acc.join(same, on=["_w", "_u", "_v"])
    acc["agreement"] = acc["same"] / (acc["n_reporters"] * (acc["n_reporters"] - 1) / 2)
    return acc
