"""Partial dates (``2003``, ``2003-05``, ``2003-05-06``) as the intervals they stand for."""

import re

import numpy as np
import pandas as pd

from .exceptions import ParameterError

__all__ = ["parse_partial_date", "to_timestamp"]

_PATTERN = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"


def _parse_dates(series):
    """Vectorised parse of partial-date strings.

    Returns ``(lo, hi, bad)``: the first and last day of each interval (NaT when
    empty or malformed) and a boolean mask of non-empty values that are not dates.
    """
    s = pd.Series(series, dtype="string")
    codes, uniques = pd.factorize(s)  # dates repeat: parse each distinct value once
    if len(uniques) < len(s):
        lo_u, hi_u, bad_u = _parse_dates(pd.Series(uniques, dtype="string"))
        take = np.where(codes < 0, len(uniques), codes)  # -1 (missing) -> a trailing NaT slot
        def _back(v, fill):
            return pd.Series(np.append(v.to_numpy(), fill)[take], index=s.index)
        return (_back(lo_u, np.datetime64("NaT")).astype("datetime64[ns]"),
                _back(hi_u, np.datetime64("NaT")).astype("datetime64[ns]"),
                _back(bad_u, False).astype(bool))
    s = s.str.strip()
    parts = s.str.extract(_PATTERN)
    empty = s.isna() | (s == "")
    year, month, day = parts[0], parts[1], parts[2]
    full = year + "-" + month.fillna("01") + "-" + day.fillna("01")
    lo = pd.to_datetime(full.astype(object), format="%Y-%m-%d", errors="coerce")
    lo = pd.Series(lo, index=s.index).astype("datetime64[ns]")
    hi = lo.copy()
    only_year = month.isna() & lo.notna()
    only_month = month.notna() & day.isna() & lo.notna()
    hi[only_year] = lo[only_year] + pd.offsets.YearEnd(0)
    hi[only_month] = lo[only_month] + pd.offsets.MonthEnd(0)
    bad = (~empty.fillna(True)) & lo.isna()
    return lo, hi, bad.astype(bool)


def parse_partial_date(value):
    """The interval a partial date stands for.

    Parameters
    ----------
    value : str, datetime.date or pandas.Timestamp
        ``"2003"``, ``"2003-05"`` or ``"2003-05-06"`` (a full date is a one-day interval).

    Returns
    -------
    tuple of pandas.Timestamp
        First and last day of the interval.

    Examples
    --------
    >>> import govnet
    >>> lo, hi = govnet.parse_partial_date("2003-02")
    >>> lo.date(), hi.date()
    (datetime.date(2003, 2, 1), datetime.date(2003, 2, 28))
    """
    if isinstance(value, pd.Timestamp):
        return value.normalize(), value.normalize()
    if hasattr(value, "year") and not isinstance(value, str):
        t = pd.Timestamp(value).normalize()
        return t, t
    if not isinstance(value, str) or not re.match(_PATTERN, value.strip()):
        raise ParameterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    lo, hi, bad = _parse_dates(pd.Series([value]))
    if bad.iloc[0]:
        raise ParameterError(f"impossible date: {value!r}")
    return lo.iloc[0], hi.iloc[0]


def to_timestamp(value, end=False):
    """A single day for a date argument: the first (or, with ``end=True``, last) day it covers.

    Parameters
    ----------
    value : str, datetime.date or pandas.Timestamp
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
    lo, hi = parse_partial_date(value)
    return hi if end else lo
