"""The ``govnet report`` batch: checks, the local or Dask run, signals, the lock, the summary."""

import math
import os
import shutil
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .._safeio import placement
from ..exceptions import ReportError
from .params import (
    CASE_NOTEBOOK,
    CROSS_NOTEBOOK,
    _describe,
    _inspect,
    check_parameters,
    find_notebook,
)
from .render import _warm_exporter
from .run import _partial_dir, _run_id, run_case
from .site import (
    _RESERVED_NAMES,
    CROSS_ID,
    _case_meta,
    _reported_meta,
    _shown,
    _site_cases,
    _site_rows,
    write_index,
)

__all__ = ["build_reports", "report_main"]


#: Names the cross-case notebook may use for the folder of case reports it reads.
_CROSS_INPUT_NAMES = ("reports_dir", "results_dir", "input_dir", "reports")


def _list_cases(data_dir):
    return sorted(p.name for p in Path(data_dir).iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "case.yml").is_file())


def _holds_case_data(folder):
    """True when ``folder`` is a case folder or has one (a folder with case.yml) inside it."""
    if (folder / "case.yml").exists():
        return True
    try:
        return any((d / "case.yml").exists() for d in folder.iterdir() if d.is_dir())
    except OSError:
        return False


def _check_out_dir(data_dir, out_dir):
    """Refuse an output folder that is, contains or lies inside the data (or any case data).

    The report step replaces folders under ``out_dir``; pointed at case data it would delete it.
    """
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    why = placement(out_dir, data_dir)
    if why:
        why += " the data folder"
    elif any((d / "case.yml").exists() for d in (out_dir, *out_dir.parents)):
        why = "lies inside a case folder"
    elif out_dir.is_dir() and _holds_case_data(out_dir):
        why = "contains case data (a folder with case.yml)"
    if why:
        raise ReportError(f"--out {out_dir} {why} ({data_dir}); reports replace folders in "
                          "--out, so they must go to a folder of their own, e.g. --out reports")
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} exists and is not a folder")


