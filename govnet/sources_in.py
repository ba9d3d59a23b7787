"""Sources in: a document (.txt, .html, .pdf) as a numbered text copy and a sources.csv row."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .exceptions import ParameterError

__all__ = ["add_source", "read_paragraphs"]

#: Line that starts each page of a text copy made from a PDF (``[page 2]``).
_PAGE = re.compile(r"^\[page (\d+)\]$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE_COLUMNS = ["id", "title", "publisher", "author", "date", "type", "url", "file", "notes"]
#: Elements whose text is never part of the document: scripts, styles and page furniture.
_HTML_DROP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "form", "iframe", "svg", "button", "select", "menu", "dialog"]
_HTML_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
#: Elements that end a paragraph in HTML.
_HTML_BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd",
                "td", "th", "caption", "figcaption", "div", "section", "article", "main", "tr",
                "table", "ul", "ol", "dl", "address", "hr", "br"]
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _clean(line):
    """NFKC-normalise a line, drop soft hyphens and zero-width characters, collapse spaces."""
    return " ".join(unicodedata.normalize("NFKC", line).translate(_INVISIBLE).split())


def _join(lines):
    """Join the lines of one paragraph: a space, or nothing after a word-final hyphen."""
    out = ""
    for line in filter(None, map(_clean, lines)):
        out += line if not out or re.search(r"\w-$", out) else " " + line
    return out


def _blocks(text):
    """Paragraphs of a plain text: blocks separated by blank lines, lines joined."""
    paras = (_join(b.splitlines()) for b in re.split(r"\n[ \t\f\v\r]*\n", text))
    return [p for p in paras if p]


def _from_txt(path):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 (byte {exc.start}); save the text as UTF-8") from None
    return [_blocks(text.replace("\r\n", "\n").replace("\r", "\n"))]


def _from_html(path):
    """Paragraphs of the page's main text (``<main>``, else the one ``<article>``, else
    ``<body>``) without navigation, headers, footers, asides, forms, scripts and styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for tag in soup.find_all(lambda t: t.get("role") in _HTML_DROP_ROLES
                             or t.has_attr("hidden") or t.get("aria-hidden") == "true"):
        tag.decompose()
    articles = soup.find_all("article")
    root = soup.find("main") or (articles[0] if len(articles) == 1 else None) or soup.body or soup
    for tag in root.find_all(_HTML_BLOCKS):
        tag.insert_before("\x00")
        tag.insert_after("\x00")
    paras = (_clean(p) for p in root.get_text().split("\x00"))
    return [[p for p in paras if p]]


def _gaps(text):
    """Rows of the non-blank lines of a page, and the gaps (in lines) between them."""
    rows = [i for i, line in enumerate(text.splitlines()) if line.strip()]
    return rows, [b - a for a, b in zip(rows, rows[1:], strict=False)]


def _pdf_page(text, usual):
    """Paragraphs of one page extracted in pypdf's layout mode, where vertical space shows as
    blank lines: a gap wider than ``usual`` (the document's most common gap) starts one."""
    lines = text.splitlines()
    rows, gaps = _gaps(text)
    paras, cur = [], [lines[rows[0]]] if rows else []
    for gap, i in zip(gaps, rows[1:], strict=True):
        if gap > usual:
            paras.append(_join(cur))
            cur = []
        cur.append(lines[i])
    paras.append(_join(cur))
    return [p for p in paras if p]


