"""The published page: one title, numbered sections and contents, numbered figures, print CSS."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString

from ..exceptions import ParameterError, ReportError
from ._assets import MISSING, network_library, static_text

__all__ = ["CASE_FILES", "finish_page", "externalise_figures", "image_alts"]

#: The header's links: label -> path relative to the case's page.
CASE_FILES = {"All cases": "../index.html", "results.json": "results.json",
              "Tables (CSV)": "tables/", "Notebook": "report.ipynb"}  # fmt: skip
#: Text that a missing value shows as in pandas' or Python's own HTML; never shown as such.
_MISSING_TEXT = frozenset({"<NA>", "NaN", "nan", "None", "NaT"})
_DEFAULT_ALT = "No description has been provided for this image"
_NUMBERED = re.compile(r"\s*\d+(\.\d+)*\.?\s+")
_DATA_URI = re.compile(r"data:image/(png|jpeg|svg\+xml);base64,(.*)", re.S)
_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")  # an ISO date or month: never split at "-"


def image_alts(nb):
    """Alt text and caption of each image output of a notebook, keyed by its base64 data.

    :func:`govnet.plot.show` keeps alt text in the output's metadata (``image/png`` -> ``alt``);
    nbconvert's lab template drops it. This reads it back so that :func:`finish_page` can put it
    on the ``<img>`` that shows the same data.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook.

    Returns
    -------
    dict
        base64 data (whitespace removed) -> ``{"alt": ..., "caption": ...}`` (either may be
        missing).

    Examples
    --------
    >>> out = {"output_type": "display_data", "data": {"image/png": "iVBOR"},
    ...        "metadata": {"image/png": {"alt": "A network of 3 actors."}}}
    >>> image_alts({"cells": [{"cell_type": "code", "outputs": [out]}]})
    {'iVBOR': {'alt': 'A network of 3 actors.'}}
    """
    found = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            for mime, data in (out.get("data") or {}).items():
                meta = (out.get("metadata") or {}).get(mime) or {}
                keep = {k: str(meta[k]) for k in ("alt", "caption") if meta.get(k)}
                if mime.startswith("image/") and keep and isinstance(data, str):
                    found["".join(data.split())] = keep
    return found


def _heading_text(h):
    """A heading's text without nbconvert's "¶" anchor link or a section number."""
    return " ".join("".join(
        s for s in h.find_all(string=True)
        if not s.find_parent(class_=("anchor-link", "gv-secnum"))
    ).split())


def _one_h1(soup, title):
    """Keep the first ``<h1>`` (or add ``title`` as one); later ones become ``<h2>``."""
    h1s = soup.find_all("h1")
    for h in h1s[1:]:
        h.name = "h2"
    if not h1s:
        if not title:
            raise ReportError("the page has no <h1> heading; pass title= to finish_page")
        h1 = soup.new_tag("h1")
        h1.string = title
        (soup.find("main") or soup.body).insert(0, h1)
        h1s = [h1]
    if soup.title is not None:
        soup.title.string = title or _heading_text(h1s[0])
    return h1s[0]


def _number_sections(soup):
    """Number every H2 and H3 ("2.", "2.1", replacing a number the heading has) and give each a unique id.

    Returns the entries of the table of contents: (tag, number, id, text).
    """
    seen = {t["id"] for t in soup.find_all(id=True) if t.name not in ("h2", "h3")}
    entries, n2, n3 = [], 0, 0
    for h in soup.find_all(["h2", "h3"]):
        if h.name == "h2":
            n2, n3 = n2 + 1, 0
            num = f"{n2}"
        else:
            n3 += 1
            num = f"{n2}.{n3}"
        first = h.find(string=True)
        if first is not None and _NUMBERED.match(first):  # the notebook's own "2.1 Title"
            first.replace_with(_NUMBERED.sub("", first, count=1))
        text = _heading_text(h)
        base = h.get("id") or re.sub(r"[^\w-]+", "-", text).strip("-") or f"section-{num}"
        hid, k = base, 2
        while hid in seen:
            hid, k = f"{base}-{k}", k + 1
        seen.add(hid)
        h["id"] = hid
        for a in h.find_all("a", class_="anchor-link"):
            a["href"] = f"#{hid}"
        span = soup.new_tag("span", attrs={"class": "gv-secnum"})
        span.string = num + ". " if h.name == "h2" else num + " "
        h.insert(0, span)
        entries.append((h.name, num, hid, text))
    return entries


def _toc(soup, entries):
    nav = soup.new_tag("nav", attrs={"class": "gv-toc", "aria-label": "Contents"})
    title = soup.new_tag("p", attrs={"class": "gv-toc-title"})
    title.string = "Contents"
    nav.append(title)
    top = soup.new_tag("ol")
    nav.append(top)
    sub = None
    for level, num, hid, text in entries:
        li = soup.new_tag("li")
        a = soup.new_tag("a", href=f"#{hid}")
        a.string = f"{num}{'.' if level == 'h2' else ''} {text}"
        li.append(a)
        if level == "h2" or sub is None and not top.contents:
            top.append(li)
            sub = None
        else:
            if sub is None:
                sub = soup.new_tag("ol")
                top.contents[-1].append(sub)
            sub.append(li)
    return nav


def _header(soup, files):
    header = soup.new_tag("header", attrs={"class": "gv-header"})
    nav = soup.new_tag("nav", attrs={"aria-label": "Case files"})
    for i, (label, href) in enumerate(files.items()):
        if i:
            nav.append(NavigableString(" · "))
        a = soup.new_tag("a", href=href)
        a.string = label
        nav.append(a)
    header.append(nav)
    return header


def _figures(soup, alts):
    """Number images and network views in page order: "Figure 3. ...", alt text from metadata."""
    n = 0
    for el in soup.find_all(["img", "figure"]):
        if el.name == "figure" and "gv-network" not in el.get("class", []):
            continue
        if el.name == "img" and el.find_parent("figure", class_="gv-network"):
            continue
        n += 1
        label = soup.new_tag("span", attrs={"class": "gv-fignum"})
        label.string = f"Figure {n}. "
        if el.name == "figure":
            if el.find("figcaption") is None:
                el.append(soup.new_tag("figcaption"))
            el.find("figcaption").insert(0, label)
            continue
        src = el.get("src", "")
        m = _DATA_URI.match(src)
        meta = alts.get("".join(m.group(2).split()), {}) if m else {}
        alt = meta.get("alt") or (el.get("alt") if el.get("alt") != _DEFAULT_ALT else "")
        el["alt"] = alt or f"Figure {n}"
        caption = meta.get("caption") or (alt.split(". ")[0].rstrip(".") + "." if alt else "")
        fig = soup.new_tag("figure", attrs={"class": "gv-figure"})
        el.wrap(fig)
        cap = soup.new_tag("figcaption")
        cap.append(label)
        cap.append(NavigableString(caption))
        fig.append(cap)
    return n


def _is_number(text):
    try:
        float(text.replace(",", "").replace("−", "-").removesuffix("%"))
    except ValueError:
        return False
    return True


def _tidy_pandas_tables(soup):
    """pandas' own HTML tables (``class="dataframe"``) as :func:`render_table` would show them.

    An unnamed integer index column (empty header cell, integer row headers) is removed; each
    column whose cells are all numbers or "—" gets class ``num`` (right-aligned), every other
    column class ``text``. Tables with merged cells (a MultiIndex) are left alone.
    """
    for table in soup.find_all("table", class_="dataframe"):
        if table.find(attrs={"rowspan": True}) or table.find(attrs={"colspan": True}):
            continue
        head = table.thead.find_all("tr") if table.thead else []
        body = table.tbody.find_all("tr") if table.tbody else []
        firsts = [r.find(["th", "td"]) for r in body]
        index_head = [r.find(["th", "td"]) for r in head]
        if body and all(c is not None and c.name == "th" and c.get_text(strip=True).isdigit()
                        for c in firsts) and all(not c.get_text(strip=True) for c in index_head):
            for c in firsts + index_head:
                c.decompose()
        grid = [r.find_all(["th", "td"]) for r in body]
        width = max((len(r) for r in grid), default=0)
        for col in range(width):
            texts = [r[col].get_text(strip=True) for r in grid if col < len(r)]
            numeric = any(t != MISSING for t in texts) and all(
                t == MISSING or _is_number(t) for t in texts)
            for r in head + body:
                cells = r.find_all(["th", "td"])
                if col < len(cells):
                    cells[col]["class"] = cells[col].get("class", []) + ["num" if numeric else "text"]
        table["class"] = table.get("class", []) + ["gv-table"]


def _date_spans(soup, text):
    """``text`` as strings and ``<span class="gv-date">`` around each ISO date in it."""
    parts, last = [], 0
    for m in _DATE.finditer(text):
        span = soup.new_tag("span", attrs={"class": "gv-date"})
        span.string = m.group()
        parts += [NavigableString(text[last:m.start()]), span]
        last = m.end()
    return [p for p in (*parts, NavigableString(text[last:])) if p != ""]


def _fit_tables(soup):
    """Keep tables within the text column: each in a box that scrolls sideways when the table is
    wider (``div.gv-table-scroll``), and the dates in its cells on one line (``span.gv-date``)."""
    for table in soup.find_all("table", class_="gv-table"):
        table.wrap(soup.new_tag("div", attrs={"class": "gv-table-scroll"}))
        for s in table.find_all(string=_DATE):
            s.replace_with(*_date_spans(soup, str(s)))


def _blank_missing(soup):
    """Show ``<NA>``, ``NaN``, ``None``, ``NaT`` standing alone in an element as "—"."""
    for s in soup.find_all(string=True):
        if s.strip() in _MISSING_TEXT and s.parent.name not in ("script", "style", "code", "pre"):
            s.replace_with(MISSING)


def finish_page(page, *, nb=None, title=None, files=None):
    """Turn nbconvert's HTML of a case-study notebook into the published page.

    The page gets exactly one ``<h1>`` (later ones become ``<h2>``), H2 and H3 headings numbered
    ("2.", "2.1", in place of any number the notebook gave them) with unique ids and a table of contents after the title whose links go to
    them, a header linking to the index and the case's files, figures numbered and captioned
    ("Figure 3. ...") with the alt text that :func:`govnet.plot.show` stored in the notebook
    (the lab template drops it), pandas' own tables without their 0, 1, 2... index column and with numbers
    right-aligned, text left-aligned, wide tables scrolling sideways within the text column
    and dates kept on one line, ``<NA>``, ``NaN``,
    ``None`` and ``NaT`` shown as "—", the page and print stylesheet (A4, figures and table
    rows not split), and the scripts for sortable tables and network views, inlined once each
    and only when the page has one.

    Parameters
    ----------
    page : str
        HTML of the whole page (nbconvert's output).
    nb : nbformat.NotebookNode or dict, optional
        The executed notebook the page was made from, for the images' alt text and captions.
    title : str, optional
        The page title; default the text of the first ``<h1>``.
    files : dict, optional
        Header links, label -> relative path; default :data:`CASE_FILES`.

    Returns
    -------
    str
        The page's HTML (a page finished already is returned as it is).

    Examples
    --------
    >>> page = ("<html><head><title>x</title></head><body><h1>Case</h1><h1>Title</h1>"
    ...         "<h2>Findings</h2><p>None</p></body></html>")
    >>> out = finish_page(page, files={"All cases": "../index.html"})
    >>> out.count("<h1"), '<a href="#Findings">2. Findings</a>' in out, "<p>—</p>" in out
    (1, True, True)
    """
    if not isinstance(page, str):
        raise ParameterError(f"finish_page expects the page's HTML as str, got {type(page).__name__}")
    soup = BeautifulSoup(page, "html.parser")
    if soup.body is None or soup.head is None:
        raise ReportError("finish_page expects a whole HTML page with <head> and <body>")
    if soup.find("style", id="gv-page-css"):
        return page  # finished already: a second pass would add a second header and contents
    h1 = _one_h1(soup, title)
    _blank_missing(soup)
    _tidy_pandas_tables(soup)
    _fit_tables(soup)
    entries = _number_sections(soup)
    if entries:
        h1.insert_after(_toc(soup, entries))
    _figures(soup, image_alts(nb) if nb is not None else {})
    soup.body.insert(0, _header(soup, CASE_FILES if files is None else files))
    style = soup.new_tag("style", attrs={"id": "gv-page-css"})
    style.string = static_text("page.css")
    soup.head.append(style)
    scripts = []
    if soup.find("table", attrs={"data-sortable": True}):
        scripts.append(f"<script>{static_text('tables.js')}</script>")
    if soup.find(attrs={"data-needs": "vis-network"}):
        scripts.append(network_library())
    out = str(soup)
    if scripts:
        head, sep, tail = out.rpartition("</body>")
        out = head + "\n".join(scripts) + "\n" + sep + tail
    return out


def _existing(folder):
    """sha256 -> name of the image files already in ``folder`` (e.g. from write_outputs)."""
    if not folder.is_dir():
        return {}
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in sorted(folder.iterdir())
            if p.suffix in (".png", ".jpg", ".svg") and p.is_file() and not p.is_symlink()}


def externalise_figures(page, out_dir, folder="figures"):
    """Move inline images (``<img src="data:...">``) to files, each linked to its full size.

    An image whose bytes are already in ``<out_dir>/<folder>`` (the figures
    :func:`govnet.report.write_outputs` wrote, e.g. ``figures/timeline.png``) points to that
    file; any other is written once as ``<folder>/page-<sha256[:16]>.<ext>`` (named by its
    content, so reruns give the same names and bytes). Each ``<img>`` is wrapped in a link to
    its file, the full-size figure. A page of inline base64 PNGs is a third larger than its
    images and is read whole before anything shows.

    Parameters
    ----------
    page : str
        The page's HTML.
    out_dir : str or path-like
        The folder the page is written to (its links are relative to it).
    folder : str
        Sub-folder for the image files.

    Returns
    -------
    str
        The page's HTML with file links instead of inline images.

    Examples
    --------
    >>> import tempfile
    >>> png = "iVBORw0KGgo="  # the 8-byte PNG signature
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = externalise_figures(f'<p><img alt="x" src="data:image/png;base64,{png}"/></p>', d)
    ...     files = sorted(p.name for p in (Path(d) / "figures").iterdir())
    >>> files, 'href="figures/page-' in out, "base64" in out
    (['page-4c4b6a3be1314ab8.png'], True, False)
    """
    if not re.fullmatch(r"[\w-]+", folder):
        raise ParameterError(f"folder={folder!r}: use a plain sub-folder name")
    soup = BeautifulSoup(page, "html.parser")
    target = Path(out_dir) / folder
    known = _existing(target)
    for img in soup.find_all("img", src=_DATA_URI):
        kind, data = _DATA_URI.match(img["src"]).groups()
        try:
            raw = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError) as err:
            raise ReportError(f"an inline image is not valid base64: {err}") from err
        digest = hashlib.sha256(raw).hexdigest()
        if digest not in known:
            ext = {"png": "png", "jpeg": "jpg", "svg+xml": "svg"}[kind]
            known[digest] = f"page-{digest[:16]}.{ext}"
            target.mkdir(parents=True, exist_ok=True)
            (target / known[digest]).write_bytes(raw)
        name = f"{folder}/{known[digest]}"
        img["src"] = name
        if img.find_parent("a") is None:
            img.wrap(soup.new_tag("a", href=name, attrs={"class": "gv-full-size"}))
    return str(soup)


