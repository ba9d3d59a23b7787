"""One report: a notebook executed by papermill into its own folder, with its manifest."""

import ast
import functools
import hashlib
import json
import os
import platform
import secrets
import shutil
import stat
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..codebook import _codebook_hashes
from ..exceptions import ReportError
from .markup import escape_html
from .params import _inspect, _literal
from .render import _mark_failure, _normalise_notebook, _publish, _replace_dir, _stub_notebook

__all__ = ["run_case"]


_PACKAGES = (
    "govnet", "pandas", "numpy", "networkx", "scipy", "matplotlib", "papermill", "nbclient",
    "nbconvert", "nbformat", "ipykernel", "jupyter_client", "pyyaml", "pyvis", "beautifulsoup4",
    "openpyxl",
)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _package_versions():
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return versions


def _data_hashes(case_dir):
    case_dir = Path(case_dir)
    if not case_dir.is_dir():
        return {}
    files = sorted(Path(d, f) for d, _, names in os.walk(case_dir) for f in names  # no symlinks
                   if not f.startswith(".") and stat.S_ISREG(os.lstat(Path(d, f)).st_mode))
    return {p.relative_to(case_dir).as_posix(): _sha256(p) for p in files}


def _write_json(path, obj):
    text = json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n"
    Path(path).write_text(text, encoding="utf-8")


_ENGINE = "govnet"


@functools.lru_cache(maxsize=1)
def _register_engine():
    """Register papermill's nbclient engine, writing the notebook once instead of every cell.

    Papermill saves the whole output notebook (serialised and validated) when each cell starts
    and ends, with the kernel idle meanwhile: about a second per case for the case-study
    notebook. Here the notebook is written when execution ends: by papermill itself on success
    and on a cell error (with its error banner), and by this engine when the kernel died or
    hung, so the cells that ran are kept.
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class _Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=False,
                             log_output=False, autosave_cell_every=30, **kwargs):
            nb_man = NotebookExecutionManager(nb, output_path=None, progress_bar=progress_bar,
                                              log_output=log_output,
                                              autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            except BaseException:
                nb_man.output_path = output_path  # the final sync below keeps what ran
                raise
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(_ENGINE, _Engine)
    return _ENGINE


def run_case(task):
    """Execute one report notebook into its own folder; never raises for a failing notebook.

    The notebook runs in a fresh kernel from this process's warm pool, writing into a
    temporary folder beside the target that is renamed into place when complete.

    Parameters
    ----------
    task : dict
        ``case_id``, ``notebook``, ``data_dir``, ``out_dir`` (the reports folder), ``parameters``
        (already checked), ``timeout`` (seconds for the whole case, or None), ``show_code``;
        optional ``title``, ``kernel_name``, ``case_dir`` (whose files are hashed into the
        manifest), ``extra`` (parameters govnet sets, such as the cross-case input folder) and
        ``run_id`` (names the hidden ``.<case>.<run_id>.partial`` folder; unique by default).

    Returns
    -------
    dict
        ``case``, ``status`` ("ok" or "failed"), ``seconds`` and ``error`` (None when ok).
        This function is top-level and picklable, so a Dask or process pool can run it.
    """
    start = time.perf_counter()
    started_at = time.time()
    case_id = task["case_id"]
    out_dir = Path(task["out_dir"])
    final = out_dir / case_id
    tmp = _partial_dir(out_dir, case_id, task.get("run_id") or _run_id())
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "tables").mkdir(parents=True)
    (tmp / "figures").mkdir()
    declared = _inspect(Path(task["notebook"]))
    params = _given_parameters(task, declared, tmp)
    status, error = _execute(task, params, tmp / "report.ipynb")
    replace = {str(tmp): str(final), **(task.get("replace") or {})}
    status, error = _finish_folder(task, tmp, replace, status, error)
    _write_json(tmp / "manifest.json", _manifest(task, status, error, declared, params, replace))
    _write_json(tmp / "timings.json", {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started_at)),
        "seconds": round(time.perf_counter() - start, 3),
        "host": platform.node(),
    })
    try:
        _replace_dir(tmp, final)
    except ReportError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        status, error = "failed", str(exc)
    return {"case": case_id, "status": status, "seconds": round(time.perf_counter() - start, 3),
            "error": error}


def _given_parameters(task, declared, tmp):
    """The task's parameters and those govnet sets itself that the notebook declares."""
    params = dict(task.get("parameters") or {})
    given = {"case_id": task["case_id"], "data_dir": str(task.get("data_dir") or ""),
             "output_dir": str(tmp), "show_code": bool(task.get("show_code"))}
    given.update(task.get("extra") or {})
    params.update({k: v for k, v in given.items() if k in declared})
    return params


