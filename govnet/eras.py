"""Eras: the periods between a case's own change points (key-dyad holders, control, ladder)."""

from __future__ import annotations

import pandas as pd

from .graph import _MAX, _MIN, _check_case, _span_cols, _tenure_table
from .timeseries import _DAY, _case_span, _holdings, oversight_ladder

__all__ = ["eras"]

# Roles of the top member post and of the chief executive post.
_TOP_ROLES = ("leader", "mayor")
_CE_ROLES = ("chief-executive",)
_CONTROL_TYPES = ("change-of-control", "election")
_COLUMNS = ["era", "start", "end", "label", "top_member", "chief_executive", "control",
            "ladder_stage", "change"]  # fmt: skip


def _holder_steps(case, roles):
    """(date, (holder, interim), post role, new holder?) at each change of the posts' holder.

    The holder on a day is the person of the holding (:func:`govnet.departures` rules) that
    covers the day and started last (a handover within the precision of the dates goes to the
    newcomer from its start); holders that tie are all given, ``;``-separated (unresolved);
    ``None`` when no one holds it. ``interim`` is whether an interim tenure of the holder
    covers the day: an interim made permanent changes it, but is no new holder. The first row
    is the state in the far past.
    """
    a = case.actors
    posts = set(a.loc[(a["kind"].eq("post") & a["role"].isin(roles)).fillna(False).to_numpy(bool), "id"])
    h = _holdings(case, posts)
    h["role"] = h["post"].map(a.set_index("id")["role"])
    t = _tenure_table(case)
    t = t[t["post"].isin(posts) & t["interim"]]
    points = sorted({_MIN, *h["lo"], *(h.loc[h["hi"] < _MAX, "hi"] + _DAY), *t["_tlo"],
                     *(t.loc[t["_thi"] < _MAX, "_thi"] + _DAY)})
    rows, last = [], (object(), None)
    for p in points:
        cover = h[(h["lo"] <= p) & (h["hi"] >= p)]
        cover = cover[cover["lo"] == cover["lo"].max()]
        who = ";".join(sorted(set(cover["actor"]))) if len(cover) else None
        interim = bool(((t["actor"] == who) & (t["_tlo"] <= p) & (t["_thi"] >= p)).any())
        if (who, interim) != last:
            role = cover["role"].iloc[0] if len(cover) else roles[0]
            rows.append((p, (who, interim), role, who != last[0]))
            last = (who, interim)
    return rows


def _control_steps(case):
    """(date, party, is a change-of-control event) where events code political control.

    The party is that of the first of the event's actors that is a group with a party;
    events naming none are left out.
    """
    ev = getattr(case, "events", None)
    if not isinstance(ev, pd.DataFrame) or not len(ev) or "actors" not in ev.columns:
        return []
    a = case.actors
    party = a[a["kind"].eq("group").fillna(False) & a["party"].notna()].set_index("id")["party"]
    lo, _ = _span_cols(ev, "date")
    out = []
    for i in ev.index[ev["type"].isin(_CONTROL_TYPES).fillna(False)]:
        ids = [x.strip() for x in str(ev.at[i, "actors"] if pd.notna(ev.at[i, "actors"]) else "").split(";")]
        named = [party[x] for x in ids if x in party.index]
        if named and pd.notna(lo[i]):
            out.append((lo[i], str(named[0]), ev.at[i, "type"] == "change-of-control"))
    return sorted(out, key=lambda r: r[0])


def _short(name):
    """A person's surname ("Cllr Tony Buckley" -> "Buckley"); other names as they are."""
    words = str(name).split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return words[-1]
    return str(name)


