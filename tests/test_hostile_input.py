"""Hostile and careless case folders (issue 21): a problem table, never a traceback or a hang,
and nothing read from outside the case folder."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import govnet
from govnet.cli import main as cli_main
from govnet.validate import TABLES, validate_case

EXAMPLE = govnet.datasets.example_path()


@pytest.fixture
def case(tmp_path):
    """A copy of the shipped example case in ``tmp_path/cases/example``."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "cases" / "example"))


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _codes(folder):
    """Error codes from validate_case, after checking load_case raises the same table."""
    errors, _ = validate_case(folder)
    with pytest.raises(govnet.DataValidationError) as info:
        govnet.load_case(folder)
    assert info.value.problems["code"].tolist() == errors["code"].tolist()
    assert str(info.value).startswith(f"{len(errors)} problem")
    return errors["code"].tolist()


# --- case.yml: plain YAML only -----------------------------------------------------------
_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))  # 9**9 "lol"s when expanded

_YAML = {
    "billion-laughs": ("synthetic: true\n", "synthetic: true\n" + _LAUGHS, "malformed-yaml"),
    "alias-in-title": ("title:", "x: &t hi\ntitle: *t\nold_title:", "malformed-yaml"),
    "nested-100k-deep": ("synthetic: true\n", "deep: " + "[" * 100_000 + "]" * 100_000 + "\n",
                         "malformed-yaml"),
    "5000-digit-integer": ("synthetic: true\n", "n: " + "7" * 5000 + "\n", "malformed-yaml"),
    "impossible-date": ('{start: "2021"', "{start: 2021-02-30", "bad-date"),
    "over-256-KiB": ("synthetic: true\n", "pad: '" + "x" * (256 << 10) + "'\n", "bad-path"),
    "not-utf8": ("Example Borough", "Example Borough \udcff", "encoding"),
    "unclosed": ("synthetic: true\n", "roles: [unclosed\n", "malformed-yaml"),
    "a-list": ("id: example", "- id: example\n- x: y\nz: ", "malformed-yaml"),  # list + keys
}


@pytest.mark.parametrize("name", list(_YAML))
def test_hostile_case_yml_is_one_problem_row(case, name):
    old, new, code = _YAML[name]
    text = (case / "case.yml").read_text(encoding="utf-8").replace(old, new, 1)
    (case / "case.yml").write_bytes(text.encode("utf-8", "surrogateescape"))
    start = time.perf_counter()
    assert _codes(case) == [code]
    assert time.perf_counter() - start < 5


def test_yaml_dates_stay_strings_and_aliases_refused_in_the_report_index(case):
    from govnet.report.site import _case_meta

    _edit(case / "case.yml", '{start: "2021"', "{start: 2021-02-03")
    assert _case_meta(case)["period"]["start"] == "2021-02-03"  # a str, not a datetime.date
    _edit(case / "case.yml", "title:", "x: &t hi\ntitle: *t\nold_title:")
    assert _case_meta(case) == {}  # the index shows no summary rather than expanding aliases


# --- CSV tables ----------------------------------------------------------------------------
def test_header_duplicate_after_stripping(case):
    _edit(case / "actors.csv", "id,name,", "id, id,")
    errors, _ = validate_case(case)
    assert errors[["file", "row", "value", "code"]].values.tolist() == [
        ["actors.csv", 1, "id", "malformed-csv"]]


@pytest.mark.parametrize("content", [None, "", "id,name,kind,side,role,party,organisation,start,"
                                     "end,aliases,notes\n"], ids=["missing", "empty", "header-only"])
def test_actors_missing_empty_or_header_only(case, content):
    if content is None:
        (case / "actors.csv").unlink()
    else:
        (case / "actors.csv").write_text(content)
    codes = _codes(case)
    # missing or empty: that one fault (cross-file checks skipped); header-only: a valid empty
    # table, so every actor id used elsewhere is unknown
    expect = {None: {"missing-file"}, "": {"malformed-csv"}}.get(content, {"unknown-id"})
    assert set(codes) == expect


def test_wide_header_refused_in_bounded_time(case):
    n = 100_000
    (case / "relations.csv").write_text(",".join(f"c{i}" for i in range(n)) + "\n"
                                        + ",".join("x" * n) + "\n")
    start = time.perf_counter()
    errors, _ = validate_case(case)
    assert time.perf_counter() - start < 5
    assert errors["code"].tolist() == ["malformed-csv"]
    assert "100000 columns" in errors.loc[0, "reason"]


def test_header_name_longer_than_the_csv_field_limit(case):
    _edit(case / "actors.csv", ",notes\n", "," + "x" * 200_000 + "\n")  # csv's limit: 131072
    errors, _ = validate_case(case)
    assert errors[["file", "row", "code"]].values.tolist() == [["actors.csv", 1, "malformed-csv"]]


