"""A seeded fuzzer over the shipped example case: every mutant gives a problem table, in time.

Each mutant is the example case (``govnet/datasets/example``) with one to three random faults:
bytes flipped, files truncated, deleted or swapped for a folder, FIFO or symlink, rows
duplicated, columns swapped, headers renamed or widened, cells, dates, source paths and YAML
values replaced by hostile ones, a case-folder codebook.yml. ``validate_case`` must return its two tables, the
error table must make a readable ``DataValidationError``, and ``load_case`` on a mutant without
errors must not raise; each mutant within ``LIMIT`` seconds (a SIGALRM stops a hang).
"""

import csv
import io
import os
import random
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import govnet
from govnet.validate import _COLUMNS, validate_case

EXAMPLE = govnet.datasets.example_path()
FILES = {p.relative_to(EXAMPLE).as_posix(): p.read_bytes()
         for p in sorted(EXAMPLE.rglob("*")) if p.is_file()}
CODEBOOK = (Path(govnet.__file__).with_name("data") / "codebook.yml").read_bytes()
# seeds 0, 1, ... in order until N_MUTANTS have run or BUDGET seconds are spent (a loaded
# machine runs fewer; see MIN_MUTANTS); raise both for a long campaign
N_MUTANTS = int(os.environ.get("GOVNET_FUZZ_MUTANTS", 300))
BUDGET = float(os.environ.get("GOVNET_FUZZ_SECONDS", 15))
MIN_MUTANTS = 50
LIMIT = 5.0  # seconds per mutant

CELLS = ["", " ", '"', '""', "-0", "+1", "1.0", "1e308", "9" * 5000, "NaN", "None", "null",
         "yes", "maybe", "2021-13", "2021-02-30", "21-05", "2021-5-1", "\u0662\u0660\u0662\u0661",
         "3021-05", "0000-01-01", "x" * 100_000, "=cmd|' /C calc'!A0", "a\x00b", "\ufeffid",
         "../../../../etc/passwd", "/etc/passwd", "/proc/self/mem", "/proc/kmsg", "sources",
         "sources/" + "a" * 5000, "$x^2$", "[x](javascript:alert(1))", "<script>x</script>",
         ";;;", "leader;leader", "s1", "r01", "leader", "t1", "e1", "é", "\r", "\n"]
PATHS = ["../" * 12 + "etc/passwd", "/etc/passwd", "/proc/kmsg", "/proc/self/mem", "/dev/zero",
         "sources", ".", "", "sources/" + "a" * 5000, "sources/a\x00b", "sources/example.txt/x",
         "case.yml", "sources/../sources/example.txt", "~/x", "C:\\x", "sources//example.txt"]
HEADERS = ["", " id", "id", "start_lo", "ID", "id.1", "x" * 1000, "x" * 200_000, "\ufeffid", "sign",
           '"']
YAML_VALUES = ["&a x", "*a", "[" * 200, "{", "2021-02-30", "2021-02-03 10:00:00", "!!binary eA==",
               "!!python/object/apply:os.system [echo]", "7" * 5000, "- a", "null", "~", "{a: 1}",
               "'unclosed", "\t", "1e999", "0x" + "f" * 500, "[1, [2, [3]]]", '"\\ud800"']
DATES = ["3021-05", "0000-01-01", "9999-12-31", "1677-09-21", "2262-04-12", "2020-02-29",
         "2021-02-29", "2021-00", "2021-05-00", "\u0662\u0660\u0662\u0661", "2021/05", "-2021",
         "+2021", "20210", "2021-W05", "2021-05-01T10:00", "2021?", "2021~", "202X", "2021-21"]


def _rows(data):
    text = data.decode("utf-8", "surrogateescape")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None


def _unrows(rows):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


def _csv_name(rng, files):
    names = [n for n, d in files.items() if n.endswith(".csv") and isinstance(d, bytes)]
    return rng.choice(names) if names else None


def _flip(rng, files):
    name = rng.choice([n for n, d in files.items() if isinstance(d, bytes) and d] or [None])
    if name:
        data = bytearray(files[name])
        data[rng.randrange(len(data))] = rng.choice([0, 255, 34, 44, 10, 13, rng.randrange(256)])
        files[name] = bytes(data)
    return f"flip a byte of {name}"


def _truncate(rng, files):
    name = rng.choice([n for n, d in files.items() if isinstance(d, bytes)] or [None])
    if name:
        files[name] = files[name][: rng.randrange(len(files[name]) + 1)]
    return f"truncate {name}"


