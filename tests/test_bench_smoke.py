"""The benchmark runner works: one real module at its smallest quick size, plus broken ones."""

import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "run.py"

FAKE = '''
def benchmarks(quick, workdir):
    assert quick and workdir.is_dir()
    return [
        {"name": "tiny sum", "run": lambda: {"total": sum(range(1000))},
         "baseline": lambda: sum(range(2000)), "baseline_name": "bigger sum",
         "goal": "< 1 s"},
        {"name": "raises", "run": lambda: 1 / 0},
    ]
'''


def _table_rows(text):
    lines = [ln for ln in text.splitlines() if ln.startswith("| ")]
    header, rows = lines[0], lines[1:]
    return [c.strip() for c in header.strip("|").split("|")], [
        [c.strip() for c in r.strip("|").split("|")] for r in rows]


def test_runner_writes_a_filled_table(tmp_path):
    bench = tmp_path / "bench"
    bench.mkdir()
    shutil.copy(ROOT / "benchmarks" / "bench_pipeline.py", bench)
    (bench / "bench_fake.py").write_text(FAKE)
    (bench / "bench_broken.py").write_text("raise ImportError('deliberately broken')\n")
    out = tmp_path / "README.md"
    proc = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--bench-dir", str(bench), "--max-entries", "2",
         "--only", "bench_pipeline", "bench_fake", "bench_broken", "bench_absent",
         "--out", str(out)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "## Machine" in text and "cores" in text and "pandas" in text
    header, rows = _table_rows(text)
    assert header[:3] == ["module", "benchmark", "median (s)"]
    assert all(len(r) == len(header) and all(c != "" for c in r[:-1]) for r in rows)
    by = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows}
    fake = by[("bench_fake", "tiny sum")]
    assert float(fake["median (s)"]) <= float(fake["max (s)"]) and fake["runs"] == "5"
    assert fake["ratio run/baseline"].endswith("x") and fake["met"] == "yes"
    assert "total=499500" in fake["notes"] and float(fake["peak RSS (MB)"]) > 0
    assert by[("bench_fake", "raises")]["median (s)"] == "failed"
    assert "ZeroDivisionError" in by[("bench_fake", "raises")]["notes"]
    assert "deliberately broken" in by[("bench_broken", "(module)")]["notes"]
    assert by[("bench_absent", "(module)")]["median (s)"] == "missing"
    real = [v for k, v in by.items() if k[0] == "bench_pipeline"]
    assert len(real) == 2 and all(v["median (s)"] not in ("failed", "missing") for v in real[:1])
