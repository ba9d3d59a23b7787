"""Dates: level 0 and EDTF level 1 forms as [lo, hi] intervals, bad dates, date arguments."""

import datetime
import shutil

import pandas as pd
import pytest

import govnet
from govnet import dates as gdates
from govnet.dates import _parse_dates

NaT = pd.NaT


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("2003", "2003-01-01", "2003-12-31"),
    ("2003-05", "2003-05-01", "2003-05-31"),
    ("2004-02", "2004-02-01", "2004-02-29"),  # leap year
    ("2003-02", "2003-02-01", "2003-02-28"),
    ("2003-05-06", "2003-05-06", "2003-05-06"),
])
def test_interval(text, lo, hi):
    assert govnet.parse_partial_date(text) == (pd.Timestamp(lo), pd.Timestamp(hi))


# Worked by hand from the rules in data/README.md "Dates": a qualifier (~ ? %) flags and never
# widens; an interval runs from its first part's first day to its second part's last day; an
# open (..) or unknown (empty) end has no day (NaT) and flags; seasons are meteorological
# (spring March-May, summer June-August, autumn September-November, winter December to the end
# of February of the next year); X is an unspecified digit (201X = the years 2010-2019).
EDTF = [
    # text, column kind, lo, hi, uncertain
    ("2010~", "start", "2010-01-01", "2010-12-31", True),
    ("2014?", "start", "2014-01-01", "2014-12-31", True),
    ("2014%", "start", "2014-01-01", "2014-12-31", True),
    ("2014-11?", "date", "2014-11-01", "2014-11-30", True),
    ("2018-01-08/2018-01-10", "date", "2018-01-08", "2018-01-10", False),
    ("2017/2018", "date", "2017-01-01", "2018-12-31", False),
    ("2019-10/2020-02?", "end", "2019-10-01", "2020-02-29", True),  # 2020 is a leap year
    ("../2023", "start", NaT, "2023-12-31", True),
    ("2020-10/..", "end", "2020-10-01", NaT, True),
    ("/2023", "start", NaT, "2023-12-31", True),
    ("2020/", "end", "2020-01-01", NaT, True),
    ("..", "end", NaT, NaT, True),
    ("2021-21", "date", "2021-03-01", "2021-05-31", False),
    ("2021-22", "date", "2021-06-01", "2021-08-31", False),
    ("2021-23", "date", "2021-09-01", "2021-11-30", False),
    ("2021-24", "date", "2021-12-01", "2022-02-28", False),
    ("2023-24", "date", "2023-12-01", "2024-02-29", False),  # the February of 2024 has 29 days
    ("201X", "date", "2010-01-01", "2019-12-31", False),
    ("2021-XX", "date", "2021-01-01", "2021-12-31", False),
    ("2003", "date", "2003-01-01", "2003-12-31", False),
]


@pytest.mark.parametrize(("text", "kind", "lo", "hi", "uncertain"), EDTF)
def test_edtf_level1_forms(text, kind, lo, hi, uncertain):
    d = _parse_dates(pd.Series([text]), kind).iloc[0]
    assert pd.isna(d["problem"])
    assert [str(d["lo"].date()) if pd.notna(d["lo"]) else NaT,
            str(d["hi"].date()) if pd.notna(d["hi"]) else NaT] == [lo, hi]
    assert bool(d["uncertain"]) is uncertain


