"""An interactive network view (vis-network): pan, zoom, a node's positions, a tie's quotes."""

from __future__ import annotations

import html
import json
import math
import re

import networkx as nx
import pandas as pd

from ..exceptions import GraphConventionError, ParameterError
from ..plot import COLORS, describe, interface_layout
from .evidence import _actor_names
from .tables import _missing

__all__ = ["network_view"]

_SHAPE = {"person": "dot", "post": "square", "group": "hexagon", "organisation": "diamond"}
_NODE_FIELDS = ("kind", "side", "role", "tier", "post", "party", "groups", "interim")
#: Observations of a tie shown with their quote in the view (the rest by id, linked).
QUOTED = 5
#: Observations of a tie listed at all in the view.
LISTED = 20
_OBS_FIELDS = ("id", "type", "sign", "start", "end", "quote", "quote_kind", "reported_by",
               "source_id", "locator", "confidence")  # fmt: skip
_SCALE = (180, 120)  # pixels per unit of plot.interface_layout, x and y: room for labels
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def _plain(x):
    """A JSON-ready value: missing as None, numpy scalars as Python ones, lists kept."""
    if isinstance(x, (list, tuple, set, frozenset)):
        return [_plain(v) for v in sorted(x, key=str)] if isinstance(x, (set, frozenset)) \
            else [_plain(v) for v in x]
    if _missing(x):
        return None
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None  # JSON has no Infinity
    if isinstance(x, pd.Timestamp):
        return x.strftime("%Y-%m-%d")
    return x if isinstance(x, (bool, int, float, str)) else str(x)


def _observations(case, names):
    """Observation id -> its quote and provenance, reporter and source by name."""
    if case is None:
        return {}
    titles = dict(zip(case.sources["id"].astype(str), case.sources["title"].astype(str),
                      strict=True))
    out = {}
    for row in case.relations.to_dict("records"):
        rec = {f: _plain(row.get(f)) for f in _OBS_FIELDS}
        rec["reported_by"] = names.get(str(rec["reported_by"]), rec["reported_by"])
        sid = rec.pop("source_id")
        rec["source"] = None if sid is None else "; ".join(
            titles.get(s.strip(), s.strip()) for s in str(sid).split(";"))
        out[str(row["id"])] = rec
    return out


def _names(G, case):
    """Actor id -> name, from the case when given (posts are not nodes once resolved)."""
    names = {str(n): str(d.get("name") or n) for n, d in G.nodes(data=True)}
    if case is not None:
        names.update(_actor_names(case))
    return names


def _nodes(G, pos, names):
    nodes = []
    for n in sorted(G.nodes, key=str):
        d = G.nodes[n]
        x, y = pos[n]
        info = {f: _plain(d.get(f)) for f in _NODE_FIELDS}
        if info["post"] is not None:
            info["post"] = names.get(str(info["post"]), info["post"])
        nodes.append({
            "id": str(n), "label": str(d.get("name") or n),
            "x": round(float(x) * _SCALE[0], 1), "y": round(-float(y) * _SCALE[1], 1),
            "shape": _SHAPE.get(d.get("kind"), "dot"),
            "color": COLORS.get(d.get("side"), "#FFFFFF"), "info": info,
        })
    return nodes


def _edges(G, observations):
    """One edge per pair when both directions carry the same observations, else one per arc.

    A tie lists its first :data:`LISTED` observation ids (``n`` counts them all), the first
    :data:`QUOTED` with their quotes: a tie of a large case rests on hundreds, and the page would
    carry every quote once per era. Every observation is in ``tables/evidence.csv``.
    """
    edges, done = [], set()
    for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))):
        if (u, v) in done:
            continue
        d = G.edges[u, v]
        obs = [str(o) for o in (d.get("observations") or ([d["id"]] if "id" in d else []))]
        back = G.edges[v, u] if G.is_directed() and G.has_edge(v, u) else None
        both = back is not None and sorted(map(str, back.get("observations") or [])) == \
            sorted(obs) and back.get("sign") == d.get("sign")
        if both or not G.is_directed():
            done.add((v, u))
        sign = int(d["sign"])
        kind = {1: "positive", -1: "negative", 0: "neutral"}[sign]
        edges.append({
            "from": str(u), "to": str(v), "arrows": "" if both or not G.is_directed() else "to",
            "color": COLORS[kind], "dashes": d.get("layer") == "formal",
            "width": 1 + min(int(d.get("weight") or 1), 5) / 2,
            "info": {"sign": kind, "type": _plain(d.get("type")), "layer": _plain(d.get("layer")),
                     "n": len(obs),
                     "observations": [observations.get(o, {"id": o}) if i < QUOTED else {"id": o}
                                      for i, o in enumerate(obs[:LISTED])]},
        })
    return edges


