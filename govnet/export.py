"""Export: case graphs as GEXF 1.3 (Gephi), GraphML (igraph, R), CSV tables and Pajek."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd

from ._safeio import check_not_case_file
from .exceptions import ParameterError

__all__ = ["export"]

#: The formats :func:`export` writes.
FORMATS = ("gexf", "graphml", "csv", "pajek")

_GEXF_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------- plain values
def _plain(value):
    """A value every format can hold: None stays None (the attribute is left out), lists,
    tuples and sets are joined with ``;``, numpy scalars become Python ones."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ";".join(str(v) for v in items if v is not None) or None
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _plain_dict(d, skip=()):
    out = {}
    for k, v in d.items():
        if k in skip:
            continue
        v = _plain(v)
        if v is not None:
            out[str(k)] = v
    return out


def _flat_graph(G):
    """A copy of ``G`` with only strings, numbers and booleans as attributes (no None, no lists)."""
    H = G.__class__()
    H.graph.update(_plain_dict(G.graph))
    H.add_nodes_from((n, _plain_dict(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, _plain_dict(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, _plain_dict(d)) for u, v, d in G.edges(data=True))
    return H


# ---------------------------------------------------------------- the dynamic case graph
def _day(ts):
    """ISO date of a Timestamp, None for the open ends govnet uses (before 1701, after 2249)."""
    from .graph import _MAX, _MIN

    if ts is None or pd.isna(ts) or ts <= _MIN or ts >= _MAX:
        return None
    return pd.Timestamp(ts).date().isoformat()


def _merge(spells):
    """Union of (start, end) ISO-date pairs as disjoint sorted pairs; None is an open end.

    >>> _merge([("2021-05-01", None), (None, "2021-05-31"), ("2019-01-01", "2019-12-31")])
    [(None, None)]
    >>> _merge([("2022-01-01", "2022-12-31"), ("2021-01-01", "2021-06-30"),
    ...         ("2021-06-01", "2021-07-31")])
    [('2021-01-01', '2021-07-31'), ('2022-01-01', '2022-12-31')]
    """
    out = []
    for lo, hi in sorted(spells, key=lambda s: (s[0] or "", s[1] or "~")):
        if out and (out[-1][1] is None or (lo or "") <= out[-1][1]):
            last_hi = out[-1][1]
            out[-1] = (out[-1][0], None if hi is None or last_hi is None else max(hi, last_hi))
        else:
            out.append((lo, hi))
    return out


def _own_and_held(case):
    """Actor id -> (its span in actors.csv or None when open, spells of the tenures it holds
    or that hold it)."""
    from .graph import _actor_table, _tenure_table

    actors = _actor_table(case)
    tenures = _tenure_table(case)
    held = {}
    for who in ("actor", "post"):
        for a, lo, hi in zip(tenures[who], tenures["_tlo"], tenures["_thi"], strict=True):
            held.setdefault(a, []).append((_day(lo), _day(hi)))
    out = {}
    for actor, lo, hi in zip(actors["id"], actors["_lo"], actors["_hi"], strict=True):
        own = (_day(lo), _day(hi))
        out[actor] = (None if own == (None, None) else own, held.get(actor, []))
    return out


def _dynamic_graph(case, at=None, window=None, **options):
    """One edge per observation (``case_graph(aggregate=None)``) with spells: an edge from its
    first to its last day; a node over its span in actors.csv when it has one, else over the
    union of its tenures and its edges' spells (no spells: present throughout)."""
    from .graph import _relation_table, case_graph

    G = case_graph(case, at=at, window=window, aggregate=None, **options)
    spans = _relation_table(case).set_index("id")[["_lo", "_hi"]]
    spells = {n: [] for n in G}
    for u, v, d in G.edges(data=True):
        lo, hi = spans.loc[d["id"]]
        d["spells"] = [(_day(lo), _day(hi))]
        spells[u] += d["spells"]
        spells[v] += d["spells"]
    own_held = _own_and_held(case)
    for n, d in G.nodes(data=True):
        own, held = own_held.get(n, (None, []))
        merged = [own] if own else _merge(held + spells[n])
        d["spells"] = [] if merged == [(None, None)] else merged
    return G


# ---------------------------------------------------------------- GEXF 1.3
def _gexf_type(values):
    """The GEXF attribute type that holds every value of a column."""
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _gexf_text(value, kind):
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def _gexf_declare(graph_el, cls, rows):
    """Declare the attributes of ``rows`` (dicts) under ``<attributes class=cls>``."""
    columns = {}
    for row in rows:
        for k, v in row.items():
            columns.setdefault(k, []).append(v)
    kinds = {k: _gexf_type(v) for k, v in columns.items()}
    attrs = ET.SubElement(graph_el, "attributes", {"class": cls, "mode": "static"})
    for k in columns:
        ET.SubElement(attrs, "attribute", {"id": k, "title": k, "type": kinds[k]})
    return kinds


def _gexf_item(parent, tag, attrib, data, kinds, spells):
    el = ET.SubElement(parent, tag, attrib)
    if data:
        values = ET.SubElement(el, "attvalues")
        for k, v in data.items():
            ET.SubElement(values, "attvalue", {"for": k, "value": _gexf_text(v, kinds[k])})
    if spells:
        sp = ET.SubElement(el, "spells")
        for lo, hi in spells:
            ET.SubElement(sp, "spell", {k: v for k, v in (("start", lo), ("end", hi)) if v})
    return el


def _gexf_edges(G):
    """(XML attributes, data, spells) of each edge: the edge's ``id`` (else its key, else its
    position) as id, made unique with "/2", "/3" where an observation is an edge each way (its
    id stays in the ``observation`` attribute), ``weight`` as weight, ``type`` as GEXF ``kind`` of parallel edges."""
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, None, d) for u, v, d in G.edges(data=True))
    out, used = [], set()
    for i, (u, v, k, d) in enumerate(edges):
        data = _plain_dict(d, skip=("spells",))
        edge_id = str(data.pop("id", k if k is not None else i))
        if "id" in d:  # the observation: an undirected one is an edge each way
            data["observation"] = edge_id
        n = 1
        while edge_id in used:  # edge ids are unique in GEXF: the second direction gets "/2"
            n += 1
            edge_id = f"{data.get('observation', edge_id)}/{n}"
        used.add(edge_id)
        attrib = {"id": edge_id, "source": str(u), "target": str(v)}
        if G.is_multigraph() and "type" in data:
            attrib["kind"] = str(data["type"])
        if isinstance(data.get("weight"), (int, float)) and not isinstance(data["weight"], bool):
            attrib["weight"] = str(data.pop("weight"))
        out.append((attrib, data, d.get("spells") or []))
    return out


