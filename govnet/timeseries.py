"""Time: trajectories of measures, churn of posts, the oversight ladder and Best Value themes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exceptions import ParameterError
from .graph import (
    _aggregate,
    _check_case,
    _interval,
    _observations,
    _relation_table,
    _select,
    _span_cols,
    _tenure_table,
)
from .validate import _quotes_as_shown

__all__ = ["MEASURES", "trajectory", "churn", "oversight_ladder", "themes"]

#: Measures :func:`trajectory` can compute, each from the net-aggregated graph of a period.
MEASURES = (
    "n_observations", "n_ties", "n_actors", "mean_sign", "share_negative",
    "interface_n_ties", "interface_mean_sign",
)  # fmt: skip


def _case_span(case):
    """(lo, hi) of the case period from case.yml, else from the relations' spans."""
    period = (getattr(case, "meta", None) or {}).get("period") or {}
    lo = hi = None
    if period.get("start") not in (None, ""):
        lo = _interval(str(period["start"]))[0]
    if period.get("end") not in (None, ""):
        hi = _interval(str(period["end"]))[1]
    if lo is None or hi is None:
        r = _relation_table(case)
        if r["_lo"].notna().any():
            lo = r["_lo"].min() if lo is None else lo
            hi = r["_hi"].max() if hi is None else hi
    if lo is None or hi is None:
        raise ParameterError("the case has no period and no dated relations; pass a list of dates")
    return pd.Timestamp(lo), pd.Timestamp(hi)


def _windows(case, freq, start=None, end=None):
    """Sorted period windows (lo, hi) for a pandas frequency or a list of (partial) dates."""
    if isinstance(freq, str):
        lo, hi = _case_span(case)
        lo = _interval(start)[0] if start is not None else lo
        hi = _interval(end)[1] if end is not None else hi
        try:
            off = pd.tseries.frequencies.to_offset(freq)
        except ValueError as err:
            raise ParameterError(f"freq={freq!r} is not a pandas frequency (e.g. 'YS', 'QS')") from err
        if freq not in ("YS", "QS", "MS") and not freq.endswith("S"):
            raise ParameterError(f"freq={freq!r}: use a period-start frequency such as 'YS' or 'QS'")
        starts = pd.date_range(off.rollback(lo), hi, freq=off)
        ends = [*(starts[1:] - pd.Timedelta(days=1)), starts[-1] + off - pd.Timedelta(days=1)]
        return np.asarray(starts, "datetime64[ns]"), np.asarray(ends, "datetime64[ns]")
    if not isinstance(freq, (list, tuple, pd.Index, np.ndarray)) or len(freq) == 0:
        raise ParameterError(f"freq={freq!r}: give 'YS', 'QS' or a non-empty list of dates")
    iv = sorted(_interval(d, "freq date") for d in freq)
    return (np.asarray([a for a, _ in iv], "datetime64[ns]"),
            np.asarray([b for _, b in iv], "datetime64[ns]"))  # fmt: skip


def _explode(table, wlo, whi):
    """Rows × windows they overlap: one sweep when windows are disjoint, else per window."""
    if len(wlo) < 2 or (wlo[1:] > whi[:-1]).all():
        return _select(table, wlo, whi)
    parts = [_select(table, wlo[i : i + 1], whi[i : i + 1]).assign(_w=i) for i in range(len(wlo))]
    return pd.concat(parts, ignore_index=True)


