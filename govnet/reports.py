"""Batch reports: papermill runs of the case-study notebook into an HTML site."""

import ast
import csv
import functools
import hashlib
import html
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
import time
import zipfile
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from .codebook import _codebook_hashes
from .exceptions import ReportError

__all__ = [
    "build_reports", "check_parameters", "find_notebook", "run_case", "report_main", "write_index",
]

CASE_NOTEBOOK = "case_study.ipynb"
CROSS_NOTEBOOK = "cross_case.ipynb"
CROSS_ID = "cross-case"

#: Parameters ``govnet report`` sets itself for every case; ``-p`` cannot override them.
_RESERVED = ("case_id", "data_dir", "output_dir", "show_code")
#: Names in the reports folder that are the site's own: no case folder may have them.
_RESERVED_NAMES = (CROSS_ID, "index.html")
#: Names the cross-case notebook may use for the folder of case reports it reads.
_CROSS_INPUT_NAMES = ("reports_dir", "results_dir", "input_dir", "reports")
_PACKAGES = (
    "govnet", "pandas", "numpy", "networkx", "scipy", "matplotlib", "papermill", "nbclient",
    "nbconvert", "nbformat", "ipykernel", "jupyter_client", "pyyaml", "pyvis", "beautifulsoup4",
    "openpyxl",
)
_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict,
          "tuple": tuple}


# --------------------------------------------------------------------------- notebooks


def find_notebook(name=CASE_NOTEBOOK):
    """Locate a report notebook by file name.

    Looks in ``$GOVNET_NOTEBOOKS``, then ``notebooks/`` in the current folder and its parents,
    then the ``notebooks/`` folder of the source tree govnet was installed from, then the
    copy installed inside the package.

    Parameters
    ----------
    name : str
        File name such as ``"case_study.ipynb"``, or a path to an existing notebook.

    Returns
    -------
    pathlib.Path
        Absolute path of the notebook.

    Raises
    ------
    ReportError
        When no such notebook exists.

    Examples
    --------
    >>> find_notebook("no-such.ipynb")
    Traceback (most recent call last):
    ...
    govnet.exceptions.ReportError: notebook 'no-such.ipynb' not found (looked in ...)
    """
    given = Path(name)
    if given.is_file():
        return given.resolve()
    places = []
    if os.environ.get("GOVNET_NOTEBOOKS"):
        places.append(Path(os.environ["GOVNET_NOTEBOOKS"]))
    here = Path.cwd()
    places += [p / "notebooks" for p in (here, *here.parents)]
    places.append(Path(__file__).resolve().parents[1] / "notebooks")
    places.append(Path(__file__).with_name("notebooks"))  # installed with the wheel
    for place in places:
        if (place / name).is_file():
            return (place / name).resolve()
    raise ReportError(f"notebook {name!r} not found (looked in ... {places[-1]})")


