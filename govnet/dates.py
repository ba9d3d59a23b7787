"""Dates as the documents give them (EDTF level 0 and 1) as [earliest, latest] day intervals."""

import calendar
import contextlib
import datetime
import functools
import io
import re

import numpy as np
import pandas as pd

from .exceptions import ParameterError

__all__ = ["parse_partial_date", "to_timestamp"]

#: Years a date may have (both ends included); outside them a date is a ``bad-date`` problem.
_FIRST_YEAR, _LAST_YEAR = 1700, 2250
_MIN, _MAX = pd.Timestamp(f"{_FIRST_YEAR}-01-01"), pd.Timestamp(f"{_LAST_YEAR}-12-31")
_LEVEL0 = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_SEASONS = ("21", "22", "23", "24")  # YYYY-21..24: seasons (EDTF level 1), not months
_FORMS = ("YYYY, YYYY-MM, YYYY-MM-DD, or EDTF level 1: 2010~ (approximate), 2014? (uncertain), "
          "2014% (both), 201X (unspecified digit), 2021-21..2021-24 (spring..winter), "
          "2018-01-08/2018-01-10, ../2023, 2020-10/.., /2023, 2020/ (see Dates in data/README.md)")
_KINDS = ("date", "start", "end")
_LONGEST = 40  # no EDTF level-1 date is longer (2014-05-06%/2015-07-08%: 23); spares the grammar


@functools.cache
def _edtf():
    """The EDTF level 0 (dates and intervals, no times) and level 1 grammar of python-edtf.

    Imported on first use (the library takes ~0.1 s to import). A composite of python-edtf's
    named grammar rules rather than its ``parse_edtf``, which also tries the level 2 rules and
    is about five times slower.
    """
    from edtf.parser import Interval, Season, UnspecifiedIntervalSection, grammar

    return (grammar.date ^ grammar.l0Interval ^ grammar.level1Expression,
            Interval, Season, UnspecifiedIntervalSection)


