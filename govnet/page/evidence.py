"""A citable evidence appendix: every observation under its own anchor, quoted in full."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import pandas as pd

from ..exceptions import ParameterError
from ..report.markup import escape_html
from ._assets import MISSING
from .tables import _missing, _table_shell, format_value

__all__ = ["obs_anchor", "evidence_appendix", "evidence_links", "tie_observations"]

_SIGN_WORD = {1: "positive", -1: "negative", 0: "neutral"}
_HEAD = ["Observation", "Tie", "Dates", "Evidence", "Reported by", "Source", "Locator",
         "Confidence", "Notes"]  # fmt: skip


def obs_anchor(obs_id):
    """The anchor (``id``) of an observation in the appendix: ``obs-`` and the id.

    Examples
    --------
    >>> obs_anchor("r001")
    'obs-r001'
    """
    return "obs-" + "-".join(str(obs_id).split())


def _actor_names(case):
    """Actor id -> display name."""
    return dict(zip(case.actors["id"].astype(str), case.actors["name"].astype(str), strict=True))


def _esc(x):
    return escape_html(format_value(x), quote=False)


def _text(row, col):
    """A cell of the relations table as escaped text ("—" when missing or absent)."""
    return _esc(row.get(col))


def _quote(row):
    """The full quote: verbatim in quotation marks, a paraphrase labelled and without them."""
    q = row.get("quote")
    if _missing(q) or not str(q).strip():
        return MISSING
    kind = row.get("quote_kind")
    body = f'<span class="gv-quote-text">{html.escape(str(q), quote=False)}</span>'
    if not _missing(kind) and str(kind).strip().lower() == "paraphrase":
        return f'<span class="gv-paraphrase"><em>Paraphrase:</em> {body}</span>'
    return f'<q class="gv-verbatim">{body}</q>'


def _link(url, text):
    """``text`` linked to ``url`` when it is a web address; any other scheme stays text."""
    if _missing(url) or urlsplit(str(url).strip()).scheme.lower() not in ("http", "https"):
        return text
    return f'<a href="{html.escape(str(url).strip())}" rel="noopener">{text}</a>'


def _sources(row, sources):
    """Title(s) of the source(s) of an observation, each linked to its URL when it has one."""
    ids = row.get("source_id")
    if _missing(ids):
        return MISSING
    out = []
    for sid in (s.strip() for s in str(ids).split(";") if s.strip()):
        src = sources.get(sid, {})
        title = src.get("title")
        text = _esc(title if not _missing(title) else sid)
        out.append(_link(src.get("url"), text))
    return "; ".join(out) or MISSING


def _tie(row, names):
    """"A → B (type, sign)" with actor names; "A — B" when the observation is undirected."""
    a, b = (names.get(str(row.get(c)), row.get(c)) for c in ("source", "target"))
    directed = row.get("directed")
    arrow = "—" if not _missing(directed) and not bool(directed) else "→"
    sign = row.get("sign")
    what = [format_value(row.get("type"))]
    if not _missing(sign):
        what.append(_SIGN_WORD.get(int(sign), format_value(sign)))
    return f"{_esc(a)} {arrow} {_esc(b)} ({html.escape(', '.join(what), quote=False)})"


def _dates(row):
    start, end = row.get("start"), row.get("end")
    if _missing(end) or str(end) == str(start):
        return _esc(start)
    return f"{_esc(start)} to {_esc(end)}"


def evidence_appendix(case, caption=None):
    """Every observation of a case as a citable table: its anchor, full quote and provenance.

    One row per row of ``relations.csv``, in file order, with ``id="obs-<id>"`` (see
    :func:`obs_anchor`) so that a finding, or a reader's citation, can link to it. The quote is
    shown in full, never cut: in quotation marks, or labelled "Paraphrase:" without them when
    ``quote_kind`` is ``paraphrase`` (a missing ``quote_kind`` means verbatim). The row names
    the tie (actors by name), its dates, the reporter, the source's title linked to its URL when
    the source has a web address, the locator, the confidence and the coder's notes. Every text
    from the data is HTML-escaped and nothing is read as Markdown: ``**x**`` shows as written.

    Parameters
    ----------
    case : govnet.Case
        A loaded case (``relations``, ``actors``, ``sources``).
    caption : str, optional
        The table's caption.

    Returns
    -------
    str
        HTML: a sortable, searchable ``<table class="gv-table" id="evidence">``.

    Examples
    --------
    >>> import govnet
    >>> page = evidence_appendix(govnet.datasets.example_case())
    >>> page.count('<tr id="obs-'), '<tr id="obs-r01">' in page
    (26, True)
    """
    for name in ("relations", "actors", "sources"):
        if not isinstance(getattr(case, name, None), pd.DataFrame):
            raise ParameterError(f"evidence_appendix needs a govnet Case with a {name} table")
    names = _actor_names(case)
    sources = {str(s["id"]): s for s in case.sources.to_dict("records")}
    rows = []
    for row in case.relations.to_dict("records"):
        anchor = obs_anchor(row["id"])
        cells = [
            f'<a href="#{html.escape(anchor)}">{_esc(row["id"])}</a>', _tie(row, names),
            _dates(row), _quote(row), _esc(names.get(str(row.get("reported_by")),
                                                  row.get("reported_by"))),
            _sources(row, sources), _text(row, "locator"), _text(row, "confidence"),
            _text(row, "notes"),
        ]
        rows.append((anchor, [(c, False, None) for c in cells]))
    head = [(h, False) for h in _HEAD]
    return _table_shell(head, rows, caption=caption, interactive=True, table_id="evidence")


def evidence_links(obs_ids, page="", limit=30):
    """Links from a finding to the observations it rests on, in the evidence appendix.

    Parameters
    ----------
    obs_ids : str or iterable of str
        Observation ids (``relations.csv`` ``id``); repeats are shown once, in first-seen order.
    page : str
        The page that holds the appendix, relative to this one (e.g. ``"evidence.html"`` when
        a long appendix has a page of its own); default this page.
    limit : int, default 30
        At most this many links; past it, "and N more" (a finding on a large case rests on
        thousands of observations: every id is in ``tables/evidence.csv``).

    Returns
    -------
    str
        HTML, e.g. ``<span class="gv-evidence-links">evidence: <a href="#obs-r01">r01</a></span>``;
        empty when there are no ids.

    Examples
    --------
    >>> evidence_links(["r01", "r02", "r01"])
    '<span class="gv-evidence-links">evidence: <a href="#obs-r01">r01</a>, <a href="#obs-r02">r02</a></span>'
    >>> evidence_links("r07", page="evidence.html")
    '<span class="gv-evidence-links">evidence: <a href="evidence.html#obs-r07">r07</a></span>'
    >>> evidence_links(["r1", "r2", "r3"], limit=2)[-30:]
    's-r2">r2</a> and 1 more</span>'
    """
    if isinstance(obs_ids, str):
        obs_ids = [obs_ids]
    ids = list(dict.fromkeys(str(o) for o in obs_ids if not _missing(o)))
    if not ids:
        return ""
    links = ", ".join(f'<a href="{html.escape(page)}#{html.escape(obs_anchor(o))}">'
                      f"{html.escape(o)}</a>" for o in ids[:limit])
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return f'<span class="gv-evidence-links">evidence: {links}{more}</span>'


def tie_observations(G, where=None):
    """The observations behind the ties of a case graph: the ids a finding about them rests on.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.MultiDiGraph
        A case graph (:func:`govnet.case_graph`): aggregated edges carry ``observations``,
        per-observation edges an ``id``.
    where : callable, optional
        ``where(u, v, data)`` -> bool: keep only these ties (e.g. member-officer ties).

    Returns
    -------
    list of str
        Observation ids, each once, sorted; pass them to :func:`evidence_links`.

    Examples
    --------
    >>> import govnet
    >>> G = govnet.datasets.example_case().graph(at="2022")
    >>> def interface(u, v, d):
    ...     return {G.nodes[u]["side"], G.nodes[v]["side"]} == {"member", "officer"}
    >>> ids = tie_observations(G, interface)
    >>> ids[:3], len(ids) < len(tie_observations(G))
    (['r04', 'r05', 'r12'], True)
    """
    ids = set()
    for u, v, d in G.edges(data=True):
        if where is None or where(u, v, d):
            ids.update(str(o) for o in d.get("observations") or ([d["id"]] if "id" in d else []))
    return sorted(ids)