@pytest.mark.parametrize(("text", "kind", "reason"), [
    ("3021", "start", "year 3021 is outside 1700-2250"),
    ("0000-01-01", "date", "year 0 is outside 1700-2250"),
    ("1650~", "start", "year 1650 is outside"),
    ("2020/3021", "end", "year 3021 is outside"),
    ("\uff12\uff10\uff12\uff11", "date", "non-ASCII character '\uff12' (U+FF12)"),  # full-width
    ("\u0662\u0660\u0662\u0661-05", "date", "U+0662"),  # Arabic-Indic digits
    ("2021\u201305", "date", "U+2013"),  # an en dash
    ("2021-02-29", "date", "there is no 2021-02-29"),
    ("2021-02-29~", "date", "there is no 2021-02-29"),
    ("2021-13", "date", "there is no month 13"),
    ("2003-02-30", "date", "there is no 2003-02-30"),
    ("Dec 2020", "date", "not a date"),
    ("12/04/2020", "date", "not a date"),
    ("2004-06-11T10:10", "date", "not a date"),  # times are not used
    ("2004-06~-11", "start", "not a date"),  # EDTF level 2 (qualified part)
    ("2021-25", "date", "there is no month 25"),  # EDTF level 2 season
    ("../..", "end", "at least one date"),
    ("/..", "end", "at least one date"),
    ("2021-21/..//", "end", "not a date"),
    ("2020/2018", "start", "ends before it starts"),
    ("..", "start", "only for end"),
    ("../2023", "date", "needs both ends"),
    ("2020-10/..", "date", "needs both ends"),
    ("2" * 5000, "date", "over 40 characters"),
])
def test_bad_dates_have_a_reason(text, kind, reason, capsys):
    d = _parse_dates(pd.Series([text]), kind).iloc[0]
    assert reason in d["problem"]
    assert pd.isna(d["lo"]) and pd.isna(d["hi"])
    assert capsys.readouterr().out == ""  # python-edtf prints failed parses: never to our stdout


@pytest.mark.parametrize("text", ["2014", "2014-05", "2014-05-06", "2010~", "2014?", "2014-05%",
                                  "2020-02-29?", "2017/2018", "2014~/2015-03?", "../2023",
                                  "2020-10/..", "/2023", "2020/", "2019-12-31/2020"])
def test_fast_path_agrees_with_python_edtf(text):
    # level-0 parts (qualified or not) skip the grammar; python-edtf must read them the same
    assert gdates._pieces(text) == gdates._edtf_pieces(text)


def test_each_distinct_string_is_parsed_once(monkeypatch):
    calls = []
    parse_one = gdates._parse_one
    monkeypatch.setattr(gdates, "_parse_one", lambda t, k: calls.append(t) or parse_one(t, k))
    s = pd.Series(["2021~", "2021-05", None, "2021~"] * 250)
    d = _parse_dates(s, "start")
    assert sorted(calls) == ["2021-05", "2021~"]
    assert d["uncertain"].sum() == 500 and d["lo"].isna().sum() == 250
    assert d["lo"].dtype == "datetime64[ns]" and d["hi"].dtype == "datetime64[ns]"