# --- a codebook.yml in the case folder -------------------------------------------------------
@pytest.mark.parametrize("text", ["", "- a\n- b\n", "42\n", "ladder: {x: none}\n",
                                  "roles: {leader: {tier: high}}\n", "roles: [a, b]\n",
                                  "relation_types: {trust: {sign: 1, directed: maybe}}\n"],
                         ids=["empty", "list", "scalar", "ladder-key", "tier", "roles-list",
                              "directed"])
def test_bad_codebook_shape(case, text):
    (case / "codebook.yml").write_text(text)
    assert _codes(case) == ["bad-codebook"]
    with pytest.raises(govnet.DataValidationError, match="cannot read codebook"):
        govnet.load_codebook(case / "codebook.yml")


# --- whole-file problems through load_case (no row number) ---------------------------------
def _wrong_id(case):
    _edit(case / "case.yml", "id: example", "id: other")


def _missing_key(case):
    _edit(case / "case.yml", "licence: CC-BY-4.0\n", "")


def _missing_file(case):
    (case / "events.csv").unlink()


def _latin1_source(case):
    (case / "sources" / "example.txt").write_bytes("caf\xe9\n".encode("latin-1"))


def _malformed_yaml(case):
    (case / "case.yml").write_text("id: [example\n")


@pytest.mark.parametrize("damage", [_wrong_id, _missing_key, _missing_file, _latin1_source,
                                    _malformed_yaml])
def test_whole_file_problem_through_load_case(case, damage):
    damage(case)
    with pytest.raises(govnet.DataValidationError) as info:
        govnet.load_case(case)
    assert info.value.problems["row"].isna().any()  # the row the message must leave out


def test_message_leaves_out_missing_cells():
    problems = pd.DataFrame({"file": ["case.yml"], "row": pd.array([pd.NA], dtype="Int64"),
                             "column": [pd.NA], "value": [float("nan")], "reason": ["bad"],
                             "code": ["x"]})
    assert str(govnet.DataValidationError(problems)) == "1 problem found:\n  case.yml: bad"


# --- govnet validate ---------------------------------------------------------------------------
def test_one_crashing_case_does_not_stop_the_others(case, monkeypatch, capsys):
    import govnet.validate as v

    real = v.validate_case
    second = Path(shutil.copytree(case, case.parent / "second"))
    _edit(second / "case.yml", "id: example", "id: second")

    def flaky(path, **kwargs):
        if Path(path).name == "example":
            raise ZeroDivisionError("planted")
        return real(path, **kwargs)

    monkeypatch.setattr(v, "validate_case", flaky)
    assert cli_main(["validate", str(case.parent)]) == 1
    out = capsys.readouterr().out
    assert "internal error: ZeroDivisionError: planted" in out
    assert "second: 0 error(s)" in out


def test_folder_without_cases_exits_2(tmp_path, capsys):
    assert cli_main(["validate", str(tmp_path)]) == 2
    assert "no case folders found" in capsys.readouterr().err


def test_closed_pipe_ends_quietly():
    # the reader closes the pipe before the first line is written, as `| head -0` would
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from govnet.cli import main; "
                             "sys.exit(main())", "validate", str(EXAMPLE)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err
    assert "Error" not in err


# --- nothing outside the case folder ------------------------------------------------------
def _source_file(case, value):
    (case / "sources.csv").write_text(
        "id,title,publisher,author,date,type,url,file,notes\n"
        f"s1,Example Gazette,Example Gazette,,2023-11,news,,{value},\n")


def _link(case, target):
    (case / "sources" / "link.txt").unlink(missing_ok=True)
    (case / "sources" / "link.txt").symlink_to(target)
    return "sources/link.txt"


_PATHS = {
    "dot-dot": lambda case: "../" * 12 + "etc/passwd",
    "absolute": lambda case: "/etc/passwd",
    "absent-outside": lambda case: "../no-such-file.txt",  # not "not found": no existence oracle
    "symlink-out": lambda case: _link(case, case.parent / "secret.txt"),
    "symlink-kmsg": lambda case: _link(case, "/proc/kmsg"),  # hung validate and report
    "symlink-dangling-out": lambda case: _link(case, "/no/such/file"),
    "proc-self-mem": lambda case: "/proc/self/mem",
    "long-name": lambda case: "sources/" + "a" * 5000 + ".txt",
    "nul-byte": lambda case: "sources/a\0b.txt",
    "fifo": lambda case: (os.mkfifo(case / "sources" / "fifo"), "sources/fifo")[1],
    "folder": lambda case: "sources",
    "over-20-MiB": lambda case: (os.truncate(case / "sources" / "example.txt", (20 << 20) + 1),
                                 "sources/example.txt")[1],
}


