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


# --- format 2: every message says what was found and how to fix it --------------------------
MESSAGES = {
    "bad-sign-unicode-minus": "found the character '−' (U+2212 MINUS SIGN): type the ASCII hyphen-minus '-' (write '-1')",
    "bad-sign-plus-one": "(no '+', decimals or '-0'): write 1",
    "bad-sign-decimal": "(no '+', decimals or '-0'): write 1",
    "bad-sign-negative-zero": "(no '+', decimals or '-0'): write 0",
    "bad-id-space": "lower-case letters, digits and hyphens: write 'chief-executive'",
    "bad-id-underscore": "write 'r-04'",
    "unknown-source-id-comma": "separate several with ';', not ',' (write 's1;s2')",
    "unknown-event-actor-comma": "(write 'cllr-ada-jones;cllr-ben-khan'); each id is then checked",
    "unknown-confidence-capital": "did you mean 'medium'? (lower case)",
    "unknown-theme-capital": "did you mean 'governance'? (lower case)",
    "unknown-quote-kind": "did you mean 'verbatim'?",
    "unknown-role": "did you mean 'cabinet-member'?",
    "malformed-semicolon": "looks semicolon-separated; save it as comma-separated",
    "missing-locator-with-text": "locator is required when a source has a text copy",
    "outside-actor-span": "relation (2022-07–2023) is dated outside the actor's start-end (–2022-06)",
    "quote-not-found-multi-source": "sources s1 (sources/example.txt), s2 (sources/example.txt)",
    "self-loop": "a relation from an actor to itself",
    "warning-quote-unchecked": "2 verbatim quote(s) cite this source, which has no text copy",
    "warning-after-publication": "starts after its source was published (s1 2023-11)",
    "warning-empty-rows": "3 empty row(s) (only commas) ignored",
    "warning-signed-zero-type": "default sign is 0 (a formal tie): say in notes why",
}


@pytest.mark.parametrize("folder", sorted(MESSAGES))
def test_reason_says_what_was_found_and_the_fix(folder):
    errors, warnings = validate_case(CORPUS / folder)
    problems = pd.concat([errors, warnings])
    assert len(problems) == 1 and MESSAGES[folder] in problems["reason"].iloc[0]


def test_only_the_unknown_id_of_a_list_is_named():
    errors, _ = validate_case(CORPUS / "unknown-source-id-in-list")  # s1;s9: s1 exists
    assert errors[["value", "reason"]].values.tolist() == [["s9", "unknown source id"]]


def test_empty_spreadsheet_rows_are_dropped_and_lines_stay_right(tmp_path):
    import shutil

    case = govnet.load_case(CORPUS / "warning-empty-rows")
    assert len(case.relations) == 26 and case.relations["id"].notna().all()
    # empty rows in the middle: the rows after them keep their own line numbers
    dest = tmp_path / "case"
    shutil.copytree(govnet.datasets.example_path(), dest)
    (dest / "case.yml").write_text((dest / "case.yml").read_text().replace("id: example", "id: case"))
    lines = (dest / "relations.csv").read_text(encoding="utf-8").split("\n")
    lines[5:5] = [",,,,,,,,,,,,,,,"] * 2  # before line 6 (r05) two empty rows: r05 now on line 8
    lines[7] = lines[7].replace(",high,culture,", ",high,cultures,")
    (dest / "relations.csv").write_text("\n".join(lines), encoding="utf-8")
    errors, warnings = validate_case(dest)
    assert _as_set(errors) == {("relations.csv", 8, "theme", "unknown-id")}
    assert _as_set(warnings) == {("relations.csv", 6, None, "empty-rows")}


@pytest.mark.parametrize("sign, ok", [("1", True), ("-1", True), ("0", True), ("+1", False),
                                      ("1.0", False), ("-0", False), ("01", False), (" 1 ", True)])
def test_signs_are_read_exactly_as_the_format_writes_them(tmp_path, sign, ok):
    # the format's signs are the codes -1, 0, 1 (data/README.md); '+1', '1.0', '-0' are rejected
    # with the fix; surrounding spaces are stripped from every cell
    import shutil

    dest = tmp_path / "case"
    shutil.copytree(govnet.datasets.example_path(), dest)
    (dest / "case.yml").write_text((dest / "case.yml").read_text().replace("id: example", "id: case"))
    text = (dest / "relations.csv").read_text().replace(",support,1,,2022-03,", f",support,{sign},,2022-03,")
    (dest / "relations.csv").write_text(text)
    errors, _ = validate_case(dest)
    assert errors.empty == ok


def test_table_output_never_truncates_reasons(capsys):
    assert cli_main(["validate", str(CORPUS / "warning-quote-unchecked")]) == 0
    assert ("(add its text as file, or mark paraphrases quote_kind = paraphrase)"
            in capsys.readouterr().out)


def test_paraphrase_is_not_checked_and_not_shown_as_the_sources_words():
    case = govnet.load_case(CORPUS / "ok-paraphrase")
    row = case.relations.set_index("id").loc["r15"]
    assert row["quote_kind"] == "paraphrase"
    assert case.relations["quote_kind"].value_counts().to_dict() == {"verbatim": 25, "paraphrase": 1}
    ev = govnet.casestudy.evidence_appendix(case, case.graph())
    shown = ev.set_index("observation").loc["r15", "quote"]
    assert shown == "(paraphrase) The leader's office gave staff orders"


def test_a_paraphrased_event_quote_is_marked_in_the_ladder(tmp_path):
    import shutil

    dest = tmp_path / "case"
    shutil.copytree(govnet.datasets.example_path(), dest)
    (dest / "case.yml").write_text((dest / "case.yml").read_text().replace("id: example", "id: case"))
    ev = pd.read_csv(dest / "events.csv", dtype=str, keep_default_na=False)
    ev["quote_kind"] = ["", "", "paraphrase", "", "", "", ""]  # e3, the peer challenge
    ev.to_csv(dest / "events.csv", index=False)
    lad = govnet.oversight_ladder(govnet.load_case(dest)).set_index("event")
    assert lad.loc["e3", "quote"] == "(paraphrase) A peer challenge team visited in March 2022"
    assert lad.loc["e6", "quote"].startswith("In March 2023")


def test_a_bad_id_beside_an_empty_one(tmp_path):
    import shutil

    dest = tmp_path / "case"
    shutil.copytree(CORPUS / "bad-id-underscore", dest)
    (dest / "case.yml").write_text((dest / "case.yml").read_text().replace("bad-id-underscore", "case"))
    text = (dest / "relations.csv").read_text().replace("\nr05,", "\n,")  # line 6: no id
    (dest / "relations.csv").write_text(text)
    errors, _ = validate_case(dest)
    assert _as_set(errors) == {("relations.csv", 5, "id", "bad-id"), ("relations.csv", 6, "id", "missing-value")}