def _from_pdf(path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        texts = [page.extract_text(extraction_mode="layout") for page in PdfReader(path).pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise ParameterError(f"{path}: cannot read the PDF ({exc})") from None
    gaps = [g for t in texts for g in _gaps(t)[1]]
    usual = max(set(gaps), key=lambda g: (gaps.count(g), -g)) if gaps else 1
    pages = [_pdf_page(t, usual) for t in texts]
    if not any(pages):
        raise ParameterError(
            f"{path}: the PDF has no extractable text (a scanned document?). Run OCR on it "
            "first (e.g. ocrmypdf) and add the OCR'd PDF, or add a typed .txt copy.")
    return pages


_READERS = {".txt": _from_txt, ".text": _from_txt, ".html": _from_html, ".htm": _from_html,
            ".pdf": _from_pdf}


def _render(pages, paged):
    """The text copy: one paragraph per line, a blank line between; ``[page N]`` lines if paged."""
    out = []
    for n, paras in enumerate(pages, start=1):
        if paged:
            out.append(f"[page {n}]")
        out.extend(paras)
    return "\n\n".join(out) + "\n"


def read_paragraphs(text):
    """The paragraphs of a source's text copy with their locators.

    The locator rule: paragraphs are blocks of lines separated by blank lines, counted from 1.
    In a text copy made from a PDF (its first line is ``[page 1]``) each ``[page N]`` line
    starts a page and paragraphs are counted within their page: ``p. 4 para 2``. Otherwise
    they are counted through the whole text: ``para 12``.

    Parameters
    ----------
    text : str
        The text copy, as written by :func:`add_source` (or any text with blank-line paragraphs).

    Returns
    -------
    list of tuple
        ``(locator, paragraph)``, the paragraph's lines joined by single spaces.

    Examples
    --------
    >>> from govnet.sources_in import read_paragraphs
    >>> read_paragraphs("[page 1]\\n\\nOne.\\n\\nTwo\\nlines.\\n\\n[page 2]\\n\\nThree.\\n")
    [('p. 1 para 1', 'One.'), ('p. 1 para 2', 'Two lines.'), ('p. 2 para 1', 'Three.')]
    """
    return [(loc, " ".join(" ".join(lines).split())) for loc, lines in _paragraph_lines(text)]


def _paragraph_lines(text):
    """``(locator, lines)`` of every paragraph of a text copy (the rule of :func:`read_paragraphs`)."""
    out, page, n = [], None, 0
    for block in re.split(r"\n[ \t\f\v\r]*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        m = _PAGE.match(" ".join(" ".join(lines).split()))
        if m:
            page, n = int(m.group(1)), 0
        elif lines:
            n += 1
            out.append((f"p. {page} para {n}" if page is not None else f"para {n}", lines))
    return out


def _read_sources(csv_path):
    """(header, rows as dicts, text) of sources.csv; a header-only table if it does not exist.
    A byte order mark is kept in ``text`` (and so written back)."""
    if not csv_path.is_file():
        return list(_SOURCE_COLUMNS), [], ""
    try:
        text = csv_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ParameterError(f"{csv_path}: not UTF-8; fix it (govnet validate) first") from None
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows = list(reader)
    return [c.strip() for c in reader.fieldnames or []], rows, text


def _next_id(ids):
    """The next free ``sNNN`` after the largest ``s`` + digits id (``s000`` style, 3 digits)."""
    nums = [int(m.group(1)) for i in ids if (m := re.fullmatch(r"s(\d+)", i or ""))]
    return f"s{(max(nums) + 1) if nums else 1:03d}"


def _check_meta(case_dir, source_type, date):
    from .codebook import _codebook_for
    from .dates import parse_partial_date

    types = _codebook_for(case_dir).source_types
    if source_type not in types:
        raise ParameterError(f"type={source_type!r} is not a codebook source type: {sorted(types)}")
    parse_partial_date(date)


def _write_new(path, text):
    """Write ``text`` to ``path`` atomically, failing if ``path`` exists (never overwrites)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.link(tmp, path)  # fails with FileExistsError if path exists
    except FileExistsError:
        raise ParameterError(f"{path} exists already; choose another --id") from None
    finally:
        os.unlink(tmp)


def _replace(path, text):
    """Replace ``path`` by ``text`` atomically (a temporary file renamed over it)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _append_row(csv_path, header, old_text, row):
    """sources.csv with ``row`` appended (the file's own line ends), written atomically."""
    eol = "\r\n" if "\r\n" in old_text else "\n"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator=eol)
    if not old_text.strip():
        old_text = ""
        writer.writerow(header)
    elif not old_text.endswith(("\n", "\r")):
        old_text += eol
    writer.writerow([row.get(c, "") for c in header])
    _replace(csv_path, old_text + buf.getvalue())


def _reader(case_dir, file, date):
    """The text reader for ``file``, once the case folder, the file and a date are there."""
    if not case_dir.is_dir():
        raise ParameterError(f"{case_dir}: no such case folder")
    reader = _READERS.get(file.suffix.lower())
    if reader is None:
        raise ParameterError(f"{file}: cannot read {file.suffix!r} files; use one of {sorted(_READERS)}")
    if not file.is_file():
        raise ParameterError(f"{file}: no such file")
    if not date:
        raise ParameterError("date is required (the publication date: YYYY, YYYY-MM or YYYY-MM-DD)")
    return reader


def _free_id(csv_path, header, rows, id):
    """``id`` (default: the next free ``sNNN``), checked to be well formed and unused."""
    missing = [c for c in ("id", "title", "date", "type", "file") if c not in header]
    if missing:
        raise ParameterError(f"{csv_path}: header lacks the column(s) {missing}")
    id = id or _next_id([r.get("id") for r in rows])
    if not _ID.match(id):
        raise ParameterError(f"id={id!r}: use lower case letters, digits and hyphens")
    if id in {(r.get("id") or "").strip() for r in rows}:
        raise ParameterError(f"id={id!r} is used already in {csv_path}")
    return id


def add_source(case_dir, file, id=None, title=None, date=None, type=None, publisher=None,
               url=None, notes=None):
    """Add a document to a case: a numbered text copy in ``sources/`` and a row in sources.csv.

    The text is extracted from a ``.txt`` (UTF-8), ``.html`` (the main text, without
    navigation, headers, footers, asides, forms, scripts and styles; BeautifulSoup) or ``.pdf``
    (a text PDF; pypdf in layout mode), normalised (Unicode NFKC, soft hyphens and zero-width
    characters dropped, runs of spaces collapsed) and written one paragraph per line with a
    blank line between paragraphs, and ``[page N]`` lines for a PDF, so that locators (``para
    12``, ``p. 4 para 2``; see :func:`read_paragraphs`) are stable. Nothing is overwritten:
    an id or a text file that exists already is an error, and sources.csv is replaced in one
    step with the row appended.

    Parameters
    ----------
    case_dir : str or pathlib.Path
        The case folder (sources.csv is created if absent).
    file : str or pathlib.Path
        The document.
    id : str, optional
        The source id (default: the next free ``sNNN``).
    title : str, optional
        Default: the HTML ``<title>``, the PDF's title, else the file name.
    date : str
        Publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); required.
    type : str, optional
        A codebook source type (default ``web`` for HTML, ``report`` otherwise).
    publisher, url, notes : str, optional
        Written to their sources.csv columns.

    Returns
    -------
    dict
        The row appended to sources.csv (``file`` is ``sources/<id>.txt``).

    Raises
    ------
    ParameterError
        An unsupported or unreadable file, a PDF with no text (scanned), a used id or file,
        a missing or malformed date, or an unknown source type.

    Examples
    --------
    >>> import pathlib, tempfile, govnet
    >>> case = pathlib.Path(tempfile.mkdtemp())
    >>> doc = case / "letter.txt"
    >>> _ = doc.write_text("Dear Leader,\\n\\nThe chief executive\\nwrites to you.\\n")
    >>> row = govnet.add_source(case, doc, date="2024-11-12", type="letter")
    >>> row["id"], row["file"], (case / row["file"]).read_text()
    ('s001', 'sources/s001.txt', 'Dear Leader,\\n\\nThe chief executive writes to you.\\n')
    """
    case_dir, file = Path(case_dir), Path(file)
    reader = _reader(case_dir, file, date)
    type = type or ("web" if reader is _from_html else "report")
    _check_meta(case_dir, type, date)
    csv_path = case_dir / "sources.csv"
    header, rows, old_text = _read_sources(csv_path)
    id = _free_id(csv_path, header, rows, id)
    pages = reader(file)
    if not any(pages):
        raise ParameterError(f"{file}: no text found")
    rel = f"sources/{id}.txt"
    (case_dir / "sources").mkdir(parents=True, exist_ok=True)
    _write_new(case_dir / rel, _render(pages, paged=reader is _from_pdf))
    row = {"id": id, "title": title or _title(file, reader), "publisher": publisher or "",
           "date": date, "type": type, "url": url or "", "file": rel, "notes": notes or ""}
    try:
        _append_row(csv_path, header, old_text, row)
    except BaseException:
        (case_dir / rel).unlink()
        raise
    return row


def _title(file, reader):
    """The document's own title (HTML ``<title>``, PDF metadata), else the file name."""
    title = None
    if reader is _from_html:
        from bs4 import BeautifulSoup

        tag = BeautifulSoup(file.read_bytes(), "html.parser").title
        title = tag.get_text() if tag else None
    elif reader is _from_pdf:
        from pypdf import PdfReader

        title = (PdfReader(file).metadata or {}).get("/Title")
    return _clean(str(title)) if title and _clean(str(title)) else file.stem