def _write_gexf(G, path):
    """Write ``G`` as GEXF 1.3; node and edge attribute ``spells`` (ISO date pairs, None for
    an open end) make it dynamic."""
    nodes = [(n, _plain_dict(d, skip=("spells",)), d.get("spells") or [])
             for n, d in G.nodes(data=True)]
    edges = _gexf_edges(G)
    dynamic = any(s for *_, s in nodes) or any(s for *_, s in edges)
    root = ET.Element("gexf", {"xmlns": _GEXF_NS, "xmlns:xsi": _XSI, "version": "1.3",
                               "xsi:schemaLocation": f"{_GEXF_NS} {_GEXF_NS}/gexf.xsd"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "govnet"
    if G.graph.get("case"):
        ET.SubElement(meta, "description").text = f"case {G.graph['case']}"
    graph_el = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if G.is_directed() else "undirected",
        "mode": "dynamic" if dynamic else "static", **({"timeformat": "date"} if dynamic else {}),
    })
    node_kinds = _gexf_declare(graph_el, "node", [d for _, d, _ in nodes])
    edge_kinds = _gexf_declare(graph_el, "edge", [d for _, d, _ in edges])
    nodes_el = ET.SubElement(graph_el, "nodes", {"count": str(len(nodes))})
    for n, d, spells in nodes:
        attrib = {"id": str(n), "label": str(d.get("name", n))}
        _gexf_item(nodes_el, "node", attrib, d, node_kinds, spells)
    edges_el = ET.SubElement(graph_el, "edges", {"count": str(len(edges))})
    for attrib, d, spells in edges:
        _gexf_item(edges_el, "edge", attrib, d, edge_kinds, spells)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------- CSV and Pajek
