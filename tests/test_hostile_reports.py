"""Hostile input to ``govnet report`` (issue 21): script injection, signals, locks, limits."""

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

try:  # processes are found and checked with psutil; the tests that need it skip without it
    import psutil
except ImportError:
    psutil = None

from govnet.cli import main
from govnet.report import build_reports, report_main, write_index

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TINY = HERE / "notebooks" / "tiny_case.ipynb"
SLOW = HERE / "notebooks" / "slow_case.ipynb"
MD = "[x](javascript:alert(1)) **md**"
MATH = r"$\foo$ and $5"


def write_case(root, case_id, title="Case"):
    """A case folder the tiny notebooks read (case.yml, actors.csv)."""
    folder = root / case_id
    folder.mkdir(parents=True)
    (folder / "case.yml").write_text(
        f'id: x\ntitle: "{title}"\ncouncil: C\nperiod: {{start: 2002, end: 2004}}\n'
        'summary: "S"\n', encoding="utf-8")
    (folder / "actors.csv").write_text("id,name\na,Alice\n", encoding="utf-8")
    return folder


def tree(root):
    """Every file under ``root`` with its bytes (hidden ones too)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def fake_report(out, case_id, status="ok"):
    """A report folder as an earlier run of govnet left it."""
    folder = out / case_id
    folder.mkdir(parents=True)
    (folder / ".govnet-report").write_text("")
    (folder / "report.html").write_text(f"old {case_id}")
    (folder / "manifest.json").write_text(json.dumps({"status": status, "error": None}))


# ------------------------------------------------------------------ script injection


def _hostile_example(root):
    """The shipped example case with Markdown, HTML and mathtext in every text field."""
    from govnet.datasets import example_case

    case = root / "data" / "hostile"  # "example" would load the shipped case itself
    shutil.copytree(example_case().path, case)
    meta = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    meta.update({key: f"{key} {MD} <b>{MATH}" for key in ("title", "council", "summary")},
                id="hostile")
    (case / "case.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for name, column, text in (("actors.csv", "name", f"{MD} {MATH}"),
                               ("relations.csv", "quote", None)):
        with open(case / name, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        if text is None:  # the quote must stay verbatim in its source text: add it to both
            text = rows[0][column] + f" {MD}"
            source = case / "sources" / "example.txt"
            source.write_text(source.read_text(encoding="utf-8") + f"\n{text}\n",
                              encoding="utf-8")
        person = next(r for r in rows if r.get("kind", "person") == "person")
        person[column] = text
        with open(case / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return case


def test_data_text_is_never_markup_in_the_real_reports(tmp_path):
    """A Markdown link in data was a live ``javascript:`` link; ``$…$`` failed the figures."""
    case = _hostile_example(tmp_path)
    out = tmp_path / "reports"
    results = build_reports([case.name], data_dir=case.parent, out_dir=out, jobs=1,
                            notebook=REPO / "notebooks" / "case_study.ipynb",
                            cross_notebook=REPO / "notebooks" / "cross_case.ipynb",
                            progress=False)
    assert [r["status"] for r in results] == ["ok", "ok"], results
    for page in (f"{case.name}/report.html", "cross-case/report.html", "index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert not re.search(r"<a[^>]+href=[\"']?\s*javascript", text, re.I), page
        markup = re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S)  # vis-network's code
        assert "<b>" not in markup and "<strong>md</strong>" not in markup, page  # knows "<b>"
        assert "**md**" in text, page  # shown as written
    report = (out / case.name / "report.html").read_text(encoding="utf-8")
    assert report.count("[x](javascript:alert(1))") >= 4  # title, summary, a name, the quote
    assert list((out / case.name / "figures").glob("*.png"))


def test_a_dollar_in_a_name_does_not_break_the_figures():
    """Matplotlib read ``$\\foo$`` in a name as mathtext and failed the whole figure."""
    import io

    import matplotlib
    import networkx as nx

    matplotlib.use("Agg")
    from govnet import plot

    G = nx.DiGraph()
    G.add_node("a", name=MATH, side="member", tier=1, kind="person")
    G.add_node("b", name="Jo $x^$", side="officer", tier=1, kind="person")
    G.add_edge("a", "b", sign=-1, layer="informal")
    for ax in (plot.network(G, title=MATH), plot.interface_matrix(G, by="side", title=MATH)):
        ax.figure.savefig(io.BytesIO(), format="png")
        assert ax.get_title() == r"\$\foo\$ and \$5"  # drawn as "$\foo$ and $5"
    labels = [t.get_text() for t in plot.network(G).texts]
    assert r"\$\foo\$ and \$5" in labels


def test_a_case_folder_named_like_a_url_is_a_relative_link(tmp_path):
    out = tmp_path / "reports"
    fake_report(out, "javascript:alert(1)")
    page = write_index(out, [{"case": "javascript:alert(1)", "status": "ok", "seconds": 1,
                              "error": None}], {}).read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("javascript%3Aalert%281%29/") for h in hrefs), hrefs


# ------------------------------------------------------------------ the index agrees with folders


def test_index_status_comes_from_the_case_folder(tmp_path, monkeypatch):
    """Ctrl-C after a case was replaced by a failed report left the old index saying "ok"."""
    import govnet.report.batch as batch

    data = tmp_path / "data"
    for c in ("alpha", "beta"):
        write_case(data, c)
    out = tmp_path / "reports"
    assert report_main(["alpha", "beta"], data=str(data), out=str(out), jobs=1,
                       notebook=str(TINY), cross_notebook=False) == 0
    (data / "alpha" / "actors.csv").unlink()  # alpha now fails
    real, calls = batch.run_case, []

    def run_then_interrupt(task):
        calls.append(task["case_id"])
        if len(calls) > 1:
            raise KeyboardInterrupt  # Ctrl-C while beta runs
        return real(task)

    monkeypatch.setattr(batch, "run_case", run_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_reports(["alpha", "beta"], data_dir=data, out_dir=out, jobs=1, notebook=TINY,
                      cross_notebook=False, progress=False)
    assert json.loads((out / "alpha" / "manifest.json").read_text())["status"] == "failed"
    index = (out / "index.html").read_text()
    row = re.search(r"<tr><td><a href=\"alpha/.*?</tr>", index, re.S).group(0)
    assert 'class="failed"' in row and "FileNotFoundError" in row
    assert "1 of 2 reports failed" in index  # beta: its earlier report, still ok
    assert not list(out.glob(".*partial"))


# ------------------------------------------------------------------ signals, locks, processes


def _descendants(pid):
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@contextmanager
def _running(tmp_path, cases, jobs):
    """``govnet report`` on the slow notebook in a subprocess, its cases running.

    Yields (process, its descendants, out, the files of out before); whatever the test finds,
    every process started is killed after it.
    """
    if psutil is None:
        pytest.skip("psutil is not installed")
    data = tmp_path / "data"
    for c in cases:
        write_case(data, c)
    out = tmp_path / "reports"
    fake_report(out, cases[0])
    (out / "index.html").write_text("the previous index")
    before = tree(out)
    with open(tmp_path / "stderr.txt", "w") as err:  # a pipe would wait for leftover children
        proc = subprocess.Popen(
            [sys.executable, "-m", "govnet.cli", "report", *cases, "--data", str(data), "--out",
             str(out), "-j", str(jobs), "--notebook", str(SLOW), "--cross-notebook", "none"],
            env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.DEVNULL, stderr=err)
    family = []
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob(".*.partial"))) < jobs:  # each case's folder: its kernel starts
            assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
            assert time.monotonic() < deadline, "the cases did not start"
            time.sleep(0.2)
        time.sleep(3)  # the slow cells are running
        family = _descendants(proc.pid)
        yield proc, family, out, before
    finally:
        for p in [proc, *family, *_descendants(proc.pid)]:
            try:
                p.kill()
            except (OSError, psutil.NoSuchProcess):
                pass
        proc.wait()


def _assert_all_gone(procs, within):
    _, alive = psutil.wait_procs(procs, timeout=within)
    assert not alive, [p.cmdline()[:3] for p in alive]


@pytest.mark.parametrize("signum,jobs", [(signal.SIGINT, 2), (signal.SIGTERM, 1)])
def test_a_signal_stops_the_batch_at_once_and_leaves_the_site_as_it_was(tmp_path, signum, jobs):
    """Ctrl-C used to wait for every queued case; kernels and .partial folders were left."""
    with _running(tmp_path, ["alpha", "beta", "gamma"], jobs) as (proc, family, out, before):
        partials = sorted(p.name for p in out.glob(".*.partial"))
        assert all(re.fullmatch(r"\.\w+\.\d+-[0-9a-f]+\.partial", p) for p in partials), partials
        # a second run on the same --out is refused while the first holds it
        second = subprocess.run(
            [sys.executable, "-m", "govnet.cli", "report", "alpha", "--data",
             str(tmp_path / "data"), "--out", str(out), "--notebook", str(TINY),
             "--cross-notebook", "none"],
            env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
            timeout=120)
        assert second.returncode == 2 and "another govnet report" in second.stderr
        start = time.monotonic()
        proc.send_signal(signum)
        proc.wait(timeout=30)
        err = (tmp_path / "stderr.txt").read_text()
        assert time.monotonic() - start < 8, err
        assert proc.returncode == 128 + signum, err
        _assert_all_gone(family, within=5)
        assert tree(out) == before  # no .partial folder, the earlier report and index untouched


def test_kernels_die_with_a_killed_report(tmp_path):
    """SIGKILL left the fork server and its kernels (own session) running for ever."""
    with _running(tmp_path, ["alpha", "beta"], 2) as (proc, family, out, _):
        assert len(family) >= 5  # the fork server, two workers, two kernels
        proc.kill()
        _assert_all_gone(family, within=10)
    # the next run tidies the folders the killed one left
    assert list(out.glob(".*.partial"))
    assert main(["report", "alpha", "--data", str(tmp_path / "data"), "--out", str(out),
                 "-j", "1", "--notebook", str(TINY), "--cross-notebook", "none"]) == 0
    assert not list(out.glob(".*.partial"))


def test_what_a_killed_run_left_in_out_is_tidied(tmp_path):
    """Killed between moving the old report aside and renaming the new one in: put it back."""
    from govnet.report.batch import _clean_stale

    out = tmp_path / "reports"
    fake_report(out, ".alpha.old")  # alpha's previous report, moved aside; alpha is gone
    fake_report(out, "beta")
    fake_report(out, ".beta.old")  # beta's new report is in place: the old one goes
    fake_report(out, ".gamma.123-abcd.partial")
    (out / ".index.html.partial").write_text("half an index")
    _clean_stale(out)
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "beta"]
    assert (out / "alpha" / "report.html").read_text() == "old .alpha.old"


def test_stale_fork_server_folders_are_removed(tmp_path):
    from govnet._kernels import _clean_stale_servers

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale, live, young = (tmp_path / f"govnet-kernels-{n}" for n in ("stale", "live", "young"))
    for folder, pid in ((stale, dead.pid), (live, os.getpid()), (young, None)):
        folder.mkdir()
        if pid:
            (folder / "server.pid").write_text(f"{pid}\n")
    _clean_stale_servers(tmp_path)
    assert not stale.exists() and live.exists() and young.exists()


# ------------------------------------------------------------------ set-up errors exit 2


@pytest.mark.parametrize("args,message", [
    (["-j", "0"], "-j must be"),
    (["-j", "-3"], "-j must be"),
    (["--timeout", "nan"], "--timeout must be"),
    (["--timeout", "inf"], "--timeout must be"),
    (["--timeout", "-1"], "--timeout must be"),
    (["--timeout", "1e300"], "--timeout must be"),  # more than a timer can wait
    (["-p", "seed=-1"], "'seed' must be"),
    (["-p", "dates=[2021-13]"], "impossible date"),
    (["-p", "dates=2021-02-30"], "impossible date"),
    (["--out", "{file}"], "not a folder"),
    (["--out", "{file}/sub"], "cannot create --out"),
    (["--out", "/proc/no-such/x"], "cannot create --out"),
])
def test_bad_options_stop_before_anything_runs(tmp_path, capsys, args, message):
    write_case(tmp_path / "data", "alpha")
    (tmp_path / "file").write_text("")
    args = [a.replace("{file}", str(tmp_path / "file")) for a in args]
    out = ["--out", str(tmp_path / "reports")] if "--out" not in args else []
    status = main(["report", "alpha", "--data", str(tmp_path / "data"), *out, *args,
                   "--notebook", str(TINY), "--cross-notebook", "none"])
    err = capsys.readouterr().err
    assert status == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("name", ["cross-case", "index.html"])
def test_case_folders_with_the_sites_own_names_are_refused(tmp_path, capsys, name):
    write_case(tmp_path / "data", name)
    status = main(["report", "--all", "--data", str(tmp_path / "data"), "--out",
                   str(tmp_path / "reports"), "--notebook", str(TINY)])
    assert status == 2 and name in capsys.readouterr().err


def test_workers_are_capped_at_the_number_of_cases(capsys):
    from govnet.report.batch import _check_jobs

    cores = os.cpu_count() or 1
    assert _check_jobs(1000, 3) == 3
    assert "more than the" in capsys.readouterr().err
    assert _check_jobs(None, 1) == 1
    assert _check_jobs(1, 5) == 1 and capsys.readouterr().err == ""
    assert _check_jobs(None, 100) == cores


# ------------------------------------------------------------------ large cases


def test_a_large_case_gives_a_page_of_bounded_size(tmp_path):
    """Every evidence row was printed: 50,000 relations made a 31 MB page."""
    from govnet.synth import synthetic_case

    data = tmp_path / "data"
    synthetic_case(data / "big", n_members=12, n_officers=6, years=2, informal_per_year=1500,
                   n_cabinet=3, n_directors=2, seed=1)
    out = tmp_path / "reports"
    results = build_reports(["big"], data_dir=data, out_dir=out, jobs=1, cross_notebook=False,
                            notebook=REPO / "notebooks" / "case_study.ipynb", progress=False)
    assert results[0]["status"] == "ok", results
    with open(out / "big" / "tables" / "evidence.csv", encoding="utf-8") as fh:
        rows = sum(1 for _ in csv.reader(fh)) - 1
    assert rows > 2000
    page = (out / "big" / "report.html").read_text(encoding="utf-8")
    # over report.EVIDENCE_INLINE observations the appendix is a page of its own, the
    # findings link there, and figures are files beside the page (not inline base64)
    assert (out / "big" / "evidence.html").is_file()
    assert 'href="evidence.html#obs-' in page
    # measured (2026-12-02, 3,040 relations): 2.3 MB with every evidence link and every quote
    # in the network views; 1.69 MB with 30 links a finding and 5 quotes (20 ids) a tie: 0.72 MB
    # of network-view data over 4 eras, 0.47 MB of vis-network, 0.16 MB of tables
    assert len(page.encode()) < 2_000_000
