"""Results for other tools: tables/*.csv as R and spreadsheets read them (issues 19, 21), and
results.json against the JSON Schema shipped in the package."""

import json
from importlib.resources import files
from pathlib import Path

import jsonschema  # installed with nbformat
import pandas as pd
import pytest

import govnet
from govnet import casestudy
from govnet.casestudy import write_outputs

ROOT = Path(__file__).resolve().parents[1]


def test_result_csv_is_utf8_with_bom_and_true_false(tmp_path):
    df = pd.DataFrame({"who": ["£ “quoted”", "plain"], "flag": [True, False], "n": [1, -1]})
    write_outputs(tmp_path, tables={"t": df})
    raw = (tmp_path / "tables" / "t.csv").read_bytes()
    # BOM, then the header; CRLF (RFC 4180); booleans lower-case; -1 stays a number
    assert raw == "\ufeffwho,flag,n\r\n£ “quoted”,true,1\r\nplain,false,-1\r\n".encode()
    back = pd.read_csv(tmp_path / "tables" / "t.csv")
    assert back["flag"].tolist() == [True, False] and back["who"][0] == "£ “quoted”"


def test_formula_cells_are_prefixed_so_spreadsheets_show_them_as_text(tmp_path):
    """OWASP "CSV injection": cells starting with = + - @ tab or CR get a leading quote."""
    cells = ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(A1)", "\tx", "\rx", "-2", "a=b"]
    write_outputs(tmp_path, tables={"t": pd.DataFrame({"q": cells})})
    back = pd.read_csv(tmp_path / "tables" / "t.csv", dtype=str, keep_default_na=False)
    assert back["q"].tolist() == ["'=cmd|' /C calc'!A0", "'+SUM(1)", "'-2+3", "'@SUM(A1)",
                                  "'\tx", "'\rx", "-2", "a=b"]


# ---------------------------------------------------------------- results.json
def results_validator():
    """The JSON Schema of results.json shipped in the package, checked as a schema."""
    schema = json.loads(files("govnet").joinpath("data/results.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _written_results(case, tmp_path):
    """results.json as write_outputs writes it (what the case-study notebook does)."""
    write_outputs(tmp_path, casestudy.headline_results(case, n_null=20))
    return json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case_id", ["example", "waltham-forest", "southampton", "tower-hamlets"])
def test_results_of_each_shipped_case_match_the_schema(case_id, tmp_path):
    case = govnet.load_case(case_id, data_dir=ROOT / "data" / "cases")
    results = _written_results(case, tmp_path)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in results_validator().iter_errors(results)]
    assert not errors, errors[:5]


def test_the_results_schema_refuses_what_it_should(tmp_path):
    good = _written_results(govnet.datasets.example_case(), tmp_path)
    validator = results_validator()
    assert validator.is_valid(good)
    no_counts = {k: v for k, v in good.items() if k != "counts"}
    bad_climate = json.loads(json.dumps(good))
    bad_climate["snapshots"][0]["climate"]["interface"] = 1.5  # a mean sign lies in [-1, 1]
    bad_date = json.loads(json.dumps(good))
    bad_date["dates"][0] = "2021-13-01x"
    for bad in (no_counts, bad_climate, bad_date):
        assert not validator.is_valid(bad)