def _execute(task, params, nb_path):
    """Run the notebook into ``nb_path`` in a kernel of the warm pool: (status, error).

    A kernel that does not start, a cell error, a dead or hung kernel and the case's timeout
    (the kernel is killed) all give "failed" and an error message; what ran is kept.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .._kernels import get_pool

    notebook = Path(task["notebook"])
    pool = get_pool(task.get("kernel_name", "python3"), cwd=str(notebook.parent))
    try:
        kernel = pool.take(warm_next=task.get("warm_next", True))
    except Exception as exc:  # noqa: BLE001 - the case fails, the batch goes on
        return "failed", f"the kernel did not start: {type(exc).__name__}: {exc}"
    timed_out = threading.Event()
    timer = None
    if task.get("timeout"):
        def _expire():
            timed_out.set()
            kernel.kill()

        timer = threading.Timer(float(task["timeout"]), _expire)
        timer.daemon = True
        timer.start()
    try:
        papermill.execute_notebook(
            str(notebook), str(nb_path), parameters=params, km=kernel.km,
            progress_bar=False, log_output=False, record_timing=False,
            execution_timeout=task.get("timeout"), engine_name=_register_engine(),
        )
    except PapermillExecutionError as exc:
        return "failed", f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a dead or hung kernel, a cell timeout, ...
        if timed_out.is_set() or type(exc).__name__ == "CellTimeoutError":
            error = f"TimeoutError: case {task['case_id']} did not finish within {task['timeout']} s"
        else:
            error = f"{type(exc).__name__}: {exc}".strip()
        if nb_path.exists():
            _mark_failure(nb_path, error)
        return "failed", error
    finally:
        if timer is not None:
            timer.cancel()
        kernel.close()
    return "ok", None


def _finish_folder(task, tmp, replace, status, error):
    """The notebook normalised (a stub when none was written), the page, results.json tidied.

    Returns the (status, error) of the case: "failed" when the page could not be made.
    """
    import nbformat

    nb_path = tmp / "report.ipynb"
    if not nb_path.exists():
        _stub_notebook(nb_path, task["case_id"], error or "no output")
    nb = _normalise_notebook(nbformat.read(nb_path, as_version=4), replace)
    nbformat.write(nb, str(nb_path))
    title = task.get("title") or task["case_id"]
    try:
        page = _publish(nb, title, task.get("show_code"), tmp)
    except Exception as exc:  # noqa: BLE001 - keep the notebook; say why there is no page
        status, error = "failed", error or f"HTML export failed: {type(exc).__name__}: {exc}"
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape_html(title)}"
                f"</title></head><body><pre>{escape_html(error)}</pre></body></html>\n")
    (tmp / "report.html").write_text(page, encoding="utf-8")
    results = tmp / "results.json"
    if results.exists():
        try:
            _write_json(results, json.loads(results.read_text(encoding="utf-8")))
        except ValueError:
            pass
    return status, error


def _manifest(task, status, error, declared, params, replace):
    """``manifest.json``: status, versions, the notebook's and the data's hashes, parameters."""
    from .._kernels import KERNEL_ENV

    notebook = Path(task["notebook"])
    effective = {name: ast.literal_eval(spec["default"]) if _literal(spec["default"]) else
                 spec["default"] for name, spec in declared.items()}
    effective.update(params)
    effective = {k: replace.get(v, v) if isinstance(v, str) else v for k, v in effective.items()}
    case_dir = task.get("case_dir")
    if case_dir is None and task.get("data_dir"):
        case_dir = Path(task["data_dir"]) / task["case_id"]
    return {
        "case": task["case_id"],
        "status": status,
        "error": error,
        "govnet_version": _package_versions()["govnet"],
        "packages": _package_versions(),
        "notebook": {"path": str(notebook), "sha256": _sha256(notebook)},
        "data_dir": str(task.get("data_dir") or ""),
        "data_files": _data_hashes(case_dir) if case_dir else {},
        "codebooks": _codebook_hashes(case_dir) if case_dir else {},
        "parameters": effective,
        "seed": effective.get("seed"),
        "kernel_env": dict(sorted(KERNEL_ENV.items())),
        "timings": "timings.json (wall-clock times are kept apart so this file is reproducible)",
    }


def _run_id():
    """A name no other run shares (process id and random bits), for temporary folders."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _partial_dir(out_dir, name, run_id):
    return Path(out_dir) / f".{name}.{run_id}.partial"