def _parameters_cell(notebook):
    """Names declared in the ``parameters`` cell, read with ``ast`` (name -> papermill-like spec)."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            lines = cell.source.splitlines()
            specs = {}
            for node in ast.parse(cell.source).body:
                target = node.targets[0] if isinstance(node, ast.Assign) else getattr(
                    node, "target", None)
                if not isinstance(target, ast.Name) or getattr(node, "value", None) is None:
                    continue
                comment = lines[node.end_lineno - 1].partition("#")[2].strip()
                specs[target.id] = {
                    "name": target.id,
                    "inferred_type_name": ast.unparse(node.annotation)
                    if isinstance(node, ast.AnnAssign) else "None",
                    "default": ast.get_source_segment(cell.source, node.value),
                    "help": comment,
                }
            return specs
    return {}


def _inspect(notebook):
    """The notebook's parameters: ``papermill.inspect_notebook``, completed from the cell itself.

    Papermill's line parser gives up on some lines (``data_dir = ""  # comment``); those names
    are read from the parameters cell with ``ast`` so that they are not reported as unknown.
    Read once per process and notebook version (every case of a batch asks).
    """
    try:
        stat = Path(notebook).stat()
    except OSError as exc:
        raise ReportError(f"cannot read the parameters of {notebook}: {exc}") from exc
    found = _inspect_cached(str(notebook), stat.st_mtime_ns, stat.st_size)
    return {name: dict(spec) for name, spec in found.items()}


@functools.lru_cache(maxsize=8)
def _inspect_cached(notebook, _mtime, _size):
    import logging

    import papermill

    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)  # silence "Unable to parse line"; we parse those ourselves
    try:
        found = dict(papermill.inspect_notebook(str(notebook)))
        parsed = _parameters_cell(notebook)
    except Exception as exc:  # noqa: BLE001 - papermill and nbformat raise many kinds
        raise ReportError(f"cannot read the parameters of {notebook}: {exc}") from exc
    finally:
        logger.setLevel(level)
    for name, spec in parsed.items():
        found.setdefault(name, spec)
    return {name: found[name] for name in sorted(found, key=lambda n: list(parsed).index(n)
                                                 if n in parsed else len(parsed))}


def _expected_type(spec):
    name = (spec.get("inferred_type_name") or "None").strip()
    name = name.removeprefix("Optional[").removesuffix("]").split("[")[0].lower()
    if name in _TYPES:
        return _TYPES[name]
    try:
        default = ast.literal_eval(spec.get("default") or "None")
    except (ValueError, SyntaxError):
        return None
    return None if default is None else type(default)


def _describe(params):
    return ", ".join(
        f"{name}={spec.get('default')}"
        + (f" ({spec['inferred_type_name']})" if spec.get("inferred_type_name") not in (None, "None")
           else "")
        for name, spec in params.items()
    )


def _convert(value, expected):
    """Turn a command-line string into ``expected``; return a sentinel on failure."""
    if expected is None or isinstance(value, expected) and not (
        expected is int and isinstance(value, bool)
    ):
        if isinstance(value, str) and expected is None:
            try:  # untyped parameter: numbers, booleans, lists as papermill's -y would read them
                import yaml

                return yaml.safe_load(value) if value.strip() else value
            except Exception:  # noqa: BLE001
                return value
        return value
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if expected is bool:
            low = text.lower()
            if low in ("true", "yes", "1"):
                return True
            if low in ("false", "no", "0"):
                return False
            return _BAD
        if expected in (int, float):
            try:
                return expected(text)
            except ValueError:
                return _BAD
        if expected in (list, tuple) and not text.startswith("["):
            parsed = [part.strip() for part in text.split(",") if part.strip()]
            return tuple(parsed) if expected is tuple else parsed
        if expected in (list, dict, tuple):
            import yaml

            try:
                parsed = yaml.safe_load(text)
            except Exception:  # noqa: BLE001
                return _BAD
            if expected is tuple and isinstance(parsed, list):
                parsed = tuple(parsed)
            return parsed if isinstance(parsed, expected) else _BAD
    return _BAD


_BAD = object()


def check_parameters(notebook, parameters, reserved=_RESERVED):
    """Check parameters against the notebook's parameters cell and convert their types.

    Papermill only warns about a parameter the notebook does not declare; ``govnet report``
    refuses it, and refuses a value whose type differs from the declared default's (strings
    from the command line are converted first: ``seed=7`` becomes ``7`` for an int parameter).

    Parameters
    ----------
    notebook : str or pathlib.Path
        The notebook, read with ``papermill.inspect_notebook``.
    parameters : dict
        Name to value (strings from the command line, or Python values).
    reserved : tuple of str
        Names govnet sets itself; passing them is an error.

    Returns
    -------
    dict
        The parameters with converted values.

    Raises
    ------
    ReportError
        Naming the bad parameter and listing the notebook's parameters; also for a ``seed``
        below 0 and a ``dates`` entry that is not a partial date (every case would fail).

    Examples
    --------
    >>> nb = find_notebook("tests/notebooks/tiny_case.ipynb")
    >>> check_parameters(nb, {"seed": "7"})
    {'seed': 7}
    >>> check_parameters(nb, {"colour": "red"})
    Traceback (most recent call last):
    ...
    govnet.exceptions.ReportError: unknown parameter 'colour' for tiny_case.ipynb; its parameters are: ...
    """
    declared = _inspect(notebook)
    name_of = Path(notebook).name
    out = {}
    for name, value in sorted(parameters.items()):
        if name in reserved:
            raise ReportError(
                f"parameter {name!r} is set by govnet report itself; "
                f"the parameters of {name_of} are: {_describe(declared)}"
            )
        if name not in declared:
            raise ReportError(
                f"unknown parameter {name!r} for {name_of}; its parameters are: "
                f"{_describe(declared)}"
            )
        expected = _expected_type(declared[name])
        converted = _convert(value, expected)
        if converted is _BAD:
            raise ReportError(
                f"parameter {name!r} expects {expected.__name__}, got {value!r}; "
                f"the parameters of {name_of} are: {_describe(declared)}"
            )
        out[name] = converted
    _check_values(out)
    return out


def _check_values(parameters):
    """Refuse values every case would fail on: a negative or fractional ``seed``, bad ``dates``.

    Dates are read by :func:`govnet.parse_partial_date`, as the case-study notebook reads them.
    """
    from .dates import parse_partial_date
    from .exceptions import ParameterError

    seed = parameters.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ReportError(f"parameter 'seed' must be a whole number of at least 0, got {seed!r}")
    dates = parameters.get("dates")
    for date in dates if isinstance(dates, list | tuple) else [] if dates is None else [dates]:
        if date in ("eras", "years", "YS"):  # casestudy.snapshots: the case's eras, calendar years
            continue
        try:
            parse_partial_date(date if hasattr(date, "year") else str(date))
        except ParameterError as exc:
            raise ReportError(f"parameter 'dates': {exc}") from None


# --------------------------------------------------------------------------- one case


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


_TIMING_KEYS = ("start_time", "end_time", "duration")


def _normalise_notebook(nb, replace):
    """Drop timing metadata, number cell ids, and show final folders instead of temporary ones.

    ``replace`` maps temporary paths (the case's ``.partial`` folder, named uniquely for each
    run, and the cross-case input folder) to the paths they stand for: everywhere in the
    notebook (parameters, sources, outputs), so that no page depends on the temporary name.
    """
    import nbformat

    meta = nb.metadata.get("papermill", {})
    for key in _TIMING_KEYS:
        meta.pop(key, None)
    meta.pop("input_path", None)
    meta.pop("output_path", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("execution", None)
        pm = cell.metadata.get("papermill")
        if pm is not None:
            for key in _TIMING_KEYS:
                pm.pop(key, None)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)
    text = nbformat.writes(nb)
    for temporary, final in replace.items():  # as JSON strings, the way the notebook holds them
        text = text.replace(json.dumps(temporary, ensure_ascii=False)[1:-1],
                            json.dumps(final, ensure_ascii=False)[1:-1])
    return nbformat.reads(text, as_version=4)


_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""


@functools.lru_cache(maxsize=2)
def _exporter(show_code):
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"govnet_report.html.j2": _TEMPLATE})],
        template_file="govnet_report.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=True,
        embed_images=True,
    )


@functools.lru_cache(maxsize=2)
def _warm_exporter(show_code):
    """Build the HTML exporter and compile its templates (about 0.8 s, once per process).

    Called while the kernel fork server imports, so the first page costs what the others do.
    Never in a thread: importing in two threads at once can meet a half-imported module.
    """
    import nbformat

    try:
        _render_html(nbformat.v4.new_notebook(), "", show_code)
    except Exception:  # noqa: BLE001 - the real export reports any problem
        pass


def _render_html(nb, title, show_code):
    """Self-contained HTML (figures inline, no external scripts) of an executed notebook."""
    exporter = _exporter(bool(show_code))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _publish(nb, title, show_code, folder):
    """The published page of an executed notebook whose outputs are in ``folder``.

    Writes ``tables.xlsx`` from ``folder/tables/*.csv`` first (the notebook wrote them), so
    that the header links to it;
    :func:`govnet.page.finish_page` runs before :func:`govnet.page.externalise_figures` because
    it matches alt text to images by their inline data.
    """
    from .page import CASE_FILES, externalise_figures, finish_page

    _write_workbook(folder / "tables", folder / "tables.xlsx")
    files = {**CASE_FILES, "Workbook (.xlsx)": "tables.xlsx"}
    files = {label: href for label, href in files.items()
             if href.startswith("../") or (folder / href).exists()}
    page = finish_page(_render_html(nb, title, show_code), nb=nb, files=files)
    return externalise_figures(page, folder)


#: The time stamped in ``tables.xlsx`` (its properties and zip entries): SOURCE_DATE_EPOCH, as
#: reproducible builds define it, or 1980-01-01, the earliest time a zip entry can carry.
_ZIP_EPOCH = 315532800


def _build_time():
    try:
        return max(int(os.environ.get("SOURCE_DATE_EPOCH") or 0), _ZIP_EPOCH)
    except ValueError:
        return _ZIP_EPOCH


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one time (openpyxl stamps each with the clock's)."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, time.gmtime(_build_time())[:6])
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        """A file's bytes, stamped like :meth:`writestr` rather than with its mtime."""
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def _write_workbook(tables, path):
    """Write every ``tables/*.csv`` as one sheet of an Excel workbook, cell for cell as text.

    The CSVs are read back as text, so the workbook shows what they say (a formula-like cell
    keeps the ``'`` that :func:`govnet.casestudy.write_outputs` put before it; a cell that
    still starts with ``=`` is stored as text, never as a formula). Same CSVs, same bytes: the
    document's times and the zip entries' times are fixed (:data:`_ZIP_EPOCH`). Nothing is
    written when there is no CSV.
    """
    csvs = sorted(Path(tables).glob("*.csv"))
    if not csvs:
        return
    import datetime

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    for csv_path in csvs:
        ws = wb.create_sheet(re.sub(r"[][:*?/\\]", "_", csv_path.stem)[:31])
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                ws.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell) for cell in row])
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    when = datetime.datetime.fromtimestamp(_build_time(), datetime.UTC)
    wb.properties.created = wb.properties.modified = when.replace(tzinfo=None)
    with _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()


def _mark_failure(nb_path, message):
    """Record an error that stopped the kernel (timeout, crash) in the running cell, banner on top."""
    import nbformat
    from nbformat.v4 import new_output
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    nb = nbformat.read(nb_path, as_version=4)
    target = None
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("status") == "running":
            target = cell
            break
    if target is None:
        code = [c for c in nb.cells if c.cell_type == "code"]
        target = code[-1] if code else None
    if target is None:
        return
    ename, _, evalue = message.partition(": ")
    target.outputs.append(new_output("error", ename=ename, evalue=evalue, traceback=[message]))
    try:
        raise_for_execution_errors(nb, str(nb_path))
    except PapermillExecutionError:
        pass


def _stub_notebook(path, case_id, message):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    nb = new_notebook()
    nb.cells = [new_markdown_cell(f"# {case_id}: the report could not run\n\n```\n{message}\n```")]
    nbformat.write(nb, str(path))


#: Written into every report folder govnet makes; only a folder holding it is ever replaced.
MARKER = ".govnet-report"
_MARKER_TEXT = "Written by govnet report. This folder is replaced whole on the next run.\n"


def _is_ours(folder):
    """True when ``folder`` is a report folder govnet wrote (it holds :data:`MARKER`)."""
    folder = Path(folder)
    if (folder / "case.yml").exists():
        return False
    if (folder / MARKER).is_file():
        return True
    try:  # a report of govnet 0.1, before the marker: its manifest names govnet
        return "govnet_version" in json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError, TypeError):
        return False


def _replace_dir(tmp, final):
    """Move the finished folder ``tmp`` to ``final``, replacing an older report.

    Only a folder govnet wrote (with :data:`MARKER`) is replaced; anything else at ``final``
    (a case folder, a user's files) is left untouched and :class:`ReportError` is raised.
    """
    tmp, final = Path(tmp), Path(final)
    if (final.exists() or final.is_symlink()) and not (final.is_dir() and not final.is_symlink()
                                                       and _is_ours(final)):
        raise ReportError(f"{final} exists and was not written by govnet report (no {MARKER} "
                          "in it); it is left as it is: move it away or choose another --out")
    (tmp / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


class _NoKernel(Exception):
    """No kernel could be started for a case."""


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
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from ._kernels import KERNEL_ENV, get_pool

    start = time.perf_counter()
    started_at = time.time()
    case_id = task["case_id"]
    notebook = Path(task["notebook"])
    out_dir = Path(task["out_dir"])
    final = out_dir / case_id
    tmp = _partial_dir(out_dir, case_id, task.get("run_id") or _run_id())
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "tables").mkdir(parents=True)
    (tmp / "figures").mkdir()
    declared = _inspect(notebook)
    params = dict(task.get("parameters") or {})
    given = {"case_id": case_id, "data_dir": str(task.get("data_dir") or ""),
             "output_dir": str(tmp), "show_code": bool(task.get("show_code"))}
    given.update(task.get("extra") or {})
    params.update({k: v for k, v in given.items() if k in declared})
    nb_path = tmp / "report.ipynb"
    status, error = "ok", None
    pool = get_pool(task.get("kernel_name", "python3"), cwd=str(notebook.parent))
    timed_out = threading.Event()
    timer = None
    try:
        kernel = pool.take(warm_next=task.get("warm_next", True))
    except Exception as exc:  # noqa: BLE001 - the case fails, the batch goes on
        kernel, status = None, "failed"
        error = f"the kernel did not start: {type(exc).__name__}: {exc}"
    if kernel is not None and task.get("timeout"):
        def _expire():
            timed_out.set()
            kernel.kill()

        timer = threading.Timer(float(task["timeout"]), _expire)
        timer.daemon = True
        timer.start()
    try:
        if kernel is None:
            raise _NoKernel(error)
        papermill.execute_notebook(
            str(notebook), str(nb_path), parameters=params, km=kernel.km,
            progress_bar=False, log_output=False, record_timing=False,
            execution_timeout=task.get("timeout"), engine_name=_register_engine(),
        )
    except PapermillExecutionError as exc:
        status, error = "failed", f"{exc.ename}: {exc.evalue}"
    except _NoKernel:
        pass
    except Exception as exc:  # noqa: BLE001 - a dead or hung kernel, a cell timeout, ...
        status = "failed"
        if timed_out.is_set() or type(exc).__name__ == "CellTimeoutError":
            error = f"TimeoutError: case {case_id} did not finish within {task['timeout']} s"
        else:
            error = f"{type(exc).__name__}: {exc}".strip()
        if nb_path.exists():
            _mark_failure(nb_path, error)
    finally:
        if timer is not None:
            timer.cancel()
        if kernel is not None:
            kernel.close()
    if not nb_path.exists():
        _stub_notebook(nb_path, case_id, error or "no output")
    replace = {str(tmp): str(final), **(task.get("replace") or {})}
    nb = _normalise_notebook(nbformat.read(nb_path, as_version=4), replace)
    nbformat.write(nb, str(nb_path))
    title = task.get("title") or case_id
    try:
        page = _publish(nb, title, task.get("show_code"), tmp)
    except Exception as exc:  # noqa: BLE001 - keep the notebook; say why there is no page
        status, error = "failed", error or f"HTML export failed: {type(exc).__name__}: {exc}"
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
                f"</title></head><body><pre>{html.escape(error)}</pre></body></html>\n")
    (tmp / "report.html").write_text(page, encoding="utf-8")
    results = tmp / "results.json"
    if results.exists():
        try:
            _write_json(results, json.loads(results.read_text(encoding="utf-8")))
        except ValueError:
            pass
    seconds = time.perf_counter() - start
    effective = {name: ast.literal_eval(spec["default"]) if _literal(spec["default"]) else
                 spec["default"] for name, spec in declared.items()}
    effective.update(params)
    effective = {k: replace.get(v, v) if isinstance(v, str) else v for k, v in effective.items()}
    case_dir = task.get("case_dir")
    if case_dir is None and task.get("data_dir"):
        case_dir = Path(task["data_dir"]) / case_id
    _write_json(tmp / "manifest.json", {
        "case": case_id,
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
    })
    _write_json(tmp / "timings.json", {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started_at)),
        "seconds": round(seconds, 3),
        "host": platform.node(),
    })
    try:
        _replace_dir(tmp, final)
    except ReportError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        status, error = "failed", str(exc)
    return {"case": case_id, "status": status, "seconds": round(time.perf_counter() - start, 3),
            "error": error}


def _literal(text):
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError):
        return False
    return True


# --------------------------------------------------------------------------- the batch


def _case_meta(case_dir):
    try:
        from ._safeio import YAML_LIMIT, load_yaml, read_bytes

        meta = load_yaml(read_bytes(Path(case_dir) / "case.yml", case_dir, YAML_LIMIT)) or {}
        return meta if isinstance(meta, dict) else {}
    except Exception:  # noqa: BLE001 - an unreadable case.yml shows as an empty summary
        return {}


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
    why = None
    if out_dir == data_dir:
        why = "is the data folder"
    elif data_dir in out_dir.parents:
        why = "lies inside the data folder"
    elif out_dir in data_dir.parents:
        why = "contains the data folder"
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
    from ._kernels import _POOLS, _die_with_parent, get_pool

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


def _run_id():
    """A name no other run shares (process id and random bits), for temporary folders."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _partial_dir(out_dir, name, run_id):
    return Path(out_dir) / f".{name}.{run_id}.partial"


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
    from ._kernels import close_pools

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
        from ._kernels import get_pool

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
            from ._kernels import close_pools

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
            from ._dask import map_tasks

            results = map_tasks(run_case, tasks, scheduler=scheduler)
            for result in results:
                tick(result)
        elif executor == "local":
            warm_after = None
            if cross_notebook:
                from ._kernels import get_pool

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


def _site_cases(out_dir):
    """The case reports already in ``out_dir``: folders govnet wrote, with a ``results.json``."""
    return sorted(p.name for p in Path(out_dir).iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name not in _RESERVED_NAMES
                  and (p / "results.json").is_file() and _is_ours(p))


def _reported_meta(folder):
    """The ``case`` part of a report's ``results.json`` (title, council, period), for the index
    row of a case whose data folder is not in this run's ``--data``."""
    try:
        meta = json.loads((folder / "results.json").read_text(encoding="utf-8")).get("case")
    except (OSError, ValueError, AttributeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _site_rows(out_dir, names, done):
    """Index rows while a batch runs: the cases done, and the others' reports of earlier runs."""
    by_case = {r["case"]: r for r in done}
    return [by_case.get(name) or {"case": name, "status": "not run", "seconds": None,
                                  "error": None}
            for name in names if name in by_case or _is_ours(out_dir / name)]


# --------------------------------------------------------------------------- the index


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em;
text-align:left;vertical-align:top}.failed{color:#b00020;font-weight:bold}.ok{color:#2e7d32}
pre{white-space:pre-wrap;margin:0}"""


def _esc(value):
    return html.escape("" if value is None else str(value), quote=True)


def _period(meta):
    period = meta.get("period")
    if isinstance(period, dict):
        start, end = period.get("start", ""), period.get("end", "")
        return f"{start}–{end}" if start or end else ""
    return "" if period is None else str(period)


def _href(name, fname):
    """A link to a file of a case folder: always a relative path, whatever the folder's name
    (``javascript:alert(1)`` becomes ``javascript%3Aalert%281%29/report.html``)."""
    return _esc(f"{quote(name, safe='')}/{fname}")


def _files(folder, name):
    links = []
    for fname, label in (("report.html", "report"), ("report.ipynb", "notebook"),
                         ("results.json", "results"), ("manifest.json", "manifest")):
        if (folder / fname).exists():
            links.append(f'<a href="{_href(name, fname)}">{label}</a>')
    return " · ".join(links)


def _shown(out_dir, res):
    """The (status, error) a row shows: its folder's manifest's, when govnet wrote the folder.

    So the index never contradicts a case's folder, whatever happened to the run since.
    """
    folder = Path(out_dir) / res["case"]
    if not _is_ours(folder):
        return res["status"], res["error"]
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return str(manifest["status"]), manifest.get("error")
    except (OSError, ValueError, TypeError, KeyError):
        return "failed", "the report folder has no readable manifest.json"


def write_index(out_dir, results, metas):
    """Write ``index.html``: failures first with their error, then every case and the cross-case.

    Every text from the data (titles, councils, summaries, errors) is HTML-escaped, every link
    a relative path to a file that exists in a folder govnet wrote; the page has no script. Each
    row's status and error are read from the case folder's ``manifest.json`` (written with the
    folder, atomically), so the index never contradicts a report. It shows no times, so reruns
    are identical.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The reports folder.
    results : list of dict
        Status dicts as :func:`run_case` returns them.
    metas : dict
        Case id to its ``case.yml`` as a dict (title, council, period, summary).

    Returns
    -------
    pathlib.Path
        The index written (atomically, by rename).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> page = write_index(d, [{"case": "x", "status": "failed", "seconds": 1.0,
    ...                         "error": "ValueError: <b>"}], {"x": {"title": "<script>"}})
    >>> text = page.read_text()
    >>> "&lt;script&gt;" in text and "<script>" not in text and "ValueError: &lt;b&gt;" in text
    True
    """
    out_dir = Path(out_dir)
    shown = [_shown(out_dir, res) for res in results]
    order = sorted(range(len(results)),
                   key=lambda i: (shown[i][0] == "ok", results[i]["case"] == CROSS_ID, i))
    rows = []
    for i in order:
        name = results[i]["case"]
        status, error = shown[i]
        meta = metas.get(name, {})
        title = meta.get("title") or ("Cross-case comparison" if name == CROSS_ID else name)
        detail = (f'<pre class="failed">{_esc(error)}</pre>' if status != "ok"
                  else _esc(meta.get("summary", "")))
        ours = _is_ours(out_dir / name)
        head = (f'<a href="{_href(name, "report.html")}">{_esc(title)}</a>'
                if ours and (out_dir / name / "report.html").exists() else _esc(title))
        files = _files(out_dir / name, name) if ours else ""
        rows.append(
            f'<tr><td>{head}<br><small>{_esc(name)}</small></td><td>{_esc(meta.get("council", ""))}'
            f'</td><td>{_esc(_period(meta))}</td><td class="{_esc(status)}">'
            f'{_esc(status)}</td><td>{detail}</td><td>{files}</td></tr>'
        )
    failed = sum(status != "ok" for status, _ in shown)
    status = (f'<p class="failed">{failed} of {len(results)} reports failed.</p>' if failed
              else f'<p class="ok">All {len(results)} reports ran.</p>')
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govnet case reports</title>
<style>{_CSS}</style>
</head>
<body>
<h1>govnet case reports</h1>
{status}
<table>
<thead><tr><th>case</th><th>council</th><th>dates</th><th>status</th><th>summary</th><th>files</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    tmp = out_dir / ".index.html.partial"
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out_dir / "index.html")
    except BaseException:  # interrupted: the old index stays, no temporary file
        tmp.unlink(missing_ok=True)
        raise
    return out_dir / "index.html"


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
