"""What a case-study notebook reads and writes: the case, its output folder, results and pages."""

import json
from pathlib import Path

from ..exceptions import GovnetError, ReportError
from ..export import _write_csv
from ..plot import savefig
from .markup import escape_html
from .results import _jsonable

__all__ = [
    "open_case",
    "default_reports_dir",
    "default_output_dir",
    "write_outputs",
    "EVIDENCE_INLINE",
    "evidence_page",
    "write_evidence_page",
    "load_results",
]


def open_case(case_id, data_dir=""):
    """Load a case for a notebook: ``"example"`` is the invented example shipped with govnet.

    Parameters
    ----------
    case_id : str
        A case id (folder name under ``data_dir``), a path to a case folder, or ``"example"``.
    data_dir : str or pathlib.Path
        Folder of case folders; ``""`` or ``None`` lets :func:`govnet.find_data_dir` find it (works
        from the repository root and from ``notebooks/``).

    Returns
    -------
    govnet.Case

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> open_case("example").id == example_case().id
    True
    """
    import govnet
    from govnet.datasets import example_case

    if case_id == "example":
        return example_case()
    return govnet.load_case(case_id, data_dir=data_dir or None)


def default_reports_dir():
    """The repository's ``reports/`` folder: next to the ``data/`` folder govnet finds.

    Falls back to ``./reports`` when the data folder is not inside a ``data/cases`` layout.

    Examples
    --------
    >>> default_reports_dir().name
    'reports'
    """
    import govnet

    try:
        data = Path(govnet.find_data_dir()).resolve()
    except (GovnetError, OSError, AttributeError):
        return Path.cwd() / "reports"
    if data.name == "cases" and data.parent.name == "data":
        return data.parent.parent / "reports"
    return Path.cwd() / "reports"


def default_output_dir(case_id):
    """Where a case-study notebook run outside ``govnet report`` writes: ``outputs/<case_id>``.

    Under the working directory, never inside a site that ``govnet report`` built (which
    always passes ``output_dir``): results.json written there could disagree with a
    published report.html.

    Examples
    --------
    >>> default_output_dir("example") == Path.cwd() / "outputs" / "example"
    True
    """
    return Path.cwd() / "outputs" / str(case_id)


def write_outputs(output_dir, results=None, tables=None, figures=None, dpi=150):
    """Write ``results.json`` (sorted keys), ``tables/<name>.csv`` and ``figures/<name>.png``.

    The CSV files are for R and spreadsheets as they are: UTF-8 with a byte-order mark,
    booleans ``true``/``false``, text that a spreadsheet would run as a formula prefixed with
    ``'`` (see reports/README.md).

    Parameters
    ----------
    output_dir : str or pathlib.Path
        Created when missing.
    results : dict, optional
        JSON-serialisable (see :func:`headline_results`).
    tables : dict of str -> DataFrame, optional
    figures : dict of str -> Figure or bytes, optional
        Saved with :func:`govnet.plot.savefig` (no timestamps, fixed dpi); PNG bytes from
        :func:`govnet.plot.show` are written as they are (the figure is not drawn again).

    Returns
    -------
    list of pathlib.Path
        The files written, sorted.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> d = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_outputs(d, {"b": 1, "a": 2}, {"t": pd.DataFrame({"x": [1]})})]
    ['results.json', 't.csv']
    >>> (d / "results.json").read_text().splitlines()[1]
    '  "a": 2,'
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if results is not None:
        p = out / "results.json"
        p.write_text(json.dumps(_jsonable(results), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                     encoding="utf-8")
        written.append(p)
    for name, df in sorted((tables or {}).items()):
        p = out / "tables" / f"{name}.csv"
        p.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(df, p)
        written.append(p)
    for name, fig in sorted((figures or {}).items()):
        written.append(savefig(fig, out / "figures" / f"{name}.png", dpi=dpi))
    return sorted(written)


#: Observations above which the evidence appendix gets a page of its own (``evidence.html``):
#: at about 1 KB a row, a larger appendix would make the report page too heavy to open.
EVIDENCE_INLINE = 2000


def evidence_page(case):
    """Where a case's evidence appendix goes: ``""`` (the report page) or ``"evidence.html"``.

    A case with more than :data:`EVIDENCE_INLINE` observations (relations rows) gets a page of
    its own, written by :func:`write_evidence_page`; findings link there
    (``key_findings(..., page=evidence_page(case))``).

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> evidence_page(example_case())
    ''
    """
    return "" if len(case.relations) <= EVIDENCE_INLINE else "evidence.html"


def write_evidence_page(case, path):
    """Write the evidence appendix (:func:`govnet.page.evidence_appendix`) as a page of its own.

    Parameters
    ----------
    case : govnet.Case
    path : str or pathlib.Path
        The file to write (its folder is created); normally ``<output_dir>/evidence.html``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from govnet.datasets import example_case
    >>> p = write_evidence_page(example_case(), Path(tempfile.mkdtemp()) / "evidence.html")
    >>> p.read_text(encoding="utf-8").count('<tr id="obs-')
    26
    """
    from ..page import evidence_appendix as appendix
    from ..page import finish_page

    title = escape_html(f"Evidence: {case.meta.get('title', case.id)}")
    body = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><h1>{title}</h1>{appendix(case)}</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(finish_page(body, files={"Report": "report.html", "All cases": "../index.html"})
                    + "\n", encoding="utf-8")
    return path


def load_results(reports_dir):
    """Read every ``<case>/results.json`` under a reports folder.

    Parameters
    ----------
    reports_dir : str or pathlib.Path

    Returns
    -------
    dict
        case id -> results dict, sorted by case id. Skipped: ``cross-case``, hidden folders and
        unfinished ``*.partial`` folders, folders without ``results.json`` or whose
        ``results.json`` has no ``case`` entry.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = write_outputs(d / "x", {"case": {"id": "x"}})
    >>> list(load_results(d))
    ['x']
    """
    root = Path(reports_dir)
    if not root.is_dir():
        raise ReportError(f"no reports folder at {root}")
    out = {}
    for p in sorted(root.glob("*/results.json")):
        if p.parent.name == "cross-case" or p.parent.name.startswith(".") or p.parent.name.endswith(".partial"):
            continue  # the cross-case report, and unfinished or hidden outputs
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "case" not in data:
            continue  # not a case report (e.g. the cross-case folder)
        cid = (data.get("case") or {}).get("id") or p.parent.name
        out[str(cid)] = data
    return dict(sorted(out.items()))