def _replace_file(rng, files):
    name = rng.choice(sorted(files))
    files[name] = rng.choice([None, ("dir",), ("fifo",), ("link", "/etc/passwd"),
                              ("link", "/proc/kmsg"), ("link", "/proc/self/mem"),
                              ("link", "nowhere"), ("link", name.rsplit("/", 1)[-1])])
    return f"replace {name} by {files[name]}"


def _edit_rows(rng, files, what):
    name = _csv_name(rng, files)
    rows = _rows(files[name]) if name else None
    if not rows or not rows[0]:
        return f"{what}: no table"
    i, j = rng.randrange(len(rows)), rng.randrange(len(rows[0]))
    if what == "duplicate rows":
        rows = rows[: i + 1] + [rows[i]] * rng.choice([1, 2, 500]) + rows[i + 1:]
    elif what == "swap columns":
        k = rng.randrange(len(rows[0]))
        for row in rows if rng.random() < 0.5 else rows[:1]:
            if max(j, k) < len(row):
                row[j], row[k] = row[k], row[j]
    elif what == "header":
        rows[0][j] = rng.choice(HEADERS + rows[0])
    elif what == "widen":
        n = rng.choice([3, 190, 250, 5000])
        rows = [row + [f"x{c}" if r == 0 else "" for c in range(n)] for r, row in enumerate(rows)]
    elif len(rows) > 1 and j < len(rows[i or 1]):  # a cell
        rows[i or 1][j] = rng.choice(CELLS)
    files[name] = _unrows(rows)
    return f"{what} in {name} (row {i}, column {j})"


def _path(rng, files):
    rows = _rows(files["sources.csv"]) if isinstance(files["sources.csv"], bytes) else None
    if not rows or "file" not in rows[0] or len(rows) < 2:
        return "path: no sources table"
    row, value = rng.choice(rows[1:]), rng.choice(PATHS)
    if len(row) == len(rows[0]):
        row[rows[0].index("file")] = value
    files["sources.csv"] = _unrows(rows)
    return f"source file = {value[:60]!r}"


def _date(rng, files):
    name = rng.choice(["sources.csv", "actors.csv", "tenures.csv", "relations.csv", "events.csv"])
    rows = _rows(files[name]) if isinstance(files.get(name), bytes) else None
    columns = [j for j, c in enumerate(rows[0]) if c in ("date", "start", "end")] if rows else []
    if len(rows or ()) < 2 or not columns:
        return f"date in {name}: no date column"
    row, j, value = rng.choice(rows[1:]), rng.choice(columns), rng.choice(DATES)
    if j < len(row):
        row[j] = value
    files[name] = _unrows(rows)
    return f"date {value!r} in {name}"


def _yaml(rng, files, name):
    base = files.get(name) if isinstance(files.get(name), bytes) else FILES["case.yml"]
    lines = base.decode("utf-8", "surrogateescape").splitlines()
    i = rng.randrange(len(lines)) if lines else 0
    key = lines[i].split(":", 1)[0] if lines and ":" in lines[i] else "extra"
    lines[i:i + 1] = [f"{key}: {rng.choice(YAML_VALUES)}"]
    files[name] = "\n".join(lines).encode("utf-8", "surrogateescape")
    return f"{name} line {i} = {lines[i]!r}"


def _codebook(rng, files):
    files["codebook.yml"] = CODEBOOK
    return _yaml(rng, files, "codebook.yml")


MUTATORS = [_flip, _truncate, _replace_file, _codebook, _path, _date,
            lambda rng, files: _yaml(rng, files, "case.yml"),
            *(lambda rng, files, w=w: _edit_rows(rng, files, w)
              for w in ("duplicate rows", "swap columns", "header", "widen", "cell", "cell"))]


def mutant(seed):
    """The files of mutant ``seed`` (name -> bytes, None = deleted, or a tuple for a special
    file) and what was done."""
    rng = random.Random(seed)
    files = dict(FILES)
    done = [rng.choice(MUTATORS)(rng, files) for _ in range(rng.choice([1, 1, 2, 3]))]
    return files, done


def write(files, folder):
    if folder.parent.exists():
        shutil.rmtree(folder.parent)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif data == ("dir",):
            path.mkdir()
        elif data == ("fifo",):
            os.mkfifo(path)
        elif data is not None:
            path.symlink_to(data[1])
    return folder


class _Timeout(Exception):
    pass