def _run_local(tasks, jobs, progress, warm_after=None, server=None):
    """Run tasks in this process (one job) or in worker processes; results in task order.

    Interrupted (Ctrl-C, SIGTERM), the workers are killed at once, queued cases never start.
    """
    results = [None] * len(tasks)
    if tasks:  # while the kernel fork server imports; forked workers inherit the templates
        _warm_exporter(bool(tasks[0].get("show_code")))
    if jobs <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            if warm_after and i + 1 == len(tasks):
                warm_after()  # the cross-case kernel starts while the last case runs
            results[i] = run_case(dict(task, warm_next=i + 1 < len(tasks)))
            progress(results[i])
        return results
    import multiprocessing

    # fork shares the parent's imports (papermill, nbconvert, govnet: seconds per worker); the
    # parent holds no kernel or zmq socket at this point. Forking a process that runs other
    # threads (a Dask client, a test runner's helpers) can deadlock, so then we spawn instead.
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    method = "fork" if forkable else "spawn"
    ctx = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm_worker,
                               initargs=(tasks[0].get("kernel_name", "python3"),
                                         str(Path(tasks[0]["notebook"]).parent), server,
                                         tasks[0].get("show_code"), os.getpid()))
    try:
        # The last ``jobs`` tasks start no spare kernel: no case would use it.
        futures = {pool.submit(run_case, dict(task, warm_next=i < len(tasks) - jobs)): i
                   for i, task in enumerate(tasks)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died: the case failed
                results[i] = {"case": tasks[i]["case_id"], "status": "failed", "seconds": None,
                              "error": f"{type(exc).__name__}: {exc}"}
            progress(results[i])
            pending = sum(r is None for r in results)
            if warm_after and pending == 1:  # the last case runs: warm the cross-case kernel
                warm_after()
    except BaseException:
        # The executor has no public way to stop running calls: kill its processes.
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def _warm_worker(kernel_name, cwd, server=None, show_code=False, parent=None):
    from .._kernels import _POOLS, _die_with_parent, get_pool

    if parent is not None:
        _die_with_parent(parent)  # a killed ``govnet report`` leaves no worker behind
    _POOLS.clear()  # pools copied from the parent by fork belong to the parent
    get_pool(kernel_name, cwd=cwd, server=server).warm()
    _warm_exporter(bool(show_code))  # cached: a no-op when forked from the parent


class _Interrupted(KeyboardInterrupt):
    """A batch stopped by a signal; ``args[0]`` is its number (SIGINT or SIGTERM)."""


@contextmanager
def _stop_on_signals():
    """While a batch runs, SIGTERM stops it as Ctrl-C does; more signals wait until it stopped.

    Only the main thread can handle signals: elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = (signal.SIGINT, signal.SIGTERM)

    def stop(signum, _frame):
        for name in names:  # the clean-up that follows is not itself interrupted
            signal.signal(name, signal.SIG_IGN)
        raise _Interrupted(signum)

    old = {name: signal.getsignal(name) for name in names}
    for name in names:
        signal.signal(name, stop)
    try:
        yield
    finally:
        for name, handler in old.items():
            signal.signal(name, handler)


@contextmanager
def _locked(out_dir):
    """Hold an exclusive lock on the reports folder (``flock`` on the folder itself).

    A second ``govnet report`` on the same ``--out`` is refused at once (:class:`ReportError`)
    instead of sharing its folders. The lock goes with the process, however it ends.
    """
    try:
        import fcntl
    except ImportError:  # no flock on this system: runs are not serialised
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(f"another govnet report is writing to {out_dir}; wait for it to "
                              "finish or choose another --out") from None
        yield
    finally:
        os.close(fd)


def _remove(path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _clean_stale(out_dir):
    """Tidy what a killed run left in ``out_dir`` (called holding its lock).

    Hidden ``*.partial`` folders go; a ``.<case>.old`` folder (the previous report, moved aside
    just before the new one took its place) is put back when the case folder is missing.
    """
    for path in sorted(Path(out_dir).glob(".*")):
        if path.name.endswith(".partial"):
            _remove(path)
        elif path.name.endswith(".old") and path.is_dir() and not path.is_symlink():
            final = path.with_name(path.name[1:-len(".old")])
            if final.exists() or final.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.replace(path, final)


def _check_jobs(jobs, n_tasks):
    """Workers for ``n_tasks`` cases: at most one per case; refuse fewer than one."""
    cores = os.cpu_count() or 1
    if jobs is None:
        jobs = cores
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ReportError(f"-j must be a whole number of at least 1, got {jobs!r}")
    if jobs > cores:
        print(f"govnet report: warning: -j {jobs} is more than the {cores} cores of this "
              "machine; cases will compete for them (each worker holds a kernel)", file=sys.stderr)
    return min(jobs, max(n_tasks, 1))


def _check_timeout(timeout):
    """A timeout is a positive number of seconds a timer can wait (``inf`` and ``nan`` are not)."""
    if timeout is not None and not (isinstance(timeout, int | float) and math.isfinite(timeout)
                                    and 0 < timeout <= threading.TIMEOUT_MAX):
        raise ReportError(f"--timeout must be a positive number of seconds, got {timeout!r}")


def _make_out_dir(out_dir):
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create --out {out_dir}: {exc.strerror or exc}") from None


def build_reports(cases=None, data_dir="data/cases", out_dir="reports", jobs=None,
                  parameters=None, timeout=None, show_code=False, executor="local",
                  scheduler=None, notebook=None, cross_notebook=None, progress=True):
    """Run the case-study notebook for each case, then the cross-case notebook, into a site.

    The site is updated, not replaced: ``index.html`` and the cross-case report cover the
    cases run now and every earlier report in ``out_dir`` (a folder govnet wrote, with a
    ``results.json``). Each case folder gets its published page (``report.html``, figures as
    linked files) and ``tables.xlsx``, every table of ``tables/`` as a sheet.

    Parameters
    ----------
    cases : list of str, optional
        Case ids (folders of ``data_dir``); None means every case found there.
    data_dir : str or pathlib.Path
        The folder of case folders.
    out_dir : str or pathlib.Path
        The reports folder: ``index.html``, ``<case-id>/`` and ``cross-case/``.
    jobs : int, optional
        Worker processes (default: ``os.cpu_count()``); never more than there are cases, a
        warning above the number of cores.
    parameters : dict, optional
        Extra notebook parameters (checked by :func:`check_parameters`).
    timeout : float, optional
        Seconds per case; a case running longer fails.
    show_code : bool
        Keep code cells in the HTML pages.
    executor : {"local", "dask"}
        Local worker processes, or a Dask cluster (``govnet._dask.map_tasks``).
    scheduler : str, optional
        Dask scheduler address; None starts a ``LocalCluster``.
    notebook, cross_notebook : str or pathlib.Path, optional
        The notebooks (default: ``notebooks/case_study.ipynb`` and ``notebooks/cross_case.ipynb``
        found by :func:`find_notebook`). ``cross_notebook=False`` skips the cross-case report.
    progress : bool
        Show a tqdm progress bar on standard error.

    Returns
    -------
    list of dict
        One status dict per case (``case``, ``status``, ``seconds``, ``error``), in case order,
        then one for ``cross-case`` when it ran.

    Raises
    ------
    ReportError
        Before anything runs: unknown cases, a missing folder or notebook, bad parameters, an
        ``out_dir`` another run is writing to (it is locked while a batch runs).
    KeyboardInterrupt
        On Ctrl-C or SIGTERM: the kernels and workers are killed, this run's temporary folders
        removed; reports already finished stay, and the index agrees with them.

    Examples
    --------
    >>> results = build_reports(["tower-hamlets"], jobs=2, parameters={"seed": 1})  # doctest: +SKIP
    >>> [(r["case"], r["status"]) for r in results]  # doctest: +SKIP
    [('tower-hamlets', 'ok'), ('cross-case', 'ok')]
    """
    from .._kernels import close_pools

    with _stop_on_signals():
        try:
            return _build_reports(cases, data_dir, out_dir, jobs, parameters, timeout, show_code,
                                  executor, scheduler, notebook, cross_notebook, progress)
        finally:
            close_pools()  # a spare kernel never outlives the batch


def _check_cases(cases, data_dir):
    available = _list_cases(data_dir)
    if not cases:
        cases = available
        if not cases:
            raise ReportError(f"no case folders (with case.yml) in {data_dir}")
    unknown = [c for c in cases if c not in available]
    if unknown:
        raise ReportError(f"unknown case(s) {', '.join(unknown)} in {data_dir}; "
                          f"available: {', '.join(available) or 'none'}")
    reserved = [c for c in cases if c in _RESERVED_NAMES]
    if reserved:
        raise ReportError(f"case folder(s) named {', '.join(reserved)} in {data_dir}: these names "
                          "are the site's own (index and comparison); rename the folder(s)")
    return list(dict.fromkeys(cases))


def _check_notebooks(notebook, cross_notebook):
    """The case notebook and the cross-case one (None when there is none, or it is skipped)."""
    declared = _inspect(notebook)
    missing = [n for n in ("case_id", "data_dir", "output_dir") if n not in declared]
    if missing:
        raise ReportError(f"{notebook.name} lacks the parameter(s) {', '.join(missing)}; "
                          f"its parameters are: {_describe(declared)}")
    if cross_notebook is not False:
        try:
            cross_notebook = find_notebook(cross_notebook or CROSS_NOTEBOOK)
        except ReportError:
            if cross_notebook:
                raise
            cross_notebook = None
    if cross_notebook and "output_dir" not in _inspect(cross_notebook):
        raise ReportError(f"{cross_notebook.name} lacks the parameter output_dir")
    return cross_notebook or None


def _build_reports(cases=None, data_dir="data/cases", out_dir="reports", jobs=None,
                  parameters=None, timeout=None, show_code=False, executor="local",
                  scheduler=None, notebook=None, cross_notebook=None, progress=True):
    data_dir = Path(data_dir).resolve()
    out_dir = Path(out_dir).resolve()
    _check_timeout(timeout)
    if not data_dir.is_dir():
        raise ReportError(f"data folder {data_dir} does not exist")
    _check_out_dir(data_dir, out_dir)
    cases = _check_cases(cases, data_dir)
    jobs = _check_jobs(jobs, len(cases))
    notebook = find_notebook(notebook or CASE_NOTEBOOK)
    server = None
    if executor == "local":
        # The kernel fork server (shared with worker processes) imports while papermill does;
        # when cases run in this process, the first kernel starts at once too.
        from .._kernels import get_pool

        pool = get_pool("python3", cwd=str(notebook.parent))
        server = pool.server_address
        # The server imports for ~0.9 s while this process imports papermill, checks the
        # parameters and compiles the HTML templates; the first kernel is forked after that.
    checked = check_parameters(notebook, parameters or {})
    cross_notebook = _check_notebooks(notebook, cross_notebook)
    _make_out_dir(out_dir)
    with _locked(out_dir):
        _clean_stale(out_dir)
        run_id = _run_id()
        try:
            return _run_batch(cases, data_dir, out_dir, jobs, checked, timeout, show_code,
                              executor, scheduler, notebook, cross_notebook, progress, server,
                              run_id)
        except BaseException:
            from .._kernels import close_pools

            close_pools()  # kernels die before their folders are removed
            raise
        finally:
            for path in out_dir.glob(f".*.{run_id}.partial"):
                _remove(path)


def _run_batch(cases, data_dir, out_dir, jobs, checked, timeout, show_code, executor, scheduler,
               notebook, cross_notebook, progress, server, run_id):
    """Run the cases, then the cross-case notebook; the index is kept up to date after each.

    The index and the cross-case report cover every case of the site: those run now and the
    reports of earlier runs in ``out_dir`` (:func:`_site_cases`).
    """
    metas = {c: _case_meta(data_dir / c) for c in cases}
    tasks = [{"case_id": c, "notebook": str(notebook), "data_dir": str(data_dir),
              "out_dir": str(out_dir), "parameters": checked, "timeout": timeout,
              "show_code": bool(show_code), "title": str(metas[c].get("title") or c),
              "run_id": run_id}
             for c in cases]
    earlier = [c for c in _site_cases(out_dir) if c not in metas]
    metas.update({c: _case_meta(data_dir / c) or _reported_meta(out_dir / c) for c in earlier})
    names = sorted(metas) + [CROSS_ID]
    done = []
    bar = None
    if progress:
        from tqdm import tqdm

        # tqdm's monitor thread would make the worker pool spawn (re-importing everything in
        # each worker) instead of fork: see _run_local. The bar refreshes on each case anyway.
        tqdm.monitor_interval = 0
        bar = tqdm(total=len(tasks), desc="reports", unit="case", file=sys.stderr)

    def tick(result):
        if bar is not None:
            bar.set_postfix_str(f"{result['case']} {result['status']}")
            bar.update(1)
        done.append(result)  # the case's folder was replaced: the index says so at once
        write_index(out_dir, _site_rows(out_dir, names, done), metas)

    try:
        if executor == "dask":
            from .._dask import map_tasks

            results = map_tasks(run_case, tasks, scheduler=scheduler)
            for result in results:
                tick(result)
        elif executor == "local":
            warm_after = None
            if cross_notebook:
                from .._kernels import get_pool

                def warm_after():
                    get_pool("python3", cwd=str(cross_notebook.parent)).warm()

            results = _run_local(tasks, jobs, tick, warm_after, server)
        else:
            raise ReportError(f"unknown executor {executor!r} (local or dask)")
    finally:
        if bar is not None:
            bar.close()
    results = list(results)
    if cross_notebook:
        results.append(_run_cross(sorted(metas), data_dir, out_dir, timeout, show_code,
                                  cross_notebook, run_id))
    write_index(out_dir, _site_rows(out_dir, names, results), metas)
    return results


def _run_cross(cases, data_dir, out_dir, timeout, show_code, cross_notebook, run_id):
    cross_declared = _inspect(cross_notebook)
    ok = [c for c in cases if (out_dir / c / "results.json").is_file()
          and _shown(out_dir, {"case": c, "status": "failed", "error": None})[0] == "ok"]
    # The cross-case notebook reads a folder holding exactly the site's good reports: links
    # to them, so that failed cases, an older cross-case/ and temporary folders stay out.
    staging = _partial_dir(out_dir, f"{CROSS_ID}-input", run_id)
    staging.mkdir()
    for case_id in ok:
        (staging / case_id).symlink_to(Path("..") / case_id, target_is_directory=True)
    extra = {name: str(staging) for name in _CROSS_INPUT_NAMES if name in cross_declared}
    if "case_ids" in cross_declared:
        extra["case_ids"] = ok
    if "data_dir" in cross_declared:
        extra["data_dir"] = str(data_dir)
    try:
        return run_case({"case_id": CROSS_ID, "notebook": str(cross_notebook),
                         "data_dir": None, "out_dir": str(out_dir), "parameters": {},
                         "timeout": timeout, "show_code": bool(show_code),
                         "title": "Cross-case comparison", "extra": extra,
                         "replace": {str(staging): str(out_dir)}, "warm_next": False,
                         "run_id": run_id})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _summary_table(results):
    width = max([len(r["case"]) for r in results] + [4])
    lines = [f"{'case':<{width}}  {'status':<6}  {'seconds':>8}"]
    for r in results:
        secs = "" if r["seconds"] is None else f"{r['seconds']:.1f}"
        lines.append(f"{r['case']:<{width}}  {r['status']:<6}  {secs:>8}")
    return "\n".join(lines)


def report_main(cases=(), all_cases=False, data="data/cases", out="reports", jobs=None,
                parameters=None, timeout=None, show_code=False, executor="local",
                scheduler=None, notebook=None, cross_notebook=None):
    """The ``govnet report`` command: run the reports, print a summary, return the exit status.

    Parameters
    ----------
    cases : sequence of str
        Case ids; with ``all_cases`` (or when empty with ``all_cases``) every case in ``data``.
    all_cases : bool
        Run every case found in ``data``.
    data, out : str
        The folder of case folders and the reports folder.
    jobs, parameters, timeout, show_code, executor, scheduler, notebook, cross_notebook
        As for :func:`build_reports`.

    Returns
    -------
    int
        0 when every report ran, 1 when any failed, 2 when nothing could run, 130 (143) when
        Ctrl-C (SIGTERM) stopped the batch.

    Examples
    --------
    >>> report_main([], all_cases=False)
    2
    """
    if not cases and not all_cases:
        print("govnet report: give case ids or --all", file=sys.stderr)
        return 2
    # nbformat -> jsonschema imports rfc3987_syntax, when installed, for the "iri" string
    # format only, compiling ~35 Earley grammars: about 1-2.5 s of every command's start-up.
    # No notebook schema uses that format (python-jsonschema/jsonschema#1428), so the command's
    # own process does without it; a library caller's process is left as it is.
    sys.modules.setdefault("rfc3987_syntax", None)
    try:
        results = build_reports(
            cases=None if all_cases else list(cases), data_dir=data, out_dir=out, jobs=jobs,
            parameters=parameters, timeout=timeout, show_code=show_code, executor=executor,
            scheduler=scheduler, notebook=notebook, cross_notebook=cross_notebook,
        )
    except ReportError as exc:
        print(f"govnet report: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        signum = exc.args[0] if isinstance(exc, _Interrupted) else signal.SIGINT
        print(f"govnet report: stopped by {signal.Signals(signum).name}; reports that finished "
              "were kept, the others are as they were", file=sys.stderr)
        return 128 + signum
    print(_summary_table(results))
    print(f"index: {Path(out).resolve() / 'index.html'}")
    failed = [r for r in results if r["status"] != "ok"]
    for r in failed:
        print(f"FAILED {r['case']}: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