def _day(year, month, day):
    """A calendar day, or the reason it is not one (years outside _FIRST_YEAR.._LAST_YEAR)."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return f"year {year} is outside {_FIRST_YEAR}-{_LAST_YEAR} (a typo?)"
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return f"impossible date: there is no {year:04d}-{month:02d}-{day:02d}"


def _level0(m):
    """(lo, hi) of a YYYY / YYYY-MM / YYYY-MM-DD match; a str (the reason) when impossible."""
    y, mo, d = (None if g is None else int(g) for g in m.groups())
    if mo is not None and not 1 <= mo <= 12:
        return f"impossible date: there is no month {mo:02d}"
    lo = _day(y, mo or 1, d or 1)
    if isinstance(lo, str):
        return lo
    last = 31 if mo is None else calendar.monthrange(y, mo)[1]
    return lo, lo if d is not None else datetime.date(y, mo or 12, last)


def _level0_piece(piece):
    """``(lo, hi, uncertain)`` of a level-0 date with an optional qualifier (``2014-05~``).

    A reason (str) when the date is impossible; False when the piece is of another form (a
    season, X digits, ...), left to the EDTF grammar.
    """
    date, qualified = (piece[:-1], True) if piece[-1:] in ("~", "?", "%") else (piece, False)
    m = _LEVEL0.fullmatch(date)
    if m is None or (m.group(3) is None and m.group(2) in _SEASONS):
        return False
    out = _level0(m)
    return out if isinstance(out, str) else (*out, qualified)


def _edtf_pieces(text):
    """The two parts of an EDTF level-1 string read by python-edtf; see :func:`_pieces`."""
    grammar, interval_cls, season_cls, open_cls = _edtf()
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # python-edtf prints failed parse actions
            tree = grammar.parse_string(text, parse_all=True)[0]
    except Exception:  # noqa: BLE001 - pyparsing raises ParseException, parse actions anything
        return f"not a date: use {_FORMS}"
    sections = (tree.lower, tree.upper) if isinstance(tree, interval_cls) else (tree, tree)
    flags = ("is_uncertain", "is_approximate", "is_uncertain_and_approximate")
    parts = []
    for s in sections:
        if isinstance(s, open_cls):
            parts.append(None)
            continue
        lo, hi = s.lower_strict(), s.upper_strict()
        lo, hi = _day(lo.tm_year, lo.tm_mon, lo.tm_mday), _day(hi.tm_year, hi.tm_mon, hi.tm_mday)
        inner = getattr(s, "date", s)
        if isinstance(inner, season_cls) and str(inner.season) == "24":  # winter: to February
            year = int(inner.year) + 1
            hi = _day(year, 2, calendar.monthrange(year, 2)[1])
        reason = next((b for b in (lo, hi) if isinstance(b, str)), None)
        if reason:
            return reason
        parts.append((lo, hi, any(getattr(s, f, False) for f in flags)))
    return parts


def _pieces(text):
    """The first and last part of a date: each ``(lo, hi, uncertain)`` or None (open or unknown).

    A reason (str) when the text is not a date. Level-0 parts, qualified or not, and intervals
    of them are read directly (fast: no grammar); anything else (seasons, X digits) by
    python-edtf's level 1 grammar (about 2 ms per distinct string).
    """
    pieces = text.split("/")
    if len(pieces) <= 2:
        parts = [None if len(pieces) == 2 and p in ("", "..") else _level0_piece(p)
                 for p in pieces]
        if not any(p is False for p in parts):
            reason = next((p for p in parts if isinstance(p, str)), None)
            return reason or (parts * 2)[-2:]
    return _edtf_pieces(text)


def _parse_one(text, kind):
    """``(lo, hi, uncertain, problem)`` of one stripped date string of a column kind.

    ``kind`` is ``"date"`` (both ends needed), ``"start"`` (an end may be open or unknown) or
    ``"end"`` (also ``..`` alone: open, for relations ongoing). ``lo``/``hi`` are
    ``datetime.date`` or None (open, unknown, or on a problem); ``problem`` is a reason or None.
    """
    if text == "":
        return None, None, False, None
    if text == "..":
        if kind == "end":
            return None, None, True, None
        return None, None, False, "'..' alone (ongoing) is only for end; for a start write ../YYYY"
    if len(text) > _LONGEST:
        return None, None, False, f"not a date (over {_LONGEST} characters): use {_FORMS}"
    odd = next((c for c in text if not c.isascii()), None)
    if odd is not None:
        return (None, None, False, f"non-ASCII character {odd!r} (U+{ord(odd):04X}): "
                                   f"write dates with the digits 0-9, '-' and '/'")
    parts = _pieces(text)
    if isinstance(parts, str):
        return None, None, False, parts
    first, last = parts
    if first is None and last is None:
        return None, None, False, "an interval needs at least one date"
    lo, hi = first and first[0], last and last[1]
    if lo and hi and lo > hi:
        return None, None, False, "the interval ends before it starts"
    if kind == "date" and not (lo and hi):
        return None, None, False, ("a date needs both ends: open (..) or unknown ends are only "
                                   "for start and end")
    return lo, hi, first is None or last is None or first[2] or last[2], None


def _parse_dates(series, column="date"):
    """Vectorised parse of a date column: each distinct string is parsed once.

    Parameters
    ----------
    series : pandas.Series
        Strings (missing or empty = no date).
    column : str
        The column's name: ``"start"`` and ``"end"`` are those kinds (see :func:`_parse_one`),
        any other name is kind ``"date"``.

    Returns
    -------
    pandas.DataFrame
        Same index: ``lo``, ``hi`` (datetime64[ns], NaT for an open or unknown end, a missing
        value or a problem), ``uncertain`` (bool) and ``problem`` (the reason; missing when
        fine).
    """
    kind = column if column in _KINDS else "date"
    s = pd.Series(series, dtype="string")
    codes, uniques = pd.factorize(s)
    parsed = [_parse_one(str(u).strip(), kind) for u in uniques]
    parsed.append((None, None, False, None))  # slot for missing values (code -1)
    take = np.where(codes < 0, len(parsed) - 1, codes)
    lo, hi, unc, problem = zip(*parsed, strict=True)

    def days(values):
        d = [np.datetime64("NaT") if v is None else v for v in values]
        return np.array(d, "datetime64[D]").astype("datetime64[ns]")[take]

    return pd.DataFrame({"lo": days(lo), "hi": days(hi), "uncertain": np.array(unc, bool)[take],
                         "problem": np.array(problem, dtype=object)[take]}, index=s.index)


def _interval(value, what="date"):
    """(first day, last day) of a date argument (``at=``, ``window=``, notebook ``dates``...).

    An int is a year; a string is any form of :func:`parse_partial_date`; a date or Timestamp
    is its day. An open or unknown end is the first (last) day govnet accepts. Anything else
    raises ParameterError listing the accepted forms.
    """
    if isinstance(value, np.datetime64) and not np.isnat(value):
        value = pd.Timestamp(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        text = f"{int(value):04d}" if value >= 0 else str(value)
    elif isinstance(value, str):
        text = value.strip()
    elif isinstance(value, datetime.date) and not pd.isna(value):
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    else:
        raise ParameterError(f"{what}={value!r} is not a date: use a year (2023) or {_FORMS}")
    lo, hi, _, problem = _parse_one(text, "start")
    if problem is None and text == "":
        problem = "empty"
    if problem is not None:
        raise ParameterError(f"{what}={value!r}: {problem}" + (
            "" if problem.startswith("not a date") else f" (use a year (2023) or {_FORMS})"))
    return (_MIN if lo is None else pd.Timestamp(lo)), (_MAX if hi is None else pd.Timestamp(hi))


def parse_partial_date(value):
    """The interval a date stands for: its first and last possible day.

    Level 0 of the Extended Date/Time Format (EDTF): a year ``"2003"``, a month ``"2003-05"``
    or a day ``"2003-05-06"``, and ``"2003/2004"`` intervals. Level 1: ``"2010~"`` approximate,
    ``"2014?"`` uncertain, ``"2014%"`` both (the bounds are those of ``2010``, ``2014``: a
    qualifier flags, it does not widen); ``"201X"`` unspecified digits; seasons ``"2021-21"``
    (spring: March-May), ``-22`` (summer: June-August), ``-23`` (autumn: September-November),
    ``-24`` (winter: December to the end of February of the next year); intervals with open
    (``"../2023"``, ``"2020-10/.."``) or unknown (``"/2023"``, ``"2020/"``) ends, whose missing
    end is the first or last day govnet accepts (years 1700-2250). See "Dates" in
    data/README.md.

    Parameters
    ----------
    value : int, str, datetime.date or pandas.Timestamp
        An int is a year; a date or Timestamp is its (one) day.

    Returns
    -------
    tuple of pandas.Timestamp
        First and last day of the interval.

    Raises
    ------
    ParameterError
        For anything else (``"Dec 2020"``, ``"12/04/2020"``, ``"2003-02-30"``, years outside
        1700-2250), naming the accepted forms.

    References
    ----------
    Library of Congress (2019). *Extended Date/Time Format (EDTF) Specification*.
    https://www.loc.gov/standards/datetime/

    Examples
    --------
    >>> import govnet
    >>> lo, hi = govnet.parse_partial_date("2003-02")
    >>> lo.date(), hi.date()
    (datetime.date(2003, 2, 1), datetime.date(2003, 2, 28))
    >>> [d.date().isoformat() for d in govnet.parse_partial_date("2018-01-08/2018-01-10")]
    ['2018-01-08', '2018-01-10']
    >>> govnet.parse_partial_date(2023)[1].date()
    datetime.date(2023, 12, 31)
    """
    return _interval(value)


def to_timestamp(value, end=False):
    """A single day for a date argument: the first (or, with ``end=True``, last) day it covers.

    Parameters
    ----------
    value : int, str, datetime.date or pandas.Timestamp
        Any form of :func:`parse_partial_date`.
    end : bool, default False

    Returns
    -------
    pandas.Timestamp

    Examples
    --------
    >>> import govnet
    >>> govnet.to_timestamp("2023", end=True).date()
    datetime.date(2023, 12, 31)
    """
    lo, hi = _interval(value)
    return hi if end else lo


def _relation_spans(r, period):
    """Effective span ``(lo, hi)`` of each relation (datetime64[ns] arrays).

    ``lo`` is the first day of ``start`` (the first accepted day when the start is open or
    unknown, ``../2021``). ``hi`` is the last day of ``end``, or of ``start`` when ``end`` is
    empty. When that last day is open or unknown (``end`` of ``..``, ``2020-10/..``, ``2020/``)
    the relation is ongoing: it holds until the day before the next later-starting observation
    of the same tie (same source, target, layer and reporter), else until the last day of the
    case period (``period``, case.yml's mapping; the last accepted day without one) -- but at
    least to the end's first day (or the start's last day).

    ``r`` needs ``source``, ``target``, ``layer``, ``reported_by``, ``start``, ``end`` and their
    ``_lo``/``_hi`` columns.
    """
    lo = r["start_lo"].to_numpy("datetime64[ns]").copy()
    start_hi = r["start_hi"].to_numpy("datetime64[ns]")
    lo[np.isnat(lo) & ~np.isnat(start_hi)] = np.datetime64(_MIN)  # an open start
    has_end = r["end"].notna().to_numpy()
    hi = np.where(has_end, r["end_hi"].to_numpy("datetime64[ns]"), start_hi)
    ongoing = np.isnat(hi) & ~np.isnat(lo)
    if not ongoing.any():
        return lo, hi
    keys = ["source", "target", "layer", "reported_by"]
    tie = r[keys].astype(object).fillna("").groupby(keys, sort=False).ngroup().to_numpy()
    f = pd.DataFrame({"tie": tie, "lo": lo}).sort_values(["tie", "lo"], kind="stable")
    nxt = f.groupby("tie")["lo"].shift(-1)
    nxt = nxt.where(nxt > f["lo"]).groupby(f["tie"]).bfill().sort_index().to_numpy()
    end = (period.get("end") if isinstance(period, dict) else None) or _MAX
    end = _interval(end, "period end")[1]
    cap = np.where(np.isnat(nxt), np.datetime64(end), nxt - np.timedelta64(1, "D"))
    floor = np.where(has_end, r["end_lo"].to_numpy("datetime64[ns]"),
                     np.datetime64("NaT"))
    floor = np.where(np.isnat(floor), start_hi, floor)
    floor = np.where(np.isnat(floor), lo, floor)
    hi[ongoing] = np.maximum(cap, floor)[ongoing]
    return lo, hi
