"""Loading: the Case contract (typed tidy tables, derived columns), ids, data dir lookup."""

import shutil

import pandas as pd
import pytest

import govnet
from govnet.codebook import _version_note

EX = govnet.datasets.example_path()


@pytest.fixture(scope="module")
def case():
    return govnet.datasets.example_case()


def test_every_format_column_is_present_with_its_type(case):
    from govnet.validate import _fields

    for t in ("sources", "actors", "tenures", "relations", "events"):
        df = getattr(case, t)
        assert isinstance(df.index, pd.RangeIndex)
        for f in _fields(t):
            c = f["name"]
            assert c in df.columns, (t, c)
            if f.get("partialDate"):
                assert str(df[c].dtype) == "string"
                assert str(df[c + "_lo"].dtype) == str(df[c + "_hi"].dtype) == "datetime64[ns]"
            elif f["type"] == "string":
                assert str(df[c].dtype) == "string", (t, c)
    assert str(case.relations["sign"].dtype) == "Int64"
    assert str(case.relations["directed"].dtype) == "boolean"
    assert str(case.tenures["interim"].dtype) == "boolean"
    assert str(case.actors["tier"].dtype) == "Int64"


def test_rows_in_file_order_and_empty_cells_are_na(case):
    assert case.relations["id"].iloc[0] == "r01"
    assert len(case.relations) == len(pd.read_csv(EX / "relations.csv"))
    assert case.relations["end"].isna().any()
    assert not (case.relations["notes"] == "").any()


def test_derived_columns(case):
    r = case.relations.set_index("id")
    assert r.loc["r05", "layer"] == "informal" and r.loc["r10", "layer"] == "formal"
    assert not r.loc["r05", "directed"]  # conflict: undirected by default in the codebook
    assert r.loc["r04", "directed"]
    a = case.actors.set_index("id")
    assert a.loc["leader", "tier"] == 1 and pd.isna(a.loc["ministry", "tier"])
    assert pd.isna(a.loc["pat-reed", "tier"])  # no role
    t = case.tenures.set_index("id")
    assert t.loc["t4", "interim"] and not t.loc["t5", "interim"]


def test_partial_date_intervals(case):
    r = case.relations.set_index("id")
    assert r.loc["r03", "start_lo"] == pd.Timestamp("2021-01-01")
    assert r.loc["r03", "start_hi"] == pd.Timestamp("2021-12-31")
    assert pd.isna(r.loc["r03", "end_lo"])
    assert r.loc["r01", "end_hi"] == pd.Timestamp("2021-12-31")


def test_meta_and_codebook(case):
    assert case.id == "example" and case.meta["synthetic"] is True
    assert case.meta["period"] == {"start": "2021", "end": "2023"}
    # coded with 1.0; a later minor version of the shipped codebook only adds terms: it fits
    assert _version_note(case.meta["codebook_version"], case.codebook) is None


def test_load_by_id_and_load_cases(tmp_path, monkeypatch):
    shutil.copytree(EX, tmp_path / "cases" / "example")
    (tmp_path / "cases" / "notacase").mkdir()
    assert govnet.load_case("example", data_dir=tmp_path / "cases").id == "example"
    monkeypatch.setenv("GOVNET_DATA", str(tmp_path / "cases"))
    assert govnet.find_data_dir() == (tmp_path / "cases").resolve()
    assert list(govnet.load_cases()) == ["example"]
    with pytest.raises(govnet.ParameterError, match="no case 'nope'"):
        govnet.load_case("nope")


def test_find_data_dir_searches_upward(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVNET_DATA", raising=False)
    (tmp_path / "data" / "cases").mkdir(parents=True)
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert govnet.find_data_dir() == (tmp_path / "data" / "cases").resolve()


def test_write_case_round_trip(case, tmp_path):
    back = govnet.load_case(govnet.write_case(case, tmp_path / "example"))
    for t in ("sources", "actors", "tenures", "relations", "events"):
        pd.testing.assert_frame_equal(getattr(back, t), getattr(case, t))