@contextmanager
def _alarm(seconds):
    def ring(signum, frame):
        raise _Timeout(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check(folder):
    """Validate and load ``folder`` as the README promises; returns the error codes."""
    errors, warnings = validate_case(folder)
    assert list(errors.columns) == _COLUMNS and list(warnings.columns) == _COLUMNS
    if len(errors):
        assert str(govnet.DataValidationError(errors, warnings, path=folder))
    else:
        try:
            govnet.load_case(folder)
        except govnet.DataValidationError:
            pass
    return errors["code"].tolist()


def _run(folder):
    """None when ``folder`` behaves, else a description of what went wrong."""
    start = time.perf_counter()
    try:
        with _alarm(LIMIT + 1):
            check(folder)
    except Exception as exc:  # noqa: BLE001 - every failure is listed, not only the first
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    seconds = time.perf_counter() - start
    return f"took {seconds:.1f} s" if seconds > LIMIT else None


def test_fuzz_mutants_of_the_example_case(tmp_path):
    start, failures, ran = time.perf_counter(), [], 0
    for seed in range(N_MUTANTS):
        if time.perf_counter() - start > BUDGET:
            break
        files, done = mutant(seed)
        problem = _run(write(files, tmp_path / "m" / "example"))
        if problem:
            failures.append(f"seed {seed} ({'; '.join(done)}): {problem}")
        ran += 1
    assert not failures, "\n".join(failures)
    assert ran >= MIN_MUTANTS


def test_mutants_are_reproducible():
    assert mutant(7) == mutant(7) and mutant(7) != mutant(8)


def test_the_example_itself_passes(tmp_path):
    assert check(write(dict(FILES), tmp_path / "c" / "example")) == []


# --- fixed regression inputs from issue 21 (more, one by one, in test_hostile_input.py) ------
def _cell(table, column, value):
    rows = _rows(FILES[table])
    rows[1][rows[0].index(column)] = value
    return {**FILES, table: _unrows(rows)}


def _yml(old, new):
    return {**FILES, "case.yml": FILES["case.yml"].replace(old.encode(), new.encode(), 1)}


def _tenures_without_actors():
    rows = _rows(FILES["tenures.csv"])
    for r in rows[1:]:
        r[rows[0].index("actor")] = ""
    return {**FILES, "tenures.csv": _unrows(rows)}


def _source_without_id():
    rows = _rows(FILES["sources.csv"])
    rows[1][rows[0].index("id")], rows[1][rows[0].index("file")] = "", "sources/none.txt"
    return {**FILES, "sources.csv": _unrows(rows)}


REGRESSIONS = {
    "yaml-impossible-date": _yml('{start: "2021"', "{start: 2021-02-30"),
    "yaml-5000-digits": _yml("synthetic: true", "synthetic: " + "7" * 5000),
    "yaml-100k-deep": _yml("synthetic: true", "deep: " + "[" * 100_000 + "]" * 100_000),
    "yaml-alias": _yml("synthetic: true", "a: &a [x]\nb: [*a, *a]"),
    "header-id-id": {**FILES, "actors.csv": FILES["actors.csv"].replace(b"id,name", b"id, id")},
    "actors-missing": {**FILES, "actors.csv": None},
    "actors-empty": {**FILES, "actors.csv": b""},
    "actors-header-only": {**FILES, "actors.csv": FILES["actors.csv"].split(b"\n")[0]},
    "codebook-list": {**FILES, "codebook.yml": b"- a\n"},
    "codebook-ladder": {**FILES, "codebook.yml": b"ladder: {x: none}\n"},
    "wrong-id": _yml("id: example", "id: other"),
    "source-dot-dot": _cell("sources.csv", "file", "../" * 12 + "etc/passwd"),
    "source-kmsg": {**FILES, "sources/example.txt": ("link", "/proc/kmsg")},
    "source-self-mem": _cell("sources.csv", "file", "/proc/self/mem"),
    "source-long-name": _cell("sources.csv", "file", "a" * 5000),
    "source-without-id": _source_without_id(),  # fuzz seed 1297: IndexError
    "tenures-without-actors": _tenures_without_actors(),  # fuzz seed 933: TypeError (NA)
    "columns-100k": {**FILES, "events.csv": b",".join(b"c%d" % i for i in range(100_000))},
}
DATE_REGRESSIONS = {
    "year-3021": _cell("relations.csv", "start", "3021-05"),
    "year-0000": _cell("actors.csv", "start", "0000-01-01"),
}


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression_input(tmp_path, name):
    assert _run(write(REGRESSIONS[name], tmp_path / name / "example")) is None


@pytest.mark.parametrize("name", list(DATE_REGRESSIONS))
def test_date_regression_input(tmp_path, name):
    try:
        check(write(DATE_REGRESSIONS[name], tmp_path / name / "example"))
    except Exception as exc:  # noqa: BLE001 - reported as the expected failure
        raise AssertionError(f"{type(exc).__name__}: {exc}") from exc