def _csv_cell(value):
    """A cell as R and spreadsheets read it: booleans true/false, and text that a spreadsheet
    would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) prefixed with ``'``
    (OWASP, "CSV injection"); numbers, even negative ones, stay numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _atomic(path, write):
    """Call ``write(tmp)`` then move ``tmp`` onto ``path``: never a half-written file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_csv(df, path):
    """Write a table as govnet writes every CSV for other tools: UTF-8 with a byte-order mark
    (Excel then reads £ and curly quotes), CRLF line ends as RFC 4180 has them (so a cell
    holding a CR or LF is quoted), booleans ``true``/``false``, empty cells for missing
    values, formula-like text prefixed with ``'``."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_bool_dtype(out[c]) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].astype(object).map(_csv_cell, na_action="ignore")
    _atomic(path, lambda tmp: out.to_csv(tmp, index=False, encoding="utf-8-sig",
                                         lineterminator="\r\n"))


def _write_tables(G, folder):
    """``nodes.csv`` (Id, Label, attributes) and ``edges.csv`` (Source, Target, Type, ...) in
    ``folder``, with the column names Gephi's spreadsheet import expects."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes = pd.DataFrame([{"Id": n, "Label": d.get("name", n), **_plain_dict(d)}
                          for n, d in G.nodes(data=True)])
    if nodes.empty:
        nodes = pd.DataFrame(columns=["Id", "Label"])
    kind = "Directed" if G.is_directed() else "Undirected"
    edges = pd.DataFrame([{"Source": u, "Target": v, "Type": kind, **_plain_dict(d)}
                          for u, v, d in G.edges(data=True)])
    if edges.empty:
        edges = pd.DataFrame(columns=["Source", "Target", "Type"])
    _write_csv(nodes, folder / "nodes.csv")
    _write_csv(edges, folder / "edges.csv")


def _write_pajek(G, path):
    """Pajek ``.net``: arcs weighted by sign (Pajek's convention for signed networks)."""
    H = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    H.add_nodes_from(str(n) for n in G)
    H.add_edges_from((str(u), str(v), {"weight": int(d.get("sign", 1))})
                     for u, v, d in G.edges(data=True))
    nx.write_pajek(H, path)


# ---------------------------------------------------------------- the public function
def export(G_or_case, path, format="gexf", *, at=None, window=None, **options):
    """Write a case's network (or any case graph) for Gephi, R/igraph, spreadsheets or Pajek.

    Parameters
    ----------
    G_or_case : govnet.Case or networkx.Graph
        A loaded case, or a graph such as :func:`govnet.case_graph` returns.
    path : str or pathlib.Path
        The file to write; for ``"csv"`` a folder, which gets ``nodes.csv`` and ``edges.csv``.
    format : {"gexf", "graphml", "csv", "pajek"}
        ``"gexf"``: GEXF 1.3. From a case it is *dynamic*: one edge per observation (its
        ``id``, GEXF ``kind`` = relation type), each with a spell from its start to its end,
        and nodes with spells from their span in actors.csv or, failing that, their tenures,
        so that Gephi's timeline plays the case. ``"graphml"``: GraphML as igraph (R and
        Python) reads it. ``"csv"``: Gephi's spreadsheet layout, UTF-8 with BOM.
        ``"pajek"``: arcs weighted by sign. Every format except dynamic GEXF takes the
        aggregated graph (one edge per ordered pair, ``case_graph``'s default).
    at, window
        Only with a case: the date or interval, as for :func:`govnet.case_graph`.
    **options
        Only with a case: further :func:`govnet.case_graph` options (``layers``, ``types``,
        ``aggregate``, ...).

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    Attributes are written with declared types (integer, double, boolean, string); an
    attribute that is None is left out, lists are joined with ``;``. GEXF 1.3 is read by
    Gephi 0.9.3 and later; Gephi merges parallel edges of the same ``kind`` on import.

    Examples
    --------
    >>> import tempfile, networkx as nx, govnet
    >>> case = govnet.datasets.example_case()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     G = nx.read_graphml(govnet.export(case, f"{d}/ex.graphml", format="graphml"))
    >>> G.number_of_edges() == govnet.case_graph(case).number_of_edges()
    True
    """
    if format not in FORMATS:
        raise ParameterError(f"format={format!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    if not isinstance(G_or_case, nx.Graph):
        check_not_case_file(path, getattr(G_or_case, "path", None), flag="path")
    if isinstance(G_or_case, nx.Graph):
        if at is not None or window is not None or options:
            raise ParameterError("at=, window= and graph options need a case, not a graph")
        G = G_or_case
    elif format == "gexf" and options.get("aggregate") is None:
        options.pop("aggregate", None)
        G = _dynamic_graph(G_or_case, at=at, window=window, **options)
    else:
        G = G_or_case.graph(at=at, window=window, **options)
    if format != "csv":
        path.parent.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        _write_tables(G, path)
    else:
        writer = {"gexf": _write_gexf, "pajek": _write_pajek,
                  "graphml": lambda H, p: nx.write_graphml(_flat_graph(H), p)}[format]
        _atomic(path, lambda tmp: writer(G, tmp))
    return path