def eras(case):
    """The eras of a case: the periods between its own change points.

    A new era opens on the first day of

    * a new holder of the top member post (a post whose role is leader or mayor) or of the
      chief executive post, an interim included: the holder on a day comes from tenures, a
      person's consecutive tenures of a post being one holding (an interim made permanent is
      no change), the newcomer holding from its start when two holdings overlap, and the post
      being vacant (no holder) when no tenure covers the day;
    * a change of political control: an event of type ``change-of-control`` (always) or
      ``election`` (only when the party differs from the one last coded), naming a party
      group (the party of the first group with a party among the event's actors);
    * a step of the oversight ladder in force (:func:`govnet.ladder_stage`),

    on the first day of the date that opens it (a year: 1 January). Changes before the case
    period set the state at its start; the first era opens at the start of the period
    (case.yml ``period``, else the relations' span) and the last ends at its end.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.

    Returns
    -------
    pandas.DataFrame
        One row per era: ``era`` (1, 2, ...), ``start``, ``end`` (first and last day),
        ``label`` (what names the era, then when: the holders' short names, top member first,
        "(interim)" when an interim tenure covers the era's start, "?" for a vacant, uncoded
        or unresolved post, followed by the party in control when the top member is not known
        ("?–Harris (Labour control)"); when neither holder is known, the party in control
        ("Aspire control"), else "holders unknown"; then ``to YYYY-MM``, the era's last month, or for
        the last era ``from YYYY-MM``; labels that would repeat give the era's first and last
        day instead), ``top_member`` and ``chief_executive``
        (actor ids, ``;``-separated when unresolved, or None), ``control`` (the party in
        control at the start of the era, or first coded in it; None when none is coded),
        ``ladder_stage`` (in force throughout the era) and ``change`` (what opened it, changes
        on the same day joined by "; "; "start of the case period" for the first).

    Examples
    --------
    >>> import govnet
    >>> e = govnet.eras(govnet.load_case("waltham-forest"))
    >>> e[["start", "end", "label"]].astype(str).values.tolist()
    [['2002-01-01', '2002-11-30', 'Buckley–White, to 2002-11'], ['2002-12-01', '2004-12-31', 'Buckley–White, from 2002-12']]
    >>> e["change"].iloc[1]
    'ladder: review or inspection'

    Tower Hamlets codes no holder of the Mayor's post and two open chief executive tenures
    (unresolved), so its eras are named after the party in control where one is coded:

    >>> govnet.eras(govnet.load_case("tower-hamlets"))["label"].tolist()[:2]
    ['holders unknown, to 2022-04', 'Aspire control, to 2023-12']
    """
    _check_case(case)
    lo, hi = _case_span(case)
    names = case.actors.set_index("id")["name"].astype(str).to_dict()
    tracks = {
        key: [(t, who, _holder_text(*who, role, names) if new else None)
              for t, who, role, new in _holder_steps(case, roles)]
        for key, roles in (("top_member", _TOP_ROLES), ("chief_executive", _CE_ROLES))
    }
    tracks["control"] = _control_track(case)
    lad = oversight_ladder(case)
    steps = lad[lad["in_force"].ne(lad["in_force"].shift(fill_value=0))]
    tracks["ladder_stage"] = [(_MIN, 0, None)] + [
        (t, int(s), f"ladder: {lab}") for t, s, lab in
        zip(steps["date_lo"], steps["in_force"], steps["in_force_label"], strict=True)]
    return _table(tracks, lo, hi, names)


def _holder_text(who, interim, role, names):
    """What a change of holder is called in ``change``: "new mayor: ...", "interim ...: ..."."""
    what = role.replace("-", " ")
    if who is None:
        return f"{what} post vacant"
    if ";" in who:
        return f"{what} unresolved: " + ", ".join(names.get(w, w) for w in who.split(";"))
    return f"{'interim' if interim else 'new'} {what}: {names.get(who, who)}"


def _control_track(case):
    """[(date, party, change text)] for the control column: a change is a new party."""
    out, last = [(_MIN, None, None)], None
    for t, party, is_change in _control_steps(case):
        if is_change or (last is not None and party != last):
            out.append((t, party, f"control: {party}"))
        elif last is None:
            out.append((t, party, None))  # first coded control: recorded, opens no era
        last = party
    return out


def _state(track, t):
    """The value of a track on day ``t``."""
    val = None
    for when, v, _ in track:
        if when > t:
            break
        val = v
    return val


def _table(tracks, lo, hi, names):
    """The eras frame from the tracks of (date, value, change text)."""
    opens = {}
    for track in tracks.values():
        for t, _, text in track:
            if lo < t <= hi and text is not None and text not in opens.get(t, []):
                opens.setdefault(t, []).append(text)
    starts = [lo, *sorted(opens)]
    ends = [t - _DAY for t in starts[1:]] + [hi]
    rows = []
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        top, ce = _state(tracks["top_member"], s), _state(tracks["chief_executive"], s)
        control = _state(tracks["control"], s) or _state(tracks["control"], e)
        rows.append({
            "era": i + 1, "start": s, "end": e, "top_member": top[0], "chief_executive": ce[0],
            "control": control, "ladder_stage": _state(tracks["ladder_stage"], s),
            "change": "; ".join(opens[s]) if i else "start of the case period",
            "_dyad": _named_after(top, ce, control, names),
        })  # fmt: skip
    out = pd.DataFrame(rows, columns=[*_COLUMNS, "_dyad"])
    out["start"], out["end"] = pd.to_datetime(out["start"]), pd.to_datetime(out["end"])
    for c in ("top_member", "chief_executive", "control"):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    when = [f"to {e:%Y-%m}" for e in out["end"]]
    if len(out) > 1:
        when[-1] = f"from {out['start'].iloc[-1]:%Y-%m}"
    out["label"] = [f"{d}, {w}" for d, w in zip(out["_dyad"], when, strict=True)]
    dup = out["label"].duplicated(keep=False)
    out.loc[dup, "label"] = [f"{d}, {s:%Y-%m-%d} to {e:%Y-%m-%d}" for d, s, e in
                             zip(out["_dyad"][dup], out["start"][dup], out["end"][dup], strict=True)]
    return out[_COLUMNS]


def _named_after(top, ce, control, names):
    """Who or what names an era: the holders, else the party in control, else neither."""
    who = [_who(x, names) for x in (top, ce)]
    if who == ["?", "?"]:
        return f"{control} control" if control else "holders unknown"
    dyad = "–".join(who)
    return f"{dyad} ({control} control)" if who[0] == "?" and control else dyad


def _who(holder, names):
    """A holder's short name in a label: "?" when vacant or unresolved, "(interim)" marked."""
    who, interim = holder
    if who is None or ";" in who:
        return "?"
    return _short(names.get(who, who)) + (" (interim)" if interim else "")