def _check(G):
    if not isinstance(G, nx.Graph) or G.is_multigraph():
        raise GraphConventionError(
            "network_view expects an aggregated case graph (a networkx Graph or DiGraph, "
            f"e.g. govnet.case_graph(case)), got {type(G).__name__}")
    for u, v, d in G.edges(data=True):
        s = d.get("sign")
        if isinstance(s, bool) or s not in (-1, 0, 1):
            raise GraphConventionError(f"edge {u!r} -> {v!r} has sign {s!r}; use -1, 0 or 1")


def _json_for_script(data):
    """JSON that cannot end its ``<script>`` element: ``<``, ``>`` and ``&`` as escapes."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def network_view(G, case=None, *, pos=None, view_id="network", caption=None, height=560):
    """An interactive view of a case graph: pan and zoom, click a node or a tie to read it.

    Nodes are placed as in the static figures (:func:`govnet.plot.interface_layout`: members
    left, officers right, tiers in rows), coloured by side and shaped by kind; ties are coloured
    by sign, dashed when formal, one line per pair when both directions carry the same
    observations and one arrow per direction otherwise. Hovering shows a name; clicking a node
    lists its position in the graph's selection (``kind``, ``side``, ``role``, ``tier``,
    ``post``, ``party``, ``groups``, ``interim``), clicking a tie lists its observations with
    their full quotes (from ``case``), reporter, source and locator, each linked to its row in
    the evidence appendix. All text reaches the page as JSON data and is shown with
    ``textContent``: it is never read as HTML.

    The fragment holds the data and a canvas; the drawing is done by vis-network (inlined once
    per page by :func:`govnet.page.finish_page`, or see :func:`govnet.page.network_library`). No randomness:
    positions are fixed (physics off) and the JSON is sorted, so the same graph gives the same
    bytes.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        An aggregated case graph (:func:`govnet.case_graph`; edges with ``sign`` in {-1, 0, 1},
        ``observations``, ``layer``, ``weight``).
    case : govnet.Case, optional
        The case, for the quotes of each tie (without it a tie lists its observation ids).
    pos : dict, optional
        node -> (x, y) in layout units; default :func:`govnet.plot.interface_layout`.
    view_id : str
        The element id (a letter, then letters, digits, ``-`` or ``_``); unique in the page.
    caption : str, optional
        The caption under the view (default "Interactive network view."). The canvas's
        accessible name is :func:`govnet.plot.describe` of the graph.
    height : int
        Height of the view in CSS pixels.

    Returns
    -------
    str
        HTML: ``<figure class="gv-network" data-needs="vis-network">`` with the canvas, a details
        panel, a ``<script type="application/json">`` holding nodes and edges, and a caption.

    Examples
    --------
    >>> import govnet
    >>> case = govnet.datasets.example_case()
    >>> G = case.graph(at="2022")
    >>> view = network_view(G, case, view_id="net-2022")
    >>> view == network_view(G, case, view_id="net-2022"), view.count('"label":')
    (True, 12)
    """
    _check(G)
    if not isinstance(view_id, str) or not _ID.match(view_id):
        raise ParameterError(f"view_id={view_id!r}: use a letter then letters, digits, - or _")
    if pos is None:
        pos = interface_layout(G)
    missing = [n for n in G.nodes if n not in pos]
    if missing:
        raise ParameterError(f"pos has no position for nodes {sorted(map(str, missing))[:5]}")
    if not isinstance(height, int) or not 100 <= height <= 5000:
        raise ParameterError(f"height={height!r}: use a whole number of pixels, 100 to 5000")
    names = _names(G, case)
    data = {"nodes": _nodes(G, pos, names), "edges": _edges(G, _observations(case, names))}
    label = html.escape(describe("network", G, when=G.graph.get("at")), quote=True)
    cap = html.escape(caption or "Interactive network view.", quote=False)
    return (
        f'<figure class="gv-network" id="{view_id}" data-needs="vis-network">\n'
        f'<div class="gv-network-canvas" style="height:{height}px" role="img" '
        f'aria-label="{label}"></div>\n'
        f'<div class="gv-network-details" aria-live="polite">Click a node or a tie to read '
        f"its details; drag to pan, scroll to zoom.</div>\n"
        f'<script type="application/json" class="gv-network-data">{_json_for_script(data)}'
        f"</script>\n<figcaption>{cap}</figcaption></figure>"
    )