@pytest.mark.parametrize("name", list(_PATHS))
def test_source_file_outside_or_not_regular_is_bad_path(case, name):
    (case.parent / "secret.txt").write_text("the two were said to trust each other\n")
    value = _PATHS[name](case)
    if "\0" in value:  # a CSV cell may hold a NUL byte, the shell cannot
        (case / "sources.csv").write_bytes(
            b"id,title,publisher,author,date,type,url,file,notes\n"
            + f"s1,Example Gazette,Example Gazette,,2023-11,news,,{value},\n".encode())
    else:
        _source_file(case, value)
    start = time.perf_counter()
    errors, _ = validate_case(case)
    assert time.perf_counter() - start < 5
    # no quote is checked against a file that is not read (the oracle the issue describes)
    assert errors[["file", "column", "code"]].values.tolist() == [["sources.csv", "file", "bad-path"]]


@pytest.mark.parametrize("name", ["case.yml", "actors.csv"])
def test_case_file_symlinked_outside_is_bad_path(case, name):
    (case.parent / name).write_bytes((case / name).read_bytes())
    (case / name).unlink()
    (case / name).symlink_to(case.parent / name)
    errors, _ = validate_case(case)
    assert errors[["file", "code"]].values.tolist() == [[name, "bad-path"]]


def test_manifest_hashes_only_regular_files_inside(case):
    from govnet.report.run import _data_hashes

    (case.parent / "secret.txt").write_text("secret")
    (case / "sources" / "link.txt").symlink_to(case.parent / "secret.txt")
    (case / "linked-dir").symlink_to(case.parent)
    os.mkfifo(case / "fifo")
    hashes = _data_hashes(case)
    assert "sources/example.txt" in hashes and "case.yml" in hashes
    assert not [k for k in hashes if "link" in k or k == "fifo"]


# --- names the report site uses ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["index.html", "cross-case", ".hidden"])
def test_reserved_case_folder_names(case, name):
    folder = case.rename(case.parent / name)
    _edit(folder / "case.yml", "id: example", f"id: {name!r}")
    errors, _ = validate_case(folder)
    assert errors["code"].tolist() == ["reserved-name"]


def test_load_case_with_a_name_too_long():
    with pytest.raises(govnet.ParameterError, match="no case"):
        govnet.load_case("x" * 5000)


def test_write_case_copies_no_source_from_outside(case, tmp_path):
    (case.parent / "secret.txt").write_text("secret")
    _source_file(case, "../secret.txt")
    loaded = govnet.load_case(case, validate=False)  # unchecked: the path is still in the table
    out = govnet.write_case(loaded, tmp_path / "copy" / "deep" / "example")
    assert not (tmp_path / "copy" / "deep" / "secret.txt").exists()
    assert {p.name for p in out.iterdir()} == {"case.yml", *(f"{t}.csv" for t in TABLES)}


@pytest.mark.skipif(not os.access("/proc/kmsg", os.R_OK), reason="needs a readable /proc/kmsg")
def test_a_blocking_file_inside_the_folder_does_not_hang():
    from govnet._safeio import Refused, read_bytes

    # even where containment allows it (base "/"), the file is opened non-blocking
    start = time.perf_counter()
    with pytest.raises(Refused, match="cannot be read"):
        read_bytes("/proc/kmsg", "/", 1 << 20)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("verb", ["pseudonymise", "merge", "agree"])
@pytest.mark.parametrize("where", ["{case}", "{case}/sub", "{case}/.."])
def test_verbs_that_write_a_folder_never_write_into_their_case(tmp_path, verb, where, capsys):
    # Before this check, `govnet pseudonymise CASE --out CASE/sub` wrote the pseudonymised
    # copy inside the original case folder and its key (original names) beside it.
    from govnet.cli import main

    case = tmp_path / "cases" / "example"
    shutil.copytree(govnet.datasets.example_path(), case)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = where.format(case=case)
    args = {"pseudonymise": ["pseudonymise", str(case), "--out", out],
            "merge": ["merge", str(case), str(case), "--out", out],
            "agree": ["agree", str(case), str(case), "--out", out]}[verb]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "case folder" in err and "outside the case" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("target", ["relations.csv", "case.yml", "sources/example.txt", "."])
@pytest.mark.parametrize("verb", ["suggest", "export"])
def test_an_output_file_never_overwrites_the_case_s_own_files(tmp_path, verb, target, capsys):
    # Before this check, `govnet suggest CASE s1 --out CASE/relations.csv` replaced the coded
    # relations with the candidates, and `govnet export --out CASE/relations.csv` with GEXF.
    from govnet.cli import main

    case = tmp_path / "example"
    shutil.copytree(govnet.datasets.example_path(), case)
    assert (case / "sources" / "example.txt").is_file()
    before = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    out = str(case / target)
    args = {"suggest": ["suggest", str(case), "s1", "--out", out],
            "export": ["export", str(case), "--out", out]}[verb]
    assert main(args) == 2
    assert "never writes over a case's own files" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in case.rglob("*") if p.is_file()} == before
    # a file of its own in the case folder is fine
    assert main(args[:-1] + [str(case / "candidates.out")]) == 0
