"""Result tables for other tools: tables/*.csv as R and spreadsheets read them (issues 19, 21)."""

import pandas as pd

from govnet.casestudy import write_outputs


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