def trajectory(case, freq="YS", measures=MEASURES, layers=("informal",), start=None, end=None):
    """Measures of the case network over time, one row per period and measure.

    Each period's network is what :func:`govnet.case_graph` gives for ``window=(period start,
    period end)`` with ``aggregate="net"``; all periods are built in one sweep over the
    observations sorted by date (each observation is placed in the periods it overlaps).

    Measures (on the net-aggregated ties of the period): ``n_observations``; ``n_ties``
    (ordered pairs); ``n_actors`` (nodes touched by a tie); ``mean_sign``; ``share_negative``;
    ``interface_n_ties`` and ``interface_mean_sign`` (member->officer and officer->member ties).

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    freq : str or list
        ``"YS"`` (years), ``"QS"`` (quarters) or another period-start frequency over the case
        period (case.yml ``period``), or a list of (partial) dates each standing for its
        interval (``["2021", "2023-10"]``).
    measures : sequence of str
        Any of :data:`MEASURES`.
    layers : tuple of str
        Relation layers (default informal).
    start, end : optional
        Override the case period for a frequency.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (period start), ``end`` (period end), ``measure``, ``value``; sorted by
        date then the order of ``measures``. Means are NaN for a period without ties.

    References
    ----------
    Holme, P. & Saramäki, J. (2012). Temporal networks. *Physics Reports* 519(3), 97-125.

    Examples
    --------
    >>> import govnet
    >>> t = govnet.trajectory(govnet.datasets.example_case(), measures=["n_ties"])
    >>> list(t.columns), t["measure"].unique().tolist()
    (['date', 'end', 'measure', 'value'], ['n_ties'])
    """
    _check_case(case)
    measures = [measures] if isinstance(measures, str) else list(measures)
    bad = [m for m in measures if m not in MEASURES]
    if bad or not measures:
        raise ParameterError(f"measures: unknown {bad}; choose from {list(MEASURES)}")
    wlo, whi = _windows(case, freq, start, end)
    rel = _explode(_relation_table(case), wlo, whi)
    obs = _observations(case, rel, layers, None, None, True, False)
    nw = len(wlo)
    res = pd.DataFrame(index=pd.RangeIndex(nw, name="_w"))
    res["n_observations"] = obs.groupby("_w").size().reindex(res.index, fill_value=0)
    if len(obs):
        agg = _aggregate(obs, "net", keys=("_w", "_u", "_v"))
    else:
        agg = pd.DataFrame({"_w": [], "_u": [], "_v": [], "sign": []})
    side = case.actors.set_index("id")["side"].astype(object)
    su, sv = agg["_u"].map(side), agg["_v"].map(side)
    agg["_iface"] = ((su == "member") & (sv == "officer")) | ((su == "officer") & (sv == "member"))
    agg["_neg"] = agg["sign"] < 0
    g = agg.groupby("_w")
    res["n_ties"] = g.size().reindex(res.index, fill_value=0)
    ends = pd.concat([agg[["_w", "_u"]].set_axis(["_w", "n"], axis=1),
                      agg[["_w", "_v"]].set_axis(["_w", "n"], axis=1)])  # fmt: skip
    res["n_actors"] = ends.groupby("_w")["n"].nunique().reindex(res.index, fill_value=0)
    res["mean_sign"] = g["sign"].mean().reindex(res.index)
    res["share_negative"] = g["_neg"].mean().reindex(res.index)
    gi = agg[agg["_iface"]].groupby("_w")
    res["interface_n_ties"] = gi.size().reindex(res.index, fill_value=0)
    res["interface_mean_sign"] = gi["sign"].mean().reindex(res.index)
    res = res[measures].astype(float)
    res["date"], res["end"] = pd.to_datetime(wlo), pd.to_datetime(whi)
    out = res.melt(id_vars=["date", "end"], value_vars=measures, var_name="measure")
    out["_o"] = out["measure"].map({m: i for i, m in enumerate(measures)})
    return out.sort_values(["date", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def churn(case, tiers=(1, 2), side=None, freq="YS", start=None, end=None):
    """Arrivals, departures and interim holding of posts per period, from tenures and events.

    Posts are actors of kind ``post`` whose role has a tier in ``tiers`` (and, if given,
    whose ``side`` is ``side``). A tenure *arrives* in the period containing the first day of
    its ``start`` and *departs* in the period containing the last day of its ``end`` (open
    starts and ends do not count). A post is *held* in a period when a tenure of it overlaps
    the period, and *interim* when an interim tenure does.

    Sources often report turnover only in aggregate ("very considerable churn in senior
    management") without naming holders or dates. Such reports are coded as events of type
    ``departure`` (or ``appointment``) whose ``actors`` name the posts or bodies concerned; they
    are counted separately, in ``departure_events`` and ``appointment_events``, in the period
    holding the first day of the event's date, when one of the event's actors is a post or a
    group whose role has a tier in ``tiers`` (and the given ``side``).

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    tiers : sequence of int
        Seniority tiers of the posts (default 1 and 2: the top dyad, executive and senior
        officers).
    side : {"member", "officer"}, optional
        Keep only posts of this side.
    freq, start, end
        Periods as in :func:`trajectory`.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``date``, ``end``, ``posts_held``, ``arrivals``, ``departures``,
        ``interim_posts``, ``interim_share`` (interim_posts / posts_held, NaN when none held),
        ``departure_events``, ``appointment_events``.

    References
    ----------
    Boyne, G. A., James, O., John, P. & Petrovsky, N. (2011). Top management turnover and
    organizational performance. *Public Administration Review* 71(4), 572-581.

    Examples
    --------
    >>> import govnet
    >>> list(govnet.churn(govnet.datasets.example_case()).columns)
    ['date', 'end', 'posts_held', 'arrivals', 'departures', 'interim_posts', 'interim_share', 'departure_events', 'appointment_events']
    """
    _check_case(case)
    tiers = [tiers] if isinstance(tiers, int) else list(tiers)
    a = case.actors
    tier = a["tier"] if "tier" in a.columns else a["role"].map(case.codebook.roles["tier"])
    in_tier = tier.isin(tiers).fillna(False)
    if side is not None:
        in_tier &= a["side"].eq(side).fillna(False)
    posts = set(a.loc[(a["kind"].eq("post").fillna(False) & in_tier).to_numpy(bool), "id"])
    bodies = posts | set(a.loc[(a["kind"].eq("group").fillna(False) & in_tier).to_numpy(bool), "id"])
    wlo, whi = _windows(case, freq, start, end)
    t = _tenure_table(case)
    t["_lo"], t["_hi"] = t["_tlo"], t["_thi"]
    t = t[t["post"].isin(posts)].reset_index(drop=True)
    slo, _ = _span_cols(case.tenures, "start")
    _, ehi = _span_cols(case.tenures, "end")
    keep = case.tenures["post"].isin(posts).to_numpy(bool)
    arr_at = slo[keep].to_numpy("datetime64[ns]")
    dep_at = ehi[keep].to_numpy("datetime64[ns]")
    res = pd.DataFrame(index=pd.RangeIndex(len(wlo)))

    def _bin(times):
        times = times[~np.isnat(times)]
        i = np.searchsorted(wlo, times, side="right") - 1
        i = i[(i >= 0) & (times <= whi[np.clip(i, 0, None)])]
        return np.bincount(i, minlength=len(wlo))

    held = _explode(t, wlo, whi)
    res["posts_held"] = held.groupby("_w")["post"].nunique().reindex(res.index, fill_value=0)
    res["arrivals"] = _bin(arr_at)
    res["departures"] = _bin(dep_at)
    res["interim_posts"] = (
        held[held["interim"].astype(bool)].groupby("_w")["post"].nunique()
        .reindex(res.index, fill_value=0)
    )  # fmt: skip
    res["interim_share"] = res["interim_posts"] / res["posts_held"].where(res["posts_held"] > 0)
    ev = getattr(case, "events", None)
    for kind in ("departure", "appointment"):
        times = np.array([], "datetime64[ns]")
        if isinstance(ev, pd.DataFrame) and len(ev) and {"type", "actors", "date"} <= set(ev.columns):
            hit = ev["type"].eq(kind).fillna(False) & ev["actors"].fillna("").astype(str).str.split(";").map(
                lambda ids: any(i.strip() in bodies for i in ids))
            if hit.any():
                lo, _ = _span_cols(ev[hit.to_numpy(bool)], "date")
                times = lo.to_numpy("datetime64[ns]")
        res[f"{kind}_events"] = _bin(times)
    res.insert(0, "end", pd.to_datetime(whi))
    res.insert(0, "date", pd.to_datetime(wlo))
    return res


def oversight_ladder(case):
    """The oversight-ladder stage marked by each dated event, with its evidence.

    Stages come from the codebook (``event_types[*].ladder_stage``; ``ladder`` labels): 0 none,
    1 peer challenge, 2 review or inspection, 2.5 government improvement panel, 3 proposed
    directions, 4 directions with envoys or commissioners, 5 de-escalation. Events of types with
    no stage are left out; before the first staged event the stage is 0.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.

    Returns
    -------
    pandas.DataFrame
        One row per staged event, sorted by date then id: ``date`` (source string),
        ``date_lo``, ``stage`` (int), ``label``, ``type``, ``event``, ``description``,
        ``source_id``, ``locator``, ``quote``, and ``peak`` (highest stage reached so far, with
        de-escalation (5) not counted as a climb).

    References
    ----------
    Ministry of Housing, Communities and Local Government (2024). *Best Value standards and
    intervention: a statutory guide for best value authorities* (the stages of engagement).

    Examples
    --------
    >>> import govnet
    >>> list(govnet.oversight_ladder(govnet.datasets.example_case()).columns[:4])
    ['date', 'date_lo', 'stage', 'label']
    """
    _check_case(case)
    ev = getattr(case, "events", None)
    cols = ["date", "date_lo", "stage", "label", "type", "event", "description", "source_id",
            "locator", "quote", "peak"]  # fmt: skip
    if not isinstance(ev, pd.DataFrame) or not len(ev):
        return pd.DataFrame(columns=cols)
    cb = case.codebook
    stage = pd.to_numeric(ev["type"].astype(object).map(cb.event_types["ladder_stage"]), errors="coerce")
    lo, _ = _span_cols(ev, "date")
    out = pd.DataFrame({
        "date": ev["date"], "date_lo": lo, "stage": stage, "type": ev["type"],
        "event": ev["id"], "description": ev["description"],
        **{c: ev[c] if c in ev.columns else pd.NA for c in ("source_id", "locator")},
        "quote": _quotes_as_shown(ev) if "quote" in ev.columns else pd.NA,
    })  # fmt: skip
    out = out[out["stage"].notna()]
    out = out.astype({"stage": int if (out["stage"] % 1 == 0).all() else float})  # 2.5: a panel
    out["label"] = out["stage"].map(cb.ladder)
    out = out.sort_values(["date_lo", "event"], kind="stable").reset_index(drop=True)
    out["peak"] = out["stage"].where(out["stage"] < 5, 0).cummax().astype(out["stage"].dtype)
    return out[cols]


def themes(case, freq="YS", start=None, end=None):
    """Evidence counts per Best Value theme and period, by sign.

    Each relation with a ``theme`` counts once, in the period holding the first day of its
    ``start``.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    freq, start, end
        Periods as in :func:`trajectory`.

    Returns
    -------
    pandas.DataFrame
        ``date`` (period start), ``theme``, ``sign`` (-1/0/1), ``n`` (observations); only
        non-zero counts, sorted by date, theme, sign.

    References
    ----------
    Ministry of Housing, Communities and Local Government (2024). *Best Value standards and
    intervention: a statutory guide* (the seven Best Value themes).

    Examples
    --------
    >>> import govnet
    >>> list(govnet.themes(govnet.datasets.example_case()).columns)
    ['date', 'theme', 'sign', 'n']
    """
    _check_case(case)
    wlo, whi = _windows(case, freq, start, end)
    r = case.relations
    slo, _ = _span_cols(r, "start")
    has = r["theme"].notna().to_numpy(bool) if "theme" in r.columns else np.zeros(len(r), bool)
    t = slo.to_numpy("datetime64[ns]")[has]
    i = np.searchsorted(wlo, t, side="right") - 1
    ok = (i >= 0) & (t <= whi[np.clip(i, 0, None)])
    df = pd.DataFrame({
        "date": pd.to_datetime(wlo[i[ok]]) if ok.any() else pd.to_datetime([]),
        "theme": r["theme"][has][ok].astype(object).to_numpy(),
        "sign": r["sign"][has][ok].astype("int64").to_numpy(),
    })  # fmt: skip
    out = df.groupby(["date", "theme", "sign"], sort=True).size().rename("n").reset_index()
    return out


