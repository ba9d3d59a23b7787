"""Publishing an executed notebook: normalised, as HTML, its tables as a workbook, its folder."""

import csv
import functools
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

from ..exceptions import ReportError

__all__ = ["MARKER"]


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
    from ..page import CASE_FILES, externalise_figures, finish_page

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
    keeps the ``'`` that :func:`govnet.report.write_outputs` put before it; a cell that
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
