"""Partial dates: intervals, impossible dates, the vectorised parser."""

import datetime

import pandas as pd
import pytest

import govnet
from govnet.dates import _parse_dates


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("2003", "2003-01-01", "2003-12-31"),
    ("2003-05", "2003-05-01", "2003-05-31"),
    ("2004-02", "2004-02-01", "2004-02-29"),  # leap year
    ("2003-02", "2003-02-01", "2003-02-28"),
    ("2003-05-06", "2003-05-06", "2003-05-06"),
])
def test_interval(text, lo, hi):
    assert govnet.parse_partial_date(text) == (pd.Timestamp(lo), pd.Timestamp(hi))


@pytest.mark.parametrize("bad", ["2003-02-30", "2003-13", "03/2003", "2003-5", "", "soon", None])
def test_bad_dates_raise(bad):
    with pytest.raises(govnet.ParameterError):
        govnet.parse_partial_date(bad)


def test_dates_and_timestamps_are_one_day():
    t = pd.Timestamp("2022-07-03 15:00")
    assert govnet.parse_partial_date(t) == (pd.Timestamp("2022-07-03"),) * 2
    assert govnet.to_timestamp(datetime.date(2022, 7, 3)) == pd.Timestamp("2022-07-03")


def test_to_timestamp_end():
    assert govnet.to_timestamp("2023-02") == pd.Timestamp("2023-02-01")
    assert govnet.to_timestamp("2023-02", end=True) == pd.Timestamp("2023-02-28")


def test_vectorised_parser_flags_only_nonempty_bad_values():
    s = pd.Series(["2021", None, "2021-02-29", " 2020-02-29 ", "x", ""], dtype="string")
    lo, hi, bad = _parse_dates(s)
    assert bad.tolist() == [False, False, True, False, True, False]
    assert lo.dtype == "datetime64[ns]" and hi.dtype == "datetime64[ns]"
    assert hi[0] == pd.Timestamp("2021-12-31")
    assert lo[3] == hi[3] == pd.Timestamp("2020-02-29")
    assert lo[[1, 2, 4, 5]].isna().all()
