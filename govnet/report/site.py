"""The site of a reports folder: ``index.html`` and the rows it shows."""

import json
import os
from pathlib import Path
from urllib.parse import quote

from .markup import escape_html
from .render import _is_ours

__all__ = ["write_index"]


CROSS_ID = "cross-case"


#: Names in the reports folder that are the site's own: no case folder may have them.
_RESERVED_NAMES = (CROSS_ID, "index.html")


def _case_meta(case_dir):
    try:
        from .._safeio import YAML_LIMIT, load_yaml, read_bytes

        meta = load_yaml(read_bytes(Path(case_dir) / "case.yml", case_dir, YAML_LIMIT)) or {}
        return meta if isinstance(meta, dict) else {}
    except Exception:  # noqa: BLE001 - an unreadable case.yml shows as an empty summary
        return {}


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


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em;
text-align:left;vertical-align:top}.failed{color:#b00020;font-weight:bold}.ok{color:#2e7d32}
pre{white-space:pre-wrap;margin:0}"""

#: The index page; ``{css}``, ``{status}`` and ``{rows}`` are filled in by :func:`write_index`.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govnet case reports</title>
<style>{css}</style>
</head>
<body>
<h1>govnet case reports</h1>
{status}
<table>
<thead><tr><th>case</th><th>council</th><th>dates</th><th>status</th><th>summary</th><th>files</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _period(meta):
    period = meta.get("period")
    if isinstance(period, dict):
        start, end = period.get("start", ""), period.get("end", "")
        return f"{start}–{end}" if start or end else ""
    return "" if period is None else str(period)


def _href(name, fname):
    """A link to a file of a case folder: always a relative path, whatever the folder's name
    (``javascript:alert(1)`` becomes ``javascript%3Aalert%281%29/report.html``)."""
    return escape_html(f"{quote(name, safe='')}/{fname}")


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
    rows = [_index_row(out_dir, results[i]["case"], *shown[i], metas.get(results[i]["case"], {}))
            for i in order]
    failed = sum(status != "ok" for status, _ in shown)
    status = (f'<p class="failed">{failed} of {len(results)} reports failed.</p>' if failed
              else f'<p class="ok">All {len(results)} reports ran.</p>')
    tmp = out_dir / ".index.html.partial"
    try:
        tmp.write_text(_PAGE.format(css=_CSS, status=status, rows="\n".join(rows)),
                       encoding="utf-8")
        os.replace(tmp, out_dir / "index.html")
    except BaseException:  # interrupted: the old index stays, no temporary file
        tmp.unlink(missing_ok=True)
        raise
    return out_dir / "index.html"


def _index_row(out_dir, name, status, error, meta):
    """One row of the index: title (linked to the page), council, dates, status, summary, files."""
    title = meta.get("title") or ("Cross-case comparison" if name == CROSS_ID else name)
    detail = (f'<pre class="failed">{escape_html(error)}</pre>' if status != "ok"
              else escape_html(meta.get("summary", "")))
    ours = _is_ours(out_dir / name)
    head = (f'<a href="{_href(name, "report.html")}">{escape_html(title)}</a>'
            if ours and (out_dir / name / "report.html").exists() else escape_html(title))
    files = _files(out_dir / name, name) if ours else ""
    return (
        f'<tr><td>{head}<br><small>{escape_html(name)}</small></td><td>{escape_html(meta.get("council", ""))}'
        f'</td><td>{escape_html(_period(meta))}</td><td class="{escape_html(status)}">'
        f'{escape_html(status)}</td><td>{detail}</td><td>{files}</td></tr>'
    )
