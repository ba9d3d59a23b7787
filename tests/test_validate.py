"""Validation: the malformed-case corpus (one planted fault per folder), messages and the CLI."""

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govnet
from govnet.cli import main as cli_main
from govnet.validate import validate_case

CORPUS = Path(__file__).parent / "malformed"
FOLDERS = sorted(p for p in CORPUS.iterdir() if (p / "expected.json").is_file())


def _as_set(df):
    return {(r.file, None if pd.isna(r.row) else int(r.row), None if pd.isna(r.column) else r.column,
             r.code) for r in df.itertuples(index=False)}


def _expected(folder, key):
    return {(p["file"], p["row"], p["column"], p["code"])
            for p in json.loads((folder / "expected.json").read_text())[key]}


def test_corpus_is_large_enough():
    assert len(FOLDERS) >= 25


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_malformed_folder_reports_exactly_its_fault(folder):
    errors, warnings = validate_case(folder)
    assert _as_set(errors) == _expected(folder, "errors")
    assert _as_set(warnings) == _expected(folder, "warnings")


def test_load_case_raises_one_error_with_the_table():
    with pytest.raises(govnet.DataValidationError) as info:
        govnet.load_case(CORPUS / "bad-sign-two")
    err = info.value
    assert list(err.problems.columns[:5]) == ["file", "row", "column", "value", "reason"]
    assert err.problems.loc[0, "value"] == "2"
    assert "relations.csv:18 [sign] '2': sign must be -1, 0 or 1" in str(err)
    assert "<table" in err._repr_html_()


def test_validate_false_skips_checks():
    case = govnet.load_case(CORPUS / "unknown-theme", validate=False)
    assert case.relations.loc[4, "theme"] == "cultures"


def test_unreadable_file_raises_even_without_validation():
    with pytest.raises(govnet.DataValidationError):
        govnet.load_case(CORPUS / "malformed-unbalanced-quote", validate=False)


def test_example_case_has_no_problems():
    errors, warnings = validate_case(govnet.datasets.example_path())
    assert errors.empty and warnings.empty


def test_cli_exit_codes_and_json(capsys):
    assert cli_main(["validate", str(govnet.datasets.example_path())]) == 0
    assert cli_main(["validate", str(CORPUS / "bad-date-impossible"), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert out[0]["errors"][0]["code"] == "bad-date"
    assert out[0]["errors"][0]["row"] == 17


def test_cli_expands_a_folder_of_cases(capsys):
    assert cli_main(["validate", str(CORPUS)]) == 1
    out = capsys.readouterr().out
    assert out.count("error(s)") == len(FOLDERS)


def test_unreadable_codebook_is_reported_not_raised(tmp_path):
    import shutil

    shutil.copytree(govnet.datasets.example_path(), tmp_path / "cases" / "example")
    (tmp_path / "codebook.yml").write_text("roles: [unclosed\n")
    errors, _ = validate_case(tmp_path / "cases" / "example")
    assert errors["code"].tolist() == ["bad-codebook"]


def test_schemas_are_the_source_of_required_columns():
    from govnet.validate import _fields

    required = {f["name"] for f in _fields("relations") if f.get("constraints", {}).get("required")}
    assert {"id", "source", "target", "type", "sign", "start", "reported_by", "source_id"} <= required


# --- the vectorised CSV pre-scan agrees with the csv module wherever it answers -------------
_PIECES = ["a", "b c", ",", '"', '""', "\n", "\r\n", "\r", " ", "\ufeff", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_fast_scan_agrees_with_csv_module(pieces):
    from govnet.validate import _fast_scan, _scan

    text = "".join(pieces)
    fast = _fast_scan(text.encode("utf-8"))
    if fast is None:  # not plain: the csv module decides (and may report an error)
        return
    lines, counts, error = _scan(text.removeprefix("\ufeff"))
    assert error is None
    assert list(fast[0]) == list(lines) and list(fast[1]) == list(counts)


def test_fast_scan_hand_worked():
    from govnet.validate import _fast_scan

    # header; a record whose quoted field holds a comma and a line break; a blank line; a
    # record with an escaped quote and no final line break: records start on lines 1, 2, 5
    lines, counts = _fast_scan(b'id,quote\nr1,"a,\nb"\n\nr2,"say ""no"""')
    assert list(lines) == [1, 2, 5] and list(counts) == [2, 2, 2]
    assert _fast_scan(b'id,quote\nr1,"a"b\n') is None  # text after a closing quote: csv decides
    assert _fast_scan(b'id,quote\nr1,"open\n') is None  # unbalanced
    assert [list(x) for x in _fast_scan(b"")] == [[], []]
