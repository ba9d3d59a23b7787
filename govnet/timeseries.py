"""Time: trajectories of measures, churn of posts, the oversight ladder and Best Value themes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codebook import _stage
from .exceptions import ParameterError
from .graph import (
    _MAX,
    _MIN,
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

__all__ = [
    "MEASURES", "trajectory", "churn", "departures", "oversight_ladder", "ladder_stage", "themes",
]  # fmt: skip

#: Measures :func:`trajectory` can compute, each from the net-aggregated graph of a period.
MEASURES = (
    "n_observations", "n_ties", "n_actors", "mean_sign", "share_negative",
    "interface_n_ties", "interface_mean_sign",
)  # fmt: skip
# Event types of a holder's absence from a post that is not a departure (churn's absences).
_ABSENCE_TYPES = ("suspension", "stepped-aside", "stepped_aside")
_DAY = pd.Timedelta(days=1)


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
    """Sorted period windows (lo, hi): a pandas frequency, ``"eras"`` or a list of dates."""
    if isinstance(freq, str) and freq == "eras":
        from .eras import eras

        e = eras(case)
        return e["start"].to_numpy("datetime64[ns]"), e["end"].to_numpy("datetime64[ns]")
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
        raise ParameterError(f"freq={freq!r}: give 'YS', 'QS', 'eras' or a non-empty list of dates")
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
        period (case.yml ``period``), ``"eras"`` (the case's own eras, :func:`govnet.eras`;
        ``start`` and ``end`` are then ignored), or a list of (partial) dates each standing for
        its interval (``["2021", "2023-10"]``).
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


def _key_posts(case, tiers, side):
    """(posts, bodies): ids of posts, and of posts or groups, whose role has a tier in ``tiers``."""
    tiers = [tiers] if isinstance(tiers, int) else list(tiers)
    a = case.actors
    tier = a["tier"] if "tier" in a.columns else a["role"].map(case.codebook.roles["tier"])
    in_tier = tier.isin(tiers).fillna(False)
    if side is not None:
        in_tier &= a["side"].eq(side).fillna(False)
    kind = a["kind"].astype(object)
    posts = set(a.loc[(kind.eq("post") & in_tier).to_numpy(bool), "id"])
    return posts, posts | set(a.loc[(kind.eq("group") & in_tier).to_numpy(bool), "id"])


def _holdings(case, posts):
    """Holdings of ``posts``: a person's consecutive tenures of one post merged into one.

    A tenure continues the previous tenure of the same post (sorted by start) when the same
    person holds both and it starts no later than the day after the previous one ends
    (interim -> permanent by the same person is one holding). Columns: ``post``, ``actor``,
    ``lo``/``hi`` (first and last day held; open = the far past/future), ``arrive`` and
    ``arrive_hi`` (first and last day of the first start; NaT when open), ``depart_lo`` and
    ``depart`` (first and last day of the last end; NaT when open), ``interim`` (the first
    tenure is interim); sorted by post and start.
    """
    t = _tenure_table(case)
    slo, shi = _span_cols(case.tenures, "start")
    elo, _ = _span_cols(case.tenures, "end")
    t["_slo"], t["_shi"], t["_elo"] = slo.to_numpy(), shi.to_numpy(), elo.to_numpy()
    t = t[t["post"].isin(posts).to_numpy(bool)]
    t = t.sort_values(["post", "_tlo", "_thi", "actor"], kind="stable")
    g = t.groupby("post", sort=False)
    new = ~(t["actor"].eq(g["actor"].shift()) & (t["_tlo"] <= g["_thi"].shift() + _DAY))
    h = t.groupby(new.cumsum().to_numpy(), sort=False)
    out = pd.DataFrame({
        "post": h["post"].first(), "actor": h["actor"].first(),
        "lo": h["_tlo"].min(), "hi": h["_thi"].max(),
        "arrive_hi": h["_shi"].nth(0).to_numpy(), "depart_lo": h["_elo"].max(),
        "interim": h["interim"].first().astype(bool),
    }).reset_index(drop=True)  # fmt: skip
    out["arrive"] = out["lo"].where(out["lo"] > _MIN)
    out["depart"] = out["hi"].where(out["hi"] < _MAX)
    out.loc[out["depart"].isna(), "depart_lo"] = pd.NaT
    return out


def departures(case, tiers=(1, 2), side=None):
    """Departures from key posts: each change of the person holding a post, with who left.

    A *departure* is the end of a holding: a person's tenures of one post, where a tenure
    that follows the same person's previous tenure of the post by at most a day continues it
    (an interim who is made permanent has not left). Open ends are not departures. A person
    who leaves several posts on the same day is one person and several departures: the
    other posts are listed in ``left_with``.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    tiers, side
        Posts as in :func:`churn`.

    Returns
    -------
    pandas.DataFrame
        One row per departure, sorted by date and post: ``date`` (last day of the tenure's
        ``end``), ``post``, ``person``, ``interim`` (the holding began as interim),
        ``successor`` (the next holder of the post, NA when none is coded) and ``left_with``
        (the person's other key posts left the same day, ``;``-separated, "" when none).

    Examples
    --------
    >>> import govnet
    >>> list(govnet.departures(govnet.datasets.example_case()).columns)
    ['date', 'post', 'person', 'interim', 'successor', 'left_with']
    """
    _check_case(case)
    posts, _ = _key_posts(case, tiers, side)
    h = _holdings(case, posts)
    h["successor"] = h.groupby("post")["actor"].shift(-1)
    d = h[h["depart"].notna()].rename(columns={"depart": "date", "actor": "person"})
    both = d.groupby(["person", "date"])["post"].transform(lambda p: ";".join(sorted(p)))
    d["left_with"] = [";".join(x for x in b.split(";") if x != p) for b, p in zip(both, d["post"], strict=True)]
    cols = ["date", "post", "person", "interim", "successor", "left_with"]
    return d.sort_values(["date", "post"], kind="stable")[cols].reset_index(drop=True)


def _event_hits(case, kinds, bodies, holdings, when):
    """First days of events of ``kinds`` naming one of ``bodies``, unmatched to a holding.

    An event is *matched* when it names the post or the person of a holding whose arrival
    (``when="arrive"``) or departure (``"depart"``) interval overlaps the event's date.
    """
    ev = getattr(case, "events", None)
    if not isinstance(ev, pd.DataFrame) or not len(ev) or not {"type", "actors", "date"} <= set(ev.columns):
        return np.array([], "datetime64[ns]")
    ids = ev["actors"].fillna("").astype(str).str.split(";").map(lambda x: {i.strip() for i in x})
    hit = ev["type"].isin(kinds).fillna(False).to_numpy(bool) & ids.map(bodies.__and__).astype(bool).to_numpy()
    lo, hi = _span_cols(ev, "date")
    a_lo, a_hi = (("arrive", "arrive_hi") if when == "arrive" else ("depart_lo", "depart"))
    h = holdings[holdings[a_lo].notna()]
    for i in np.flatnonzero(hit):
        named = h["post"].isin(ids.iloc[i]) | h["actor"].isin(ids.iloc[i])
        if (named & (h[a_lo] <= hi.iloc[i]) & (h[a_hi] >= lo.iloc[i])).any():
            hit[i] = False
    return lo[hit].to_numpy("datetime64[ns]")


def churn(case, tiers=(1, 2), side=None, freq="YS", start=None, end=None):
    """Arrivals, departures and interim holding of posts per period, from tenures and events.

    Posts are actors of kind ``post`` whose role has a tier in ``tiers`` (and, if given,
    whose ``side`` is ``side``). A *departure* is a change of the person holding a post (see
    :func:`departures`: an interim made permanent has neither left nor arrived); it counts
    in the period containing the last day of the tenure's ``end``, an *arrival* in the
    period containing the first day of its ``start`` (open starts and ends do not count).
    ``departing_persons`` counts each person once, however many posts they left. A post is
    *held* in a period when a tenure of it overlaps the period, and *interim* when an interim
    tenure does.

    Sources often report turnover only in aggregate ("very considerable churn in senior
    management") without naming holders or dates. Such reports are coded as events of type
    ``departure`` (or ``appointment``) whose ``actors`` name the posts or bodies concerned; they
    are counted separately, in ``departure_events`` and ``appointment_events``, in the period
    holding the first day of the event's date, when one of the event's actors is a post or a
    group whose role has a tier in ``tiers`` (and the given ``side``) and the event is not
    matched to a tenure: an event naming the post or the person of a departure (arrival)
    whose end (start) overlaps the event's date reports that departure (arrival), so it is
    not counted again. A holder's suspension or stepping aside is not a departure: events of
    type ``suspension`` or ``stepped-aside`` (when the codebook has them) naming a key post or
    a person who holds one are counted in ``absences``.

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
        ``departure_events``, ``appointment_events``, ``departing_persons``, ``absences``.

    References
    ----------
    Boyne, G. A., James, O., John, P. & Petrovsky, N. (2011). Top management turnover and
    organizational performance. *Public Administration Review* 71(4), 572-581.

    Examples
    --------
    >>> import govnet
    >>> list(govnet.churn(govnet.datasets.example_case()).columns)[2:7]
    ['posts_held', 'arrivals', 'departures', 'interim_posts', 'interim_share']
    """
    _check_case(case)
    posts, bodies = _key_posts(case, tiers, side)
    wlo, whi = _windows(case, freq, start, end)
    hold = _holdings(case, posts)
    held, interim = _posts_held(case, posts, wlo, whi)
    res = pd.DataFrame(index=pd.RangeIndex(len(wlo)))
    res["posts_held"] = held
    res["arrivals"] = _per_period(wlo, whi, hold["arrive"])
    res["departures"] = _per_period(wlo, whi, hold["depart"])
    res["interim_posts"] = interim
    res["interim_share"] = res["interim_posts"] / res["posts_held"].where(res["posts_held"] > 0)
    for kind, when in (("departure", "depart"), ("appointment", "arrive")):
        res[f"{kind}_events"] = _per_period(wlo, whi, _event_hits(case, [kind], bodies, hold, when))
    w = pd.Series(_period_of(wlo, whi, hold["depart"]))
    res["departing_persons"] = (
        hold["actor"][w.to_numpy() >= 0].groupby(w[w >= 0].to_numpy()).nunique()
        .reindex(res.index, fill_value=0)
    )  # fmt: skip
    absent = [k for k in _ABSENCE_TYPES if k in case.codebook.event_types.index]
    res["absences"] = _per_period(
        wlo, whi, _event_hits(case, absent, posts | set(hold["actor"]), hold.iloc[:0], "depart"))
    res.insert(0, "end", pd.to_datetime(whi))
    res.insert(0, "date", pd.to_datetime(wlo))
    return res


def _period_of(wlo, whi, times):
    """Number of the period [wlo, whi] holding each time; -1 for none (or no time)."""
    times = np.asarray(times, "datetime64[ns]")
    i = np.searchsorted(wlo, times, side="right") - 1
    return np.where(~np.isnat(times) & (i >= 0) & (times <= whi[np.clip(i, 0, None)]), i, -1)


def _per_period(wlo, whi, times):
    """How many of ``times`` fall in each period."""
    i = _period_of(wlo, whi, times)
    return np.bincount(i[i >= 0], minlength=len(wlo))


def _posts_held(case, posts, wlo, whi):
    """Per period, the number of ``posts`` held (a tenure overlaps it) and held by an interim."""
    t = _tenure_table(case)
    t["_lo"], t["_hi"] = t["_tlo"], t["_thi"]
    t = t[t["post"].isin(posts)].reset_index(drop=True)
    held = _explode(t, wlo, whi)
    index = pd.RangeIndex(len(wlo))
    interim = held[held["interim"].astype(bool)]
    return (held.groupby("_w")["post"].nunique().reindex(index, fill_value=0),
            interim.groupby("_w")["post"].nunique().reindex(index, fill_value=0))


def _ladder_rules(cb):
    """(statutory stages, de-escalation stage) of a codebook's ladder.

    Statutory stages are those of ``proposed-directions`` and above, except de-escalation
    (the ``de-escalation`` event type's stage); 3 and 5 when the codebook lacks those types.
    """
    st = cb.event_types["ladder_stage"].dropna().map(_stage)
    first, de = _stage(st.get("proposed-directions", 3)), _stage(st.get("de-escalation", 5))
    return {_stage(k) for k in cb.ladder if first <= _stage(k) != de}, de


def _in_force(stages, statutory, de):
    """The stage in force after each of a sequence of staged events (see :func:`ladder_stage`)."""
    out, cur = [], 0
    for s in stages:
        if s == de or not (cur in statutory and s < cur):
            cur = s
        out.append(cur)
    return out


def oversight_ladder(case):
    """The oversight-ladder stage marked by each dated event, and the stage in force after it.

    Stages come from the codebook (``event_types[*].ladder_stage``; ``ladder`` labels): 0 none,
    1 peer challenge, 2 review or inspection, 2.5 government improvement panel, 3 proposed
    directions, 4 directions with envoys or commissioners, 5 de-escalation. Events of types with
    no stage are left out; before the first staged event the stage is 0. The stage *in force*
    follows the rules of :func:`ladder_stage`.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.

    Returns
    -------
    pandas.DataFrame
        One row per staged event, sorted by date then id: ``date`` (source string),
        ``date_lo``, ``stage`` (int), ``label``, ``type``, ``event``, ``description``,
        ``source_id``, ``locator``, ``quote``, ``peak`` (highest stage in force so far,
        de-escalation not counted as a climb), ``in_force`` (the stage in force from this
        event on) and ``in_force_label``.

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
            "locator", "quote", "peak", "in_force", "in_force_label"]  # fmt: skip
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
    statutory, de = _ladder_rules(cb)
    kind = out["stage"].dtype
    out["in_force"] = pd.Series(_in_force(out["stage"].tolist(), statutory, de), dtype=kind)
    out["in_force_label"] = out["in_force"].map(cb.ladder)
    out["peak"] = out["in_force"].where(out["in_force"] != de, 0).cummax().astype(kind)
    return out[cols]


def ladder_stage(case, at):
    """The oversight-ladder stage in force at the end of a (partial) date.

    Rules, over the staged events of :func:`oversight_ladder` in date order: before the first
    the stage is 0 (none). Statutory stages (proposed directions, directions with envoys or
    commissioners: the stage of ``proposed-directions`` and above) stay in force until a
    de-escalation (an intervention eased or ended); a later event of a lower stage (a peer
    challenge, a review) does not lower them, a higher one raises them. De-escalation is a
    step down: it ends the statutory stage, and its own stage (5, "de-escalation") is then in
    force; it never counts as a climb (``peak``) and is drawn lighter. A non-statutory stage
    (peer challenge, review) is in force until the next staged event.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    at : str or date
        A (partial) date; the stage in force on its last day (``"2024"``: 31 December 2024).

    Returns
    -------
    int or float
        A stage of the codebook's ``ladder``, an int except a half stage such as 2.5 (the stages of engagement of the statutory guide
        cited in :func:`oversight_ladder`).

    Examples
    --------
    >>> import govnet
    >>> govnet.ladder_stage(govnet.datasets.example_case(), "1990")
    0
    """
    hi = _interval(at, "at")[1]
    lad = oversight_ladder(case)
    lad = lad[lad["date_lo"] <= hi]
    return _stage(lad["in_force"].iloc[-1]) if len(lad) else 0


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