# ----------------------------------------------------------------------------- case folders
def _case(tmp_path, edits=()):
    """A copy of the shipped example case with (file, old, new) text replacements."""
    folder = tmp_path / "example"
    shutil.copytree(govnet.datasets.example_path(), folder)
    for name, old, new in edits:
        p = folder / name
        text = p.read_text(encoding="utf-8")
        assert old in text, (name, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


BAD = [  # file, old, new -> (file, line, column) of the bad-date problem
    ("relations.csv", "r01,leader,chief-executive,trust,1,,2021-05,", "r01,leader,chief-executive,trust,1,,3021,"),
    ("relations.csv", "r04,leader,chief-executive,disregard,-1,,2022,2023,",
     "r04,leader,chief-executive,disregard,-1,,2022,\u0662\u0660\u0662\u0663,"),
    ("events.csv", "e3,2022-03,", "e3,../2022-03,"),
    ("actors.csv", "jo-smith,Jo Smith,person,officer,,,,,2022-06,", "jo-smith,Jo Smith,person,officer,,,,,0000-01-01,"),
    ("tenures.csv", "t2,cllr-ada-jones,leader,2021-05,", "t2,cllr-ada-jones,leader,Dec 2020,"),
    ("sources.csv", ",2023-11,news,", ",2023-02-29,news,"),
    ("case.yml", 'end: "2023"', 'end: "3023"'),
]


def test_bad_dates_are_problems_not_exceptions(tmp_path):
    folder = _case(tmp_path, BAD)
    errors, _ = govnet.validate_case(folder)
    got = set(errors.loc[errors["code"] == "bad-date", ["file", "row", "column"]].itertuples(index=False))
    # lines: header = 1, so r01 is line 2, r04 line 5, e3 line 4, jo-smith line 8, t2 line 3
    assert got == {("relations.csv", 2, "start"), ("relations.csv", 5, "end"),
                   ("events.csv", 4, "date"), ("actors.csv", 8, "end"), ("tenures.csv", 3, "start"),
                   ("sources.csv", 2, "date"), ("case.yml", pd.NA, "period.end")}
    reasons = dict(zip(errors["value"], errors["reason"], strict=False))
    assert "outside 1700-2250" in reasons["3021"] and "U+0662" in reasons["\u0662\u0660\u0662\u0663"]
    with pytest.raises(govnet.DataValidationError, match="outside 1700-2250"):
        govnet.load_case(_case(tmp_path / "csv-only", BAD[:-1]))


def test_edtf_case_loads_with_flags(tmp_path):
    folder = _case(tmp_path, [
        ("relations.csv", "r01,leader,chief-executive,trust,1,,2021-05,2021-12,",
         "r01,leader,chief-executive,trust,1,,2021-05~,2021-12?,"),
        ("relations.csv", "r03,cllr-ben-khan,chief-executive,cooperation,1,,2021,,",
         "r03,cllr-ben-khan,chief-executive,cooperation,1,,../2021,,"),
        ("events.csv", "e3,2022-03,", "e3,2022-21,"),
        ("actors.csv", "pat-reed,Pat Reed,person,officer,,,,2022-07,",
         "pat-reed,Pat Reed,person,officer,,,,2022-07/2022-08,"),
        ("case.yml", 'period: {start: "2021", end: "2023"}', 'period: {start: "2021~", end: "2023"}'),
    ])
    errors, _ = govnet.validate_case(folder)
    assert errors.empty, errors.to_string()
    case = govnet.load_case(folder)
    r = case.relations.set_index("id")
    assert r.loc["r01", ["start_uncertain", "end_uncertain"]].tolist() == [True, True]
    assert r.loc["r02", ["start_uncertain", "end_uncertain"]].tolist() == [False, False]
    assert pd.isna(r.loc["r03", "start_lo"]) and r.loc["r03", "start_hi"] == pd.Timestamp("2021-12-31")
    assert case.events.set_index("id").loc["e3", ["date_lo", "date_hi"]].tolist() == [
        pd.Timestamp("2022-03-01"), pd.Timestamp("2022-05-31")]
    assert case.actors.set_index("id").loc["pat-reed", "start_hi"] == pd.Timestamp("2022-08-31")
    # r03 (open start, empty end) holds from the first accepted day to the last day of 2021
    assert "r03" in _edge_ids(case.graph(at=1990, aggregate=None))
    assert "r03" not in _edge_ids(case.graph(at=2022, aggregate=None))


def _edge_ids(G):
    return sorted(d["id"] for _, _, d in G.edges(data=True))


def test_end_dotdot_is_ongoing_until_the_next_observation_or_the_period_end(tmp_path):
    rows = "\n".join([
        # same tie (cara -> sam, informal, reported by the gazette): x1 is ongoing until the
        # day before x2 starts (2022-09-01), so its span is 2021-03-01..2022-08-31
        "x1,cllr-cara-lee,sam-patel,trust,1,,2021-03,..,gazette,s1,para 1,,govnet-team,high,,",
        "x2,cllr-cara-lee,sam-patel,disregard,-1,,2022-09,,gazette,s1,para 1,,govnet-team,high,,",
        # another reporter: no later observation, so until the period's end (2023-12-31)
        "x3,cllr-cara-lee,sam-patel,trust,1,,2021-06,..,staff,s1,para 1,,govnet-team,high,,",
        # ongoing after 2022-03: at least to 2022-03-01 although x6 starts in 2021-06
        "x5,cllr-ben-khan,cllr-cara-lee,trust,1,,2021-01,2022-03/..,gazette,s1,para 1,,govnet-team,high,,",
        "x6,cllr-ben-khan,cllr-cara-lee,trust,1,,2021-06,,gazette,s1,para 1,,govnet-team,high,,",
    ])
    folder = _case(tmp_path)
    with open(folder / "relations.csv", "a", encoding="utf-8") as f:
        f.write(rows + "\n")
    case = govnet.load_case(folder)
    x = {"x1", "x2", "x3", "x5", "x6"}

    def at(when):
        return sorted(set(_edge_ids(case.graph(at=when, aggregate=None))) & x)

    assert at("2022-08-31") == ["x1", "x3"]
    assert at("2022-09") == ["x2", "x3"]
    assert at("2023-12-31") == ["x3"]
    assert at("2024") == []
    assert at("2022-03-01") == ["x1", "x3", "x5"]
    assert at("2022-03-02") == ["x1", "x3"]
    assert at("2021-06") == ["x1", "x3", "x5", "x6"]


def test_empty_end_keeps_its_meaning(tmp_path):
    # r03 (start 2021, end empty) covers 2021 only, as before format 2
    case = govnet.load_case(_case(tmp_path))
    assert "r03" in _edge_ids(case.graph(at="2021-12-31", aggregate=None))
    assert "r03" not in _edge_ids(case.graph(at="2022-01-01", aggregate=None))


# ----------------------------------------------------------------------------- arguments
@pytest.mark.parametrize("bad", ["Dec 2020", "12/04/2020", "2003-02-30", "2003-13", "03/2003",
                                 "2003-5", "", "soon", None, 2023.0, True, 3021, "\uff12\uff10\uff12\uff13"])
def test_bad_date_arguments_raise(bad):
    with pytest.raises(govnet.ParameterError, match="2010~"):  # the message lists the forms
        govnet.parse_partial_date(bad)


def test_dec_2020_is_not_read_as_december():
    case = govnet.datasets.example_case()
    for kwargs in ({"at": "Dec 2020"}, {"window": ("2021", "12/04/2022")}):
        with pytest.raises(govnet.ParameterError, match="not a date"):
            case.graph(**kwargs)
    with pytest.raises(govnet.ParameterError):
        govnet.casestudy.snapshot_dates(case, ["2021", "Dec 2020"])


def test_an_int_is_a_year():
    case = govnet.datasets.example_case()
    g_int, g_str = case.graph(at=2022), case.graph(at="2022")
    assert g_int.number_of_edges() > 0
    assert sorted(g_int.edges(data="sign")) == sorted(g_str.edges(data="sign"))
    assert govnet.parse_partial_date(2023) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    assert govnet.casestudy.snapshot_dates(case, [2022, "2021"]) == ["2021", "2022"]
    t = govnet.trajectory(case, freq=[2021, 2022], measures=("n_observations",))
    assert t["date"].dt.year.tolist() == [2021, 2022]


def test_edtf_arguments():
    assert govnet.parse_partial_date("2018-01-08/2018-01-10") == (
        pd.Timestamp("2018-01-08"), pd.Timestamp("2018-01-10"))
    assert govnet.parse_partial_date("../2023") == (pd.Timestamp("1700-01-01"), pd.Timestamp("2023-12-31"))
    assert govnet.parse_partial_date("2021-24")[1] == pd.Timestamp("2022-02-28")
    case = govnet.datasets.example_case()
    assert case.graph(at="2022~").number_of_edges() == case.graph(at="2022").number_of_edges()


def test_dates_and_timestamps_are_one_day():
    t = pd.Timestamp("2022-07-03 15:00")
    assert govnet.parse_partial_date(t) == (pd.Timestamp("2022-07-03"),) * 2
    assert govnet.to_timestamp(datetime.date(2022, 7, 3)) == pd.Timestamp("2022-07-03")
    with pytest.raises(govnet.ParameterError, match="outside 1700-2250"):
        govnet.parse_partial_date(datetime.date(3021, 1, 1))


def test_to_timestamp_end():
    assert govnet.to_timestamp("2023-02") == pd.Timestamp("2023-02-01")
    assert govnet.to_timestamp("2023-02", end=True) == pd.Timestamp("2023-02-28")
