"""Publication figures: signed networks with a role-aware layout, timelines, trajectories, heat maps."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle

from .codebook import _stage
from .dates import _interval
from .exceptions import GraphConventionError, ParameterError
from .graph import _carried_sign

__all__ = [
    "COLORS",
    "STYLE",
    "style",
    "savefig",
    "show",
    "interface_layout",
    "network",
    "network_panels",
    "small_multiples",
    "timeline",
    "timeline_key",
    "describe",
    "trajectory",
    "cross_case",
    "interface_matrix",
    "interface_matrix_panels",
    "sign_matrix",
    "DISPLAY_WIDTH",
]

# Okabe & Ito (2008) colour-blind-safe palette.
COLORS = {
    "positive": "#0072B2",  # blue
    "negative": "#D55E00",  # vermillion
    "neutral": "#7F7F7F",  # grey (sign 0: formal structure without valence)
    "member": "#F5C469",  # pale orange
    "officer": "#8FD3B8",  # pale bluish green
    "external": "#D9D9D9",  # light grey
    "mixed": "#FFFFFF",
    "camp0": "#000000",
    "camp1": "#CC79A7",  # reddish purple
    "camp2": "#56B4E9",  # sky blue
    "camp3": "#E69F00",
}

#: Fixed matplotlib settings so that figures look, and hash, the same on every machine.
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "govnet",
    "path.simplify": True,
    "image.interpolation": "nearest",
}

_MARKERS = {"person": "o", "post": "s", "group": "h", "organisation": "D"}
_SIDE_ORDER = ["member", "officer", "mixed", "external"]
_SIDE_LABEL = {
    "member": "Members",
    "officer": "Officers",
    "external": "External bodies",
    "mixed": "Mixed bodies",
}
_TIER_LABEL = {
    1: "tier 1: key dyad",
    2: "tier 2: executive / senior officers",
    3: "tier 3: backbench / officers below",
    None: "no tier",
}
#: Width in CSS px a figure is assumed to be shown at: the content column of a report page (a
#: figure narrower than that is shown at its own size). Network figures are sized so that their
#: smallest text shows at 9 px or more at this width.
DISPLAY_WIDTH = 1000
_NET_PT = 8  # smallest text in a network figure (names, band labels, legend), in points
_CELL_PT = 7  # the mean sign and count in a cell of an interface matrix, in points
_MATRIX_IN = (5.2, 4.6)  # inches per panel of interface_matrix_panels
_UNIT_IN = 0.5  # inches per unit of the interface layout: nodes dx = 2 units = 1 inch apart
_ABOVE, _BELOW = 0.7, 1.3  # layout units above a band's first row (its label), below its last (names)
_LINESTYLE = {1: "solid", -1: (0, (5, 3)), 0: (0, (1, 2))}
_STYLE_NAME = {1: "solid", -1: "dashed", 0: "dotted"}


@contextmanager
def style():
    """Temporarily apply :data:`STYLE` (fixed fonts, dpi, no hash salt).

    Examples
    --------
    >>> with style():
    ...     int(mpl.rcParams["savefig.dpi"])
    150
    """
    with mpl.rc_context(STYLE):
        yield


_PNG = b"\x89PNG\r\n\x1a\n"


def _save(fig, target, fmt, dpi):
    meta = {"Software": None}
    if fmt == "pdf":
        meta = {"Creator": None, "Producer": None, "CreationDate": None}
    elif fmt == "svg":
        meta = {"Creator": None, "Date": None}
    with mpl.rc_context({"svg.hashsalt": "govnet"}):
        fig.savefig(target, format=fmt, dpi=dpi, metadata=meta, bbox_inches="tight",
                    facecolor="white")


def savefig(fig, path, dpi=150):
    """Save a figure reproducibly: fixed dpi, no software or date metadata.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or bytes
        A figure, or the PNG bytes :func:`show` returned (written as they are, for a
        ``.png`` path only).
    path : str or pathlib.Path
        ``.png``, ``.svg`` or ``.pdf``; parent folders are created.
    dpi : int
        Resolution of raster output.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, hashlib
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> d = Path(tempfile.mkdtemp())
    >>> a = savefig(fig, d / "a.png"); b = savefig(fig, d / "b.png")
    >>> a.read_bytes() == b.read_bytes()
    True
    >>> plt.close(fig)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if isinstance(fig, (bytes, bytearray)):
        if suffix != ".png" or not fig.startswith(_PNG):
            raise ParameterError(f"{path}: bytes can only be saved as they are to a .png path, "
                                 "and must be a PNG (as govnet.plot.show returns)")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(fig))
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(fig, path, suffix.lstrip(".") or "png", dpi)
    return path


def show(fig, dpi=150, alt=None):
    """Render a figure once: show it in the notebook and return the PNG for the report.

    The figure is drawn to PNG exactly as :func:`savefig` would write it, displayed at the
    size matplotlib's inline backend would use (``figure.dpi``), and closed; keep the returned
    bytes and pass them to :func:`govnet.report.write_outputs`, which writes them as they
    are. ``plt.show()`` followed by ``savefig`` draws every figure twice (and a tight bounding
    box draws it twice more): most of a report's plotting time.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution of the PNG.
    alt : str, optional
        Alt text (e.g. from :func:`describe`), kept in the output's ``image/png`` metadata as
        ``alt``, where nbconvert's classic template and a page builder can read it.

    Returns
    -------
    bytes
        The PNG. Outside IPython nothing is displayed.

    Examples
    --------
    >>> def line():
    ...     fig, ax = plt.subplots(figsize=(2, 1))
    ...     _ = ax.plot([0, 1], [0, 1])
    ...     return fig
    >>> png = show(line())
    >>> png[1:4] == b"PNG", png == show(line())  # the same figure, the same bytes
    (True, True)
    """
    import io

    buf = io.BytesIO()
    _save(fig, buf, "png", dpi)
    png = buf.getvalue()
    plt.close(fig)
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return png
    if get_ipython() is not None:
        width = int.from_bytes(png[16:20], "big")  # the PNG header's pixel width
        display(Image(data=png, format="png",
                      width=round(width * float(mpl.rcParams["figure.dpi"]) / dpi)),
                metadata={"image/png": {"alt": alt}} if alt else None)
    return png


# --------------------------------------------------------------------------- graph helpers


def _check_graph(G):
    if not isinstance(G, nx.Graph):
        raise GraphConventionError(f"expected a networkx graph, got {type(G).__name__}")
    for u, v, d in G.edges(data=True):
        s = d.get("sign", None)
        if s is None or s not in (-1, 0, 1):
            raise GraphConventionError(
                f"edge {u!r} -> {v!r} has sign {s!r}; every edge needs sign -1, 0 or 1 "
                "(see the case-graph convention in govnet.graph)"
            )


def _collapse(G):
    """One edge per ordered pair, signed as :func:`govnet.case_graph` aggregates (net sign of
    the layer the edge carries: informal if any informal observation)."""
    _check_graph(G)
    if not G.is_multigraph():
        return G
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    acc = {}
    for u, v, d in G.edges(data=True):
        a = acc.setdefault((u, v), ([], [], []))
        a[0].append(int(d["sign"]))
        a[1].append(d.get("layer", "informal"))
        unit = (d.get("reported_by"), d.get("source_id"))  # one vote per (reporter, source)
        a[2].append(unit if any(unit) else len(a[2]))
    for (u, v), (signs, layers, units) in sorted(acc.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        sign, layer = _carried_sign(signs, layers, units)
        H.add_edge(u, v, sign=sign, layer=layer, weight=len(signs))
    return H


def _attr(G, n, key, default=None):
    v = G.nodes[n].get(key, default)
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return default
    return v


def _tier(G, n):
    t = _attr(G, n, "tier")
    try:
        return int(t) if t is not None else None
    except (TypeError, ValueError):
        return None


def _slot(G, n):
    """(side, tier) of a node's row in the interface layout; external bodies have no tier."""
    side = _attr(G, n, "side", "external")
    if side not in _SIDE_ORDER:
        side = "external"
    return side, None if side == "external" else _tier(G, n)


def _plain(text):
    """Text from the data drawn as it is: a ``$`` never starts matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def _label(G, n, width=14):
    name = str(_attr(G, n, "name", n))
    return _plain("\n".join(textwrap.wrap(name, width=width, max_lines=3, placeholder="…"))
                  or str(n))


def _sort_key(G, n):
    kind_rank = {"person": 0, "post": 1, "group": 2, "organisation": 3}
    return (kind_rank.get(_attr(G, n, "kind"), 4), str(_attr(G, n, "name", n)), str(n))


def interface_layout(G, per_row=4, dx=2.0, dy=1.6):
    """Positions for the role-aware "interface" layout.

    Members are placed left of the interface line (x < 0), officers right of it, mixed bodies on the
    line, external bodies in a band of their own above the council; seniority tiers run in rows from
    tier 1 (the key dyad, nearest the top) down to tier 3 and then untiered actors. Within a row
    nodes are sorted by kind then name, so the layout is deterministic and does not depend on a seed;
    rows with more than ``per_row`` nodes on a side wrap into staggered sub-rows.

    Parameters
    ----------
    G : networkx.Graph
        A graph following the case-graph convention (node attributes ``side``, ``tier``, ``kind``,
        ``name``).
    per_row : int
        Nodes per sub-row and side before wrapping.
    dx, dy : float
        Horizontal and vertical spacing.

    Returns
    -------
    dict
        node -> (x, y), plus nothing else; row guides are recomputed by :func:`network`.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("leader", side="member", tier=1, kind="person", name="Leader")
    >>> G.add_node("ceo", side="officer", tier=1, kind="person", name="Chief executive")
    >>> pos = interface_layout(G)
    >>> pos["leader"][0] < 0 < pos["ceo"][0]
    True
    """
    pos, _ = _interface_layout(G, per_row=per_row, dx=dx, dy=dy)
    return pos


def _interface_layout(G, per_row=4, dx=2.0, dy=1.6):
    """Positions and bands ``(tier or "external", top, bottom)`` of the interface layout.

    Bands abut: each leaves ``_ABOVE`` above its first row for its label and ``_BELOW`` under its
    last row for the names drawn under the nodes.
    """
    buckets = {}
    for n in G.nodes:
        buckets.setdefault(_slot(G, n), []).append(n)
    pos, rows = {}, []
    y = 0.0  # top of the next band
    # external band on top, centred, wider rows (odd rows shifted so names fall between nodes)
    ext = sorted(buckets.pop(("external", None), []), key=lambda n: _sort_key(G, n))
    if ext:
        width = max(per_row * 2, 6)
        for sub, i in enumerate(range(0, len(ext), width)):
            chunk = ext[i : i + width]
            xs = (np.arange(len(chunk)) - (len(chunk) - 1) / 2 + (sub % 2) / 2) * dx
            for n, x in zip(chunk, xs, strict=True):
                pos[n] = (float(x), y - _ABOVE - sub * dy)
        nsub = -(-len(ext) // width)
        rows.append(("external", y, y - _ABOVE - (nsub - 1) * dy - _BELOW))
        y = rows[-1][2]
    tiers = sorted({t for (_, t) in buckets}, key=lambda t: (t is None, t if t is not None else 0))
    for t in tiers:
        lists = {
            s: sorted(buckets.get((s, t), []), key=lambda n: _sort_key(G, n))
            for s in ("member", "officer", "mixed")
        }
        nsub = max(
            1,
            *(int(np.ceil(len(lists[s]) / per_row)) for s in ("member", "officer")),
            len(lists["mixed"]),
        )
        for s, ns in lists.items():
            for i, n in enumerate(ns):
                if s == "mixed":
                    sub, x = i, 0.0
                else:
                    sub, col = divmod(i, per_row)
                    stagger = (sub % 2) * dx / 2
                    x = (col + 1) * dx + stagger  # a column's width clear of the mixed bodies
                    x = -x if s == "member" else x
                pos[n] = (float(x), y - _ABOVE - sub * dy)
        rows.append((t, y, y - _ABOVE - (nsub - 1) * dy - _BELOW))
        y = rows[-1][2]
    return pos, rows


def _camp_map(camps):
    if camps is None:
        return {}
    part = getattr(camps, "partition", camps)
    if not isinstance(part, Mapping):
        raise ParameterError("camps must be a mapping node -> camp label or a result with .partition")
    return dict(part)


def _draw_edges(ax, G, pos, node_size):
    # reciprocated pairs are bent so that both directions stay visible
    n_drawn = {"solid": 0, "dashed": 0, "dotted": 0}
    edges = sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    directed = G.is_directed()
    for u, v, d in edges:
        if u == v or u not in pos or v not in pos:
            continue
        sign = int(d["sign"])
        formal = d.get("layer", "informal") == "formal"
        rad = 0.12 if directed and G.has_edge(v, u) else 0.0
        if abs(pos[u][1] - pos[v][1]) < 1e-9 and abs(pos[u][0] - pos[v][0]) > 2.5:
            rad = 0.25  # same row, not neighbours: bend around the nodes in between
        shrink = np.sqrt(node_size) / 2 + 2
        patch = FancyArrowPatch(
            pos[u],
            pos[v],
            arrowstyle="-|>" if directed else "-",
            mutation_scale=9,
            connectionstyle=f"arc3,rad={rad}",
            linestyle=_LINESTYLE[sign],
            linewidth=0.9 if formal else 1.8,
            color={1: COLORS["positive"], -1: COLORS["negative"], 0: COLORS["neutral"]}[sign],
            alpha=0.9,
            shrinkA=shrink,
            shrinkB=shrink,
            zorder=1,
            gid=f"edge:{_STYLE_NAME[sign]}:{'formal' if formal else 'informal'}",
        )
        ax.add_patch(patch)
        n_drawn[_STYLE_NAME[sign]] += 1
    return n_drawn



def network(
    G,
    ax=None,
    layout="interface",
    seed=0,
    camps=None,
    labels=True,
    title=None,
    legend=True,
    node_size=260,
    pos=None,
):
    """Draw a signed case graph with a role-aware layout.

    Positive ties are solid blue, negative ties dashed vermillion and ties of sign 0 (formal
    structure without valence) dotted grey (Okabe-Ito colours, safe for colour-blind readers);
    formal ties are drawn thinner than informal ones. Node colour gives the side, node shape the kind
    (circle person, square post, hexagon group, diamond organisation) and, when ``camps`` is given,
    a thick outline colour gives the camp. Each edge is one ``FancyArrowPatch`` whose ``gid`` is
    ``"edge:<solid|dashed|dotted>:<formal|informal>"``, so drawn elements can be counted. Self-loops
    (e.g. an actor and a group it leads resolved to the same holder) are not drawn. Reciprocated
    pairs are drawn as two bent arrows; ties along a row bend around the nodes in between. A new
    figure is sized from the layout so that its text stays legible at :data:`DISPLAY_WIDTH`.

    Parameters
    ----------
    G : networkx.DiGraph, Graph or MultiDiGraph
        A graph following the case-graph convention (``case.graph()``); a multigraph is reduced to
        one edge per ordered pair by net sign.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the layout when omitted.
    layout : {"interface", "spring"} or dict
        ``"interface"`` (members left, officers right, external bodies in a band on top, tiers in
        rows), ``"spring"`` (networkx spring layout with ``seed``) or a dict node -> (x, y).
    seed : int
        Seed for seeded layouts; the interface layout is deterministic without it.
    camps : dict or camps result, optional
        node -> camp label, or an object with a ``partition`` mapping (``govnet.camps``).
    labels : bool
        Draw node names under the nodes.
    title : str, optional
    legend : bool
        Draw a legend of the tie styles, sides, kinds and camps present.
    node_size : float
        Marker area in points squared.
    pos : dict, optional
        Fixed positions (overrides ``layout``; no tier bands are drawn).

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and presentations
    that are friendly to colorblind people.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> G = example_case().graph()
    >>> ax = network(G)
    >>> type(ax).__name__
    'Axes'
    >>> plt.close("all")
    """
    H = _collapse(G)
    pos, rows = _layout_positions(H, layout, seed, pos)
    extent = _extent([pos[n] for n in H.nodes])
    new_figure = ax is None
    if new_figure:
        w, h = _panel_size(extent)
        _, ax = plt.subplots(figsize=(w, h + (0.8 if legend else 0)))
    camp_of = _camp_map(camps)
    camp_labels = sorted({camp_of[n] for n in H.nodes if n in camp_of}, key=str)
    counts = _draw_network(ax, H, pos, rows, extent, camp_of, camp_labels, labels, node_size)
    if legend:
        _network_legend(ax, H, counts, camp_labels)
    if title:
        ax.set_title(_plain(title))
    if new_figure:  # the axes fill the figure, as the layout's inches per unit assume
        ax.figure.tight_layout()
    return ax


def _layout_positions(H, layout, seed, pos=None):
    """Node positions and the interface layout's bands (none for other layouts) for :func:`network`."""
    rows = []
    if pos is not None:
        pos = dict(pos)
    elif isinstance(layout, Mapping):
        pos = dict(layout)
    elif layout == "interface":
        pos, rows = _interface_layout(H)
    elif layout == "spring":
        pos = _spring(H, seed)
    else:
        raise ParameterError(f"unknown layout {layout!r}; use 'interface', 'spring' or a dict")
    missing = sorted(str(n) for n in H.nodes if n not in pos)
    if missing:
        raise ParameterError(f"no position for nodes: {', '.join(missing[:5])}")
    return pos, rows


def _spring(H, seed):
    pos = nx.spring_layout(H, seed=seed, k=1.5 / np.sqrt(max(len(H), 1)))
    return {n: (float(p[0]) * 8, float(p[1]) * 6) for n, p in pos.items()}


def _extent(points):
    """(xmin, xmax, ymin, ymax) of positions; a point at the origin when there are none."""
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    return min(xs), max(xs), min(ys), max(ys)


def _panel_size(extent):
    """Inches for a network of this extent: ``_UNIT_IN`` per layout unit (1 inch between nodes)."""
    xmin, xmax, ymin, ymax = extent
    return ((xmax - xmin + 3.4) * _UNIT_IN, (ymax - ymin + _ABOVE + _BELOW) * _UNIT_IN + 0.4)


def _draw_bands(ax, rows, extent):
    """The external band, tier rows (labelled) and the interface line of the interface layout."""
    x0, x1 = extent[0] - 1.6, extent[1] + 1.6
    for t, top, bottom in rows:
        if t == "external":
            ax.add_patch(Rectangle((x0, bottom), x1 - x0, top - bottom, color="#F2F2F2", zorder=0,
                                   lw=0, gid="band:external"))
        else:
            ax.axhline(bottom, color="#E0E0E0", lw=0.6, zorder=0, gid=f"band:{t}")
        ax.text(x0 + 0.1, top - 0.1, "external bodies" if t == "external" else
                _TIER_LABEL.get(t, f"tier {t}"), va="top", ha="left", fontsize=_NET_PT,
                color="#555555", style="italic")
    council_top = max((top for t, top, _ in rows if t != "external"), default=None)
    if council_top is None:
        return
    bottom = min(b for _, _, b in rows)
    ax.plot([0, 0], [bottom, council_top], color="#AAAAAA", lw=0.8, ls=(0, (2, 2)), zorder=0)
    for x, ha, text in ((-0.3, "right", "← Members"), (0.3, "left", "Officers →")):
        ax.text(x, council_top, text, ha=ha, va="center", fontsize=_NET_PT + 1, weight="bold",
                zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})


def _draw_nodes(ax, H, pos, camp_of, camp_labels, node_size):
    nodes = sorted(H.nodes, key=str)
    for kind, marker in _MARKERS.items():
        sel = [n for n in nodes if _attr(H, n, "kind", "person") == kind]
        if kind == "person":
            sel += [n for n in nodes if _attr(H, n, "kind", "person") not in _MARKERS]
        if not sel:
            continue
        edgec = [
            COLORS[f"camp{camp_labels.index(camp_of[n]) % 4}"] if n in camp_of else "#555555"
            for n in sel
        ]
        ax.scatter(
            [pos[n][0] for n in sel],
            [pos[n][1] for n in sel],
            s=node_size,
            marker=marker,
            c=[COLORS.get(_attr(H, n, "side", "external"), "#FFFFFF") for n in sel],
            edgecolors=edgec,
            linewidths=[2.6 if n in camp_of else 0.8 for n in sel],
            zorder=3,
            gid=f"nodes:{kind}",
        )


def _draw_network(ax, H, pos, rows, extent, camp_of, camp_labels, labels, node_size):
    """Bands, ties, nodes and names of ``H`` at ``pos``; axis limits from ``extent``."""
    _draw_bands(ax, rows, extent)
    counts = _draw_edges(ax, H, pos, node_size)
    _draw_nodes(ax, H, pos, camp_of, camp_labels, node_size)
    if labels:
        for n in sorted(H.nodes, key=str):
            ax.annotate(_label(H, n), pos[n], xytext=(0, -np.sqrt(node_size) / 2 - 2),
                        textcoords="offset points", ha="center", va="top", fontsize=_NET_PT,
                        zorder=4, linespacing=0.95,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.75})
    ax.set_aspect("auto")
    ax.set_xlim(extent[0] - 1.7, extent[1] + 1.7)
    ax.set_ylim(extent[2] - _BELOW, extent[3] + _ABOVE)
    ax.set_axis_off()
    return counts


def _camp_name(c):
    """Camp labels 0, 1, ... read as A, B, ...; other labels as given."""
    if isinstance(c, int | np.integer) and 0 <= int(c) < 26:
        return f"camp {chr(65 + int(c))}"
    return f"camp {c}"


def _network_legend(ax, H, counts, camp_labels, fig=None):
    handles = []
    for name, sign in (("solid", 1), ("dashed", -1), ("dotted", 0)):
        if counts[name]:
            label = {1: "positive tie", -1: "negative tie", 0: "neutral tie (sign 0)"}[sign]
            handles.append(Line2D([], [], color=COLORS[{1: "positive", -1: "negative", 0: "neutral"}[sign]],
                                  ls=_LINESTYLE[sign], lw=1.8, label=label))
    layers = {d.get("layer", "informal") for _, _, d in H.edges(data=True)}
    if "formal" in layers:
        handles.append(Line2D([], [], color="#333333", lw=0.9, label="formal (thin)"))
    if "informal" in layers:
        handles.append(Line2D([], [], color="#333333", lw=1.8, label="informal (thick)"))
    sides = sorted({_attr(H, n, "side", "external") for n in H.nodes},
                   key=lambda s: _SIDE_ORDER.index(s) if s in _SIDE_ORDER else 9)
    for s in sides:
        handles.append(Patch(facecolor=COLORS.get(s, "#FFFFFF"), edgecolor="#555555",
                             label=_plain(_SIDE_LABEL.get(s, s))))
    kinds = sorted({_attr(H, n, "kind", "person") for n in H.nodes},
                   key=lambda k: list(_MARKERS).index(k) if k in _MARKERS else 9)
    for k in kinds:
        handles.append(Line2D([], [], marker=_MARKERS.get(k, "o"), ls="", color="white",
                              markeredgecolor="#555555", markersize=7, label=_plain(k)))
    for i, c in enumerate(camp_labels):
        handles.append(Line2D([], [], marker="o", ls="", color="white", markersize=8,
                              markeredgewidth=2.4, markeredgecolor=COLORS[f"camp{i % 4}"],
                              label=_camp_name(c)))
    if not handles:
        return
    # below the panels; a tight bounding box (as savefig and show use) takes it in
    target = fig if fig is not None else ax
    ncol = min(len(handles), max(1, int(ax.figure.get_figwidth() / 1.6)))
    target.legend(handles=handles, ncol=ncol, fontsize=_NET_PT, handlelength=2.6,
                  columnspacing=1.2, loc="upper center", bbox_to_anchor=(0.5, 0.0))


def _panel_graph(H, key_tiers):
    """``H`` without the actors that have no tie in it, except members and officers of a key tier."""
    keep = [n for n in H.nodes
            if any(m != n for m in nx.all_neighbors(H, n))
            or (_slot(H, n)[0] in ("member", "officer") and _tier(H, n) in key_tiers)]
    return H.subgraph(keep).copy()


def _shared_layout(panels, layout, seed):
    """Positions per panel, and the bands, from one layout of all panels' nodes.

    A node is placed once per (side, tier) it has in some panel, so it keeps its place wherever
    its tier is the same and always stands in the band of its tier at that panel's date.
    """
    union = nx.DiGraph()
    for g in panels.values():
        union.add_nodes_from(((n, *_slot(g, n)), d) for n, d in g.nodes(data=True))
    if layout == "interface":
        upos, rows = _interface_layout(union)
    else:
        upos, rows = _spring(union, seed), []
    pos = {k: {n: upos[(n, *_slot(g, n))] for n in g} for k, g in panels.items()}
    return pos, rows, _extent(upos.values())


def network_panels(graphs, camps=None, ncols=None, seed=0, layout="interface", panel_size=None,
                   key_tiers=(1,)):
    """Small multiples: the network at several dates, legible at :data:`DISPLAY_WIDTH`.

    Each panel draws the actors with a tie in its graph plus the members and officers of the key
    tiers. Positions, tier rows and the external band come from one layout of all panels: a node
    keeps its place in every panel where its side and tier are the same, and stands in the band
    of its tier at that panel's date. Panels are sized at ``_UNIT_IN`` inch per layout unit (nodes
    an inch apart) with text of at least 8 points, and put two to a row only where the figure
    stays narrow enough for that text to show at 9 px or more when the figure is shown
    :data:`DISPLAY_WIDTH` px wide (one to a row otherwise).

    Parameters
    ----------
    graphs : dict
        title (e.g. a date) -> graph, in the order to draw.
    camps : dict, optional
        title -> camps (as for :func:`network`) for panels that should show camps.
    ncols : int, optional
        At most this many panels per row (default 2); fewer when more would not be legible.
    seed : int
        Seed for seeded layouts.
    layout : {"interface", "spring"}
        Computed once on the nodes of all panels.
    panel_size : tuple of float, optional
        Inches per panel (default: sized from the layout as above).
    key_tiers : tuple of int
        Members and officers of these tiers are drawn even without ties (default: the key dyad).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per graph and a single figure legend for all panels (``fig.legends[0]``).

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> case = example_case()
    >>> fig = network_panels({"all": case.graph(), "again": case.graph()})
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    if not graphs:
        raise ParameterError("network_panels needs at least one graph")
    panels = {k: _panel_graph(_collapse(g), key_tiers) for k, g in graphs.items()}
    pos, rows, extent = _shared_layout(panels, layout, seed)
    panel_size = panel_size or _panel_size(extent)
    n = len(panels)
    fit = max(1, int(_max_width_in() // panel_size[0]))
    ncols = max(1, min(n, ncols or 2, fit))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                             squeeze=False)
    camps = camps or {}
    counts = {"solid": 0, "dashed": 0, "dotted": 0}
    camp_labels = set()
    edges_union = nx.DiGraph()
    for ax, (title, g) in zip(axes.flat, panels.items(), strict=False):  # spare grid cells
        camp_of = _camp_map(camps.get(title))
        labels = sorted({camp_of[v] for v in g if v in camp_of}, key=str)
        for name, c in _draw_network(ax, g, pos[title], rows, extent, camp_of, labels, True,
                                     260).items():
            counts[name] += c
        ax.set_title(_plain(title))
        camp_labels |= set(labels)
        edges_union.add_nodes_from(g.nodes(data=True))
        edges_union.add_edges_from((u, v, {"layer": d.get("layer", "informal")})
                                   for u, v, d in g.edges(data=True))
    for ax in axes.flat[n:]:
        fig.delaxes(ax)
    fig.tight_layout()
    _network_legend(axes.flat[0], edges_union, counts, sorted(camp_labels, key=str), fig=fig)
    return fig


def _max_width_in(pt=_NET_PT, px=9):
    """Widest figure (inches) whose ``pt``-point text shows at ``px`` px at DISPLAY_WIDTH px wide."""
    return pt * DISPLAY_WIDTH / (72 * px)


small_multiples = network_panels


# --------------------------------------------------------------------------- matrices


def _group_of(G, n, by):
    side = _attr(G, n, "side", "external")
    if by == "side":
        return side
    if by == "tier":
        t = _tier(G, n)
        if side in ("member", "officer") and t is not None:
            return f"{side} t{t}"
        return side
    return str(_attr(G, n, by, "unknown"))


def sign_matrix(G, by="side", layers=("informal", "formal"), nonzero=True):
    """Mean sign and tie count between groups of nodes, as a tidy table.

    Parameters
    ----------
    G : networkx graph
        Case-graph convention; a multigraph is reduced to one edge per ordered pair (net sign).
    by : {"side", "tier"} or str
        Group nodes by side, by side and tier ("member t1", ...), or by any node attribute.
    layers : tuple of str
        Layers of ties to count.
    nonzero : bool
        Count only ties of sign -1 or +1 (default), so formal ties of sign 0 do not dilute the mean.

    Returns
    -------
    pandas.DataFrame
        Columns ``from``, ``to``, ``ties``, ``positive``, ``negative``, ``mean_sign``, one row per
        ordered pair of groups that has at least one tie, sorted.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("a", side="member"); G.add_node("b", side="officer")
    >>> G.add_edge("a", "b", sign=-1, layer="informal"); G.add_edge("b", "a", sign=1, layer="informal")
    >>> sign_matrix(G)[["from", "to", "ties", "mean_sign"]].to_dict("records")
    [{'from': 'member', 'to': 'officer', 'ties': 1, 'mean_sign': -1.0}, {'from': 'officer', 'to': 'member', 'ties': 1, 'mean_sign': 1.0}]
    """
    H = _collapse(G)
    recs = []
    for u, v, d in H.edges(data=True):
        if d.get("layer", "informal") not in layers:
            continue
        s = int(d["sign"])
        if nonzero and s == 0:
            continue
        pairs = [(u, v)] if H.is_directed() else [(u, v), (v, u)]
        for a, b in pairs:
            recs.append((_group_of(H, a, by), _group_of(H, b, by), s))
    df = pd.DataFrame(recs, columns=["from", "to", "sign"])
    out = (
        df.assign(positive=df["sign"].eq(1).astype(int), negative=df["sign"].eq(-1).astype(int))
        .groupby(["from", "to"], sort=True)
        .agg(ties=("sign", "size"), positive=("positive", "sum"), negative=("negative", "sum"),
             mean_sign=("sign", "mean"))
        .reset_index()
    )
    out["ties"] = out["ties"].astype(int)
    out["mean_sign"] = out["mean_sign"].astype(float).round(6)
    return out


def interface_matrix(G, ax=None, by="tier", layers=("informal",), title=None):
    """Heat map of the mean sign of ties between sides (or side-tiers), annotated with counts.

    Rows are the group a tie comes from, columns the group it goes to; each cell shows the mean sign
    of the ties (−1 all negative … +1 all positive) and ``n`` the number of ties. Empty cells (no
    ties) are left white; a graph without nodes gives an empty panel saying "no actors". Uses
    :func:`sign_matrix` with ``nonzero=True``.

    Parameters
    ----------
    G : networkx graph
        Case-graph convention.
    ax : matplotlib.axes.Axes, optional
    by : {"tier", "side"} or str
    layers : tuple of str
        Layers counted; by default the informal (signed) layer, as :func:`govnet.interface_climate`.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> ax = interface_matrix(example_case().graph())
    >>> type(ax).__name__
    'Axes'
    >>> plt.close("all")
    """
    tab = sign_matrix(G, by=by, layers=layers)
    H = _collapse(G)
    groups = sorted({_group_of(H, n, by) for n in H.nodes}, key=_group_rank)
    idx = {g: i for i, g in enumerate(groups)}
    m = np.full((len(groups), len(groups)), np.nan)
    cnt = np.zeros_like(m)
    for r in tab.itertuples(index=False):
        m[idx[r[0]], idx[r[1]]] = r.mean_sign
        cnt[idx[r[0]], idx[r[1]]] = r.ties
    if ax is None:
        k = max(len(groups), 2)
        _, ax = plt.subplots(figsize=(1.0 * k + 2.5, 0.85 * k + 1.5))
    if not groups:  # documented empty result: an empty panel that says so
        ax.text(0.5, 0.5, "no actors", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(_plain(title or "Mean sign of ties between groups"))
        return ax
    cmap = mpl.colormaps["RdBu"].with_extremes(bad="white")  # red negative, blue positive
    im = ax.imshow(np.ma.masked_invalid(m), cmap=cmap, vmin=-1, vmax=1)
    for i in range(len(groups)):
        for j in range(len(groups)):
            if cnt[i, j]:
                val = m[i, j]
                ax.text(j, i, f"{val:+.2f}\nn={int(cnt[i, j])}", ha="center", va="center",
                        fontsize=_CELL_PT, color="white" if abs(val) > 0.6 else "black")
    # lines between the sides, so the member-officer interface blocks stand out
    sides = [g.split(" ")[0] for g in groups]
    for i in range(1, len(groups)):
        if sides[i] != sides[i - 1]:
            ax.axhline(i - 0.5, color="#333333", lw=0.8)
            ax.axvline(i - 0.5, color="#333333", lw=0.8)
    ax.set_xticks(range(len(groups)), [_plain(g) for g in groups], rotation=35, ha="right")
    ax.set_yticks(range(len(groups)), [_plain(g) for g in groups])
    ax.set_xlabel("to")
    ax.set_ylabel("from")
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label="mean sign of ties")
    ax.set_title(_plain(title or "Mean sign of ties between groups"))
    return ax


def interface_matrix_panels(graphs, ncols=4, **kwargs):
    """Small multiples of :func:`interface_matrix`: one heat map per graph, legible on the page.

    Panels are put as many to a row as keep the figure narrow enough for the cells' numbers
    (7 points) to show at 9 px or more when the figure is shown :data:`DISPLAY_WIDTH` px wide.

    Parameters
    ----------
    graphs : dict
        title (e.g. a date) -> graph, in the order to draw.
    ncols : int
        At most this many panels per row; fewer when there are fewer graphs or when more would
        not be legible (two at :data:`DISPLAY_WIDTH` = 1000).
    **kwargs
        Passed to :func:`interface_matrix` (``by``, ``layers``).

    Returns
    -------
    matplotlib.figure.Figure
        One heat map per graph; unused grid cells are switched off.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> case = example_case()
    >>> fig = interface_matrix_panels({"2020": case.graph(at="2020"), "2022": case.graph(at="2022")})
    >>> [ax.get_title() for ax in fig.axes if ax.get_label() != "<colorbar>"]
    ['2020', '2022']
    >>> plt.close("all")
    """
    if not graphs:
        raise ParameterError("interface_matrix_panels: no graphs given")
    fit = max(1, int(_max_width_in(_CELL_PT) // _MATRIX_IN[0]))
    ncols = max(1, min(len(graphs), int(ncols), fit))
    nrows = -(-len(graphs) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(_MATRIX_IN[0] * ncols, _MATRIX_IN[1] * nrows),
                             squeeze=False)
    for ax, (title, G) in zip(axes.flat, graphs.items(), strict=False):  # grid may have spare cells
        interface_matrix(G, ax=ax, title=str(title), **kwargs)
    for ax in axes.flat[len(graphs):]:
        ax.set_axis_off()
    fig.tight_layout()
    return fig


def _group_rank(g):
    order = ["member t1", "member t2", "member t3", "member", "mixed",
             "officer t1", "officer t2", "officer t3", "officer", "external"]
    return (order.index(g) if g in order else len(order), g)


# --------------------------------------------------------------------------- time


def _ladder_steps(case):
    """Staged events (date, stage in force, shade, type, id) from :func:`govnet.oversight_ladder`.

    The shade is the stage, except de-escalation (a step down), shaded as stage 1.
    """
    from .timeseries import _ladder_rules, oversight_ladder

    lad = oversight_ladder(case)
    de = _ladder_rules(case.codebook)[1]
    return pd.DataFrame({"date": lad["date_lo"], "stage": lad["in_force"],
                         "shade": lad["in_force"].where(lad["in_force"] != de, 1),
                         "type": lad["type"], "id": lad["event"]})


def _period(case):
    per = case.meta.get("period", {}) or {}
    return _interval(per.get("start"))[0], _interval(per.get("end"))[1]


def _lanes(intervals):
    """Lane of each (start, end) interval, in order: the first lane free by its start (greedy)."""
    ends, out = [], []
    for a, b in intervals:
        lane = next((i for i, e in enumerate(ends) if e <= a), len(ends))
        if lane == len(ends):
            ends.append(b)
        else:
            ends[lane] = b
        out.append(lane)
    return out


def _short_label(text, width=30):
    """A codebook label without its parenthetical examples, wrapped to at most two lines."""
    short = re.sub(r"\s*\([^)]*\)", "", str(text)).strip() or str(text)
    return "\n".join(textwrap.wrap(short, width=width, max_lines=2, placeholder="…"))


def _event_label(case, t):
    labels = case.codebook.event_types.get("label", pd.Series(dtype=object))
    label = labels.get(t)
    return _short_label(label if isinstance(label, str) and label else t)


def timeline_key(case):
    """The numbered key of the event markers of :func:`timeline`, for its caption.

    Parameters
    ----------
    case : govnet.Case

    Returns
    -------
    pandas.DataFrame
        Columns ``number`` (as drawn beside the marker), ``id``, ``date``, ``type`` (the short
        codebook label) and ``description``; one row per dated event, in date order.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> key = timeline_key(example_case())
    >>> list(key.columns), key["number"].tolist() == list(range(1, len(key) + 1))
    (['number', 'id', 'date', 'type', 'description'], True)
    """
    ev = case.events[case.events["date_lo"].notna()].sort_values(["date_lo", "id"])
    return pd.DataFrame({
        "number": range(1, len(ev) + 1),
        "id": ev["id"].astype(str).tolist(),
        "date": ev["date"].astype(str).tolist(),
        "type": [_event_label(case, t).replace("\n", " ") for t in ev["type"]],
        "description": ev["description"].astype(object).where(ev["description"].notna(), "").tolist(),
    })


def _key_tenures(case, key_tiers):
    """Tenures of posts whose tier is in ``key_tiers``, and those posts in tier then id order."""
    actors = case.actors.set_index("id")
    ten = case.tenures
    if not len(ten):
        return ten, []
    post_tier = ten["post"].map(actors["tier"].to_dict())
    post_kind = ten["post"].map(actors["kind"].to_dict())
    ten = ten[post_tier.isin(list(key_tiers)).fillna(False) & post_kind.eq("post").fillna(False)]
    return ten, sorted(ten["post"].unique().tolist(), key=lambda p: (int(actors.loc[p, "tier"]), p))


def _fits(ax, text, renderer, others=()):
    """True when a drawn text lies inside the axes and clear of ``others`` (2 px apart)."""
    box = text.get_window_extent(renderer).padded(2)
    inside = ax.get_window_extent(renderer)
    if box.x0 < inside.x0 or box.x1 > inside.x1 or box.y0 < inside.y0 or box.y1 > inside.y1:
        return False
    return not any(box.overlaps(o.get_window_extent(renderer)) for o in others)


def _fit_text(ax, x, y, candidates, renderer, width=None, **kw):
    """Draw the first of ``candidates`` that fits (inside the axes, at most ``width`` px)."""
    for s in candidates:
        if s.strip("… ") == "":
            continue
        t = ax.text(x, y, s, **kw)
        box = t.get_window_extent(renderer)
        if _fits(ax, t, renderer) and (width is None or box.width + 4 <= width):
            return t
        t.remove()
    return None


def _draw_ladder(ax, case, lo, hi, renderer):
    """The oversight ladder as one band per stage in force, labelled where the label fits."""
    steps = _ladder_steps(case)
    names = case.codebook.ladder
    cmap = mpl.colormaps["YlOrRd"]
    xs, stages, shades = [lo], [0], [0]
    for date, st, shade in zip(steps["date"], steps["stage"], steps["shade"], strict=True):
        if st != stages[-1]:
            xs.append(max(date, lo))
            stages.append(_stage(st))
            shades.append(_stage(shade))
    xs.append(hi)
    to_px = ax.transData.transform
    for st, shade, a, b in zip(stages, shades, xs[:-1], xs[1:], strict=True):
        x0, x1 = mpl.dates.date2num(a), mpl.dates.date2num(b)
        if x1 <= x0:
            continue
        # de-escalation is a step down: drawn light (its shade), whatever its stage number
        ax.add_patch(Rectangle((x0, -0.4), x1 - x0, 0.8, color=cmap(0.1 + 0.18 * shade), lw=0,
                               zorder=1, gid=f"ladder:{st}"))
        width = to_px((x1, 0))[0] - to_px((x0, 0))[0]
        _fit_text(ax, (x0 + x1) / 2, 0, [_plain(f"{st} {names.get(st, '')}".strip()), str(st)],
                  renderer, width=width, ha="center", va="center", fontsize=8, zorder=2)


def _px(ax, date):
    return ax.transData.transform((mpl.dates.date2num(date), 0))[0]


def _number_label(ax, x, y, text, renderer, others):
    """A marker's number right of it, or left where it would leave the axes or hit ``others``."""
    for ha, dx in (("left", 5), ("right", -5)):
        label = ax.annotate(text, (mpl.dates.date2num(x), y), xytext=(dx, 4),
                            textcoords="offset points", ha=ha, va="bottom", fontsize=8,
                            zorder=4, color="#333333")
        if _fits(ax, label, renderer, others) or ha == "right":
            return label
        label.remove()


def _draw_events(ax, case, types, renderer):
    """Event markers by type, numbered as in :func:`timeline_key`; close numbers share a label."""
    number = timeline_key(case).set_index("id")["number"]
    ev = case.events[case.events["date_lo"].notna()].sort_values(["date_lo", "id"])
    markers = "ov^s<>Dph*PX"
    for i, t in enumerate(types):
        y = 1 + i
        sel = ev[ev["type"] == t]
        ax.scatter(sel["date_lo"], np.full(len(sel), y), marker=markers[i % len(markers)], s=36,
                   color="#333333", zorder=3, gid=f"event:{t}", label=t)
        shown, anchor = [], []  # labels drawn, and the date of each label's first marker
        for x, eid in zip(sel["date_lo"], sel["id"], strict=True):
            label = _number_label(ax, x, y, str(number[eid]), renderer, shown)
            near = anchor and abs(_px(ax, x) - _px(ax, anchor[-1])) < 8  # markers overlap
            if shown and (near or not _fits(ax, label, renderer, shown)):  # join the last label
                label.remove()
                last = shown.pop()
                last.remove()
                x = anchor.pop()
                label = _number_label(ax, x, y, f"{last.get_text()}, {number[eid]}", renderer,
                                      shown)
            shown.append(label)
            anchor.append(x)


def _tenure_bar(ax, r, lo, hi, y0, h, face, renderer, holder, small):
    """One holding: a faded bar over its whole possible span, solid where the dates are known.

    Empty ``start`` (since before the period) draws from the period start; an end that is not
    given is uncertain, as is the spread of a partial date (``2023`` = some time in 2023).
    """
    a = r.start_lo if pd.notna(r.start_lo) else lo
    b = r.end_hi if pd.notna(r.end_hi) else hi
    a, b = max(a, lo), min(b, hi)
    if b <= a:
        return
    sure_a = r.start_hi if pd.notna(r.start_hi) else lo
    sure_b = r.end_lo if pd.notna(r.end_lo) else sure_a  # end not given: known only to start
    interim = bool(r.interim) if pd.notna(r.interim) else False
    hatch = "///" if interim else None
    x0, x1 = mpl.dates.date2num(a), mpl.dates.date2num(b)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, h, facecolor=face, alpha=0.35, edgecolor="#333333",
                           lw=0.6, ls=(0, (2, 2)), hatch=hatch, zorder=2, gid=f"tenure:{r.id}"))
    s0, s1 = mpl.dates.date2num(max(sure_a, a)), mpl.dates.date2num(min(sure_b, b))
    if s1 > s0:
        ax.add_patch(Rectangle((s0, y0), s1 - s0, h, facecolor=face, edgecolor="#333333", lw=0.6,
                               hatch=hatch, zorder=2, gid=f"tenure-known:{r.id}"))
    width = ax.transData.transform((x1, 0))[0] - ax.transData.transform((x0, 0))[0]
    name = str(holder)
    _fit_text(ax, (x0 + x1) / 2, y0 + h / 2,
              [_plain(t) for t in [name, *(textwrap.shorten(name, k, placeholder="…")
                                           for k in (30, 20, 12, 6))]],
              renderer, width=width, ha="center", va="center", fontsize=7 if small else 8,
              zorder=3)


def _tenure_legend(ax, interim):
    face, edge = COLORS["officer"], "#333333"
    handles = [Patch(facecolor=face, edgecolor=edge, lw=0.6, label="holding, dates known"),
               Patch(facecolor=face, alpha=0.35, edgecolor=edge, lw=0.6, ls=(0, (2, 2)),
                     label="end not given, or date known only to the year or month")]
    if interim:
        handles.append(Patch(facecolor="white", edgecolor=edge, lw=0.6, hatch="///",
                             label="interim"))
    below_ticks = mpl.transforms.offset_copy(ax.transAxes, fig=ax.figure, y=-24, units="points")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=below_ticks, ncol=3, fontsize=8)


def _draw_tenures(ax, case, ten, posts, first_row, lo, hi, renderer):
    actors = case.actors.set_index("id")
    for j, p in enumerate(posts):
        y = first_row + j
        rows = ten[ten["post"] == p].sort_values(["start_lo", "id"])
        spans = [((r.start_lo if pd.notna(r.start_lo) else lo), (r.end_hi if pd.notna(r.end_hi) else hi))
                 for r in rows.itertuples(index=False)]
        lanes = _lanes(spans)  # overlapping holders share the row
        n_lanes = max(lanes, default=0) + 1
        h = 0.6 / n_lanes
        face = COLORS["officer"] if actors.loc[p, "side"] == "officer" else COLORS["member"]
        for r, lane in zip(rows.itertuples(index=False), lanes, strict=True):
            _tenure_bar(ax, r, lo, hi, y - 0.3 + lane * h, h, face, renderer,
                        actors["name"].get(r.actor, r.actor), n_lanes > 1)


def timeline(case, ax=None, key_tiers=(1, 2), title=None):
    """Events by type, the oversight ladder as a band, and tenures of key posts as bars.

    The ladder band shows each stage in force, labelled with its number and name where that fits
    (else the number alone). Event markers carry the numbers of :func:`timeline_key` (markers
    too close to label apart share one label). A holding is a faded, dashed bar over the span it
    may cover and solid where its dates are known: an end not given, or the spread of a partial
    date, stays faded; interim holdings are hatched. Row names are the codebook labels without
    their examples. No text overprints another or leaves the axes. The time axis is the case
    period, widened to any event dated outside it.

    Parameters
    ----------
    case : govnet.Case
    ax : matplotlib.axes.Axes, optional
    key_tiers : tuple of int
        Tenures of posts whose role has one of these tiers are drawn.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The ladder band is the top row ("oversight ladder"), one row per event type below it and
        one bar row per key post.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> ax = timeline(example_case())
    >>> ax.get_yticklabels()[0].get_text()
    'oversight ladder'
    >>> plt.close("all")
    """
    plo, phi = _period(case)  # holdings open at either end run to the case period's ends
    ev = case.events
    lo, hi = min(plo, ev["date_lo"].min(skipna=True)), max(phi, ev["date_lo"].max(skipna=True))
    ten, posts = _key_tenures(case, key_tiers)
    types = sorted(ev["type"].dropna().unique().tolist()) if len(ev) else []
    nrows = len(types) + len(posts) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.42 * nrows + 1.6))
    pad = (hi - lo) * 0.015
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(nrows - 0.5, -0.6)
    renderer = ax.figure.canvas.get_renderer()
    _draw_ladder(ax, case, lo, hi, renderer)
    _draw_events(ax, case, types, renderer)
    _draw_tenures(ax, case, ten, posts, 1 + len(types), plo, phi, renderer)
    actors = case.actors.set_index("id")
    ylabels = (["oversight ladder"] + [_event_label(case, t) for t in types]
               + [_short_label(actors["name"].get(p, p)) for p in posts])
    ax.set_yticks(range(nrows), [_plain(s) for s in ylabels])
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", color="#EEEEEE", lw=0.6)
    if len(types):
        ax.axhline(0.5, color="#999999", lw=0.6)
    if len(posts):
        ax.axhline(len(types) + 0.5, color="#999999", lw=0.6)
        _tenure_legend(ax, bool(ten["interim"].eq(True).any()))
    ax.set_title(_plain(title) if title else f"{_plain(case.meta.get('title', case.id))}: events, "
                 "oversight ladder, key posts", wrap=True)
    return ax


#: Human labels of the measures of :func:`govnet.trajectory`, for legends and alt text.
_MEASURE_LABELS = {
    "n_observations": "Observations",
    "n_ties": "Ties",
    "n_actors": "Actors with ties",
    "mean_sign": "Climate of all ties (mean sign)",
    "share_negative": "Share of ties that are negative",
    "interface_n_ties": "Member–officer ties",
    "interface_mean_sign": "Interface climate (mean sign)",
}


def _measure_label(m):
    return _MEASURE_LABELS.get(m, str(m).replace("_", " "))


def trajectory(df, ax=None, case=None, measures=None, title=None):
    """Measures over time from a tidy table, with event markers.

    Each value is drawn at the middle of the period (or era) it measures, so it lines up with
    the events dated inside that period; the legend gives the measures' human labels.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``date``, ``measure``, ``value`` and optionally ``end`` (as ``govnet.trajectory``
        returns: period start and end); without ``end``, ``date`` may be timestamps (drawn as
        they are) or partial-date strings (drawn at the middle of their interval).
    ax : matplotlib.axes.Axes, optional
    case : govnet.Case, optional
        When given, its events of ladder stage >= 1 and changes of control are marked as vertical
        lines, labelled with the event type.
    measures : list of str, optional
        Measures to draw (default: all, sorted).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per measure (``Line2D`` with ``gid="measure:<name>"``).

    Examples
    --------
    >>> df = pd.DataFrame({"date": ["2021", "2022", "2021", "2022"],
    ...                    "measure": ["a", "a", "mean_sign", "mean_sign"], "value": [1, 0.5, -1, 0]})
    >>> ax = trajectory(df)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['a', 'Climate of all ties (mean sign)']
    >>> mpl.dates.num2date(ax.lines[0].get_xdata()[0]).strftime("%Y-%m-%d")  # mid 2021
    '2021-07-02'
    >>> plt.close("all")
    """
    for c in ("date", "measure", "value"):
        if c not in df.columns:
            raise ParameterError(f"trajectory needs columns date, measure, value; missing {c!r}")
    d = df.copy()
    d["x"] = _midpoints(d)
    names = measures or sorted(d["measure"].astype(str).unique())
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    styles = ["-", "--", "-.", ":"]
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    for i, m in enumerate(names):
        s = d[d["measure"].astype(str) == m].sort_values("x")
        ax.plot(mpl.dates.date2num(s["x"]), s["value"].astype(float), marker="o", ms=4,
                ls=styles[i % 4], color=palette[i % len(palette)], label=_measure_label(m),
                gid=f"measure:{m}")
    if case is not None:
        ev = case.events
        stage = ev["type"].map(case.codebook.event_types["ladder_stage"].to_dict())
        mark = ev[stage.notna() | ev["type"].eq("change-of-control")].sort_values(["date_lo", "id"])
        ymax = ax.get_ylim()[1]
        for r in mark.itertuples(index=False):
            x = mpl.dates.date2num(r.date_lo)
            ax.axvline(x, color="#999999", lw=0.7, ls=":", zorder=0, gid=f"event:{r.id}")
            ax.text(x, ymax, " " + _plain(_event_label(case, r.type).replace("\n", " ")), rotation=90,
                    va="top", ha="left", fontsize=7, color="#555555")
    ax.xaxis_date()
    ax.axhline(0, color="#BBBBBB", lw=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_ylabel("value")
    ax.set_title(_plain(title or "Measures over time"))
    return ax


#: The panels of :func:`cross_case`: measure -> common y range (None: each panel its own).
_CROSS_CASE_MEASURES = {
    "interface climate": (-1.1, 1.1), "member→officer climate": (-1.1, 1.1),
    "officer→member climate": (-1.1, 1.1), "normalised balance (1 = balanced)": (-0.05, 1.05),
    "camps ~ side (ARI)": (-0.6, 1.1), "ladder stage": (-0.3, 5.3), "departures": None,
    "interim share": (-0.05, 1.05)}  # fmt: skip


def cross_case(table, periods=None):
    """Headline measures of several cases side by side: a panel per measure, a line per case.

    Eight panels (the climate of the interface and of each direction across it, normalised
    balance, how far camps follow the sides, the oversight ladder stage, departures from key
    posts and the share of interim posts) on common axes: years from the start of each case's
    period, and one y range per measure for every case. The ladder stage is drawn as steps.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``case``, ``case_time``, ``measure`` and ``value``, as
        :func:`govnet.report.cross_case_table` returns; other measures are not drawn.
    periods : dict, optional
        case id -> its period (e.g. ``"2021–2024"``), shown after the id in the legend.

    Returns
    -------
    matplotlib.figure.Figure
        A 2 by 4 grid of Axes, titled with the measures, and one figure legend of the cases.

    Examples
    --------
    >>> from govnet import report
    >>> from govnet.datasets import example_case
    >>> results = {"example": report.headline_results(example_case(), n_null=1)}
    >>> fig = cross_case(report.cross_case_table(results), {"example": "2020–2023"})
    >>> [ax.get_title() for ax in fig.axes][:2], [t.get_text() for t in fig.legends[0].texts]
    (['interface climate', 'member→officer climate'], ['example (2020–2023)'])
    >>> plt.close(fig)
    """
    periods = periods or {}
    # one style per case for the whole figure, so that a case missing from a panel shifts
    # no other case's colour, and every case is in the legend
    cases = sorted(table.loc[table["measure"].isin(list(_CROSS_CASE_MEASURES)), "case"].unique())
    style = {cid: {"marker": "o", "ls": ["-", "--", "-.", ":"][i % 4],
                   "color": COLORS[["positive", "negative", "camp1", "camp0"][i % 4]],
                   "label": _plain(f"{cid} ({periods[cid]})" if cid in periods else str(cid))}
             for i, cid in enumerate(cases)}
    fig, axes = plt.subplots(2, 4, figsize=(17, 7.5), sharex=True)
    for ax, (m, ylim) in zip(axes.flat, _CROSS_CASE_MEASURES.items(), strict=True):
        sub = table[table["measure"] == m].dropna(subset=["value"])
        for cid, g in sub.groupby("case", sort=True):
            ax.plot(g["case_time"], g["value"], **style[cid],
                    drawstyle="steps-post" if m == "ladder stage" else "default")
        ax.set_title(m)
        if ylim:
            ax.set_ylim(*ylim)
        ax.axhline(0, color="#BBBBBB", lw=0.6)
    for ax in axes[-1]:
        ax.set_xlabel("years from the start of the case period")
    handles = [Line2D([], [], **style[cid]) for cid in cases]
    fig.legend(handles=handles, loc="lower center", ncol=max(len(handles), 1))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def _midpoints(d):
    """The middle of each row's period: (date + end) / 2, or of a partial date's interval."""
    out = []
    ends = d["end"] if "end" in d.columns else pd.Series(pd.NaT, index=d.index)
    for v, e in zip(d["date"], ends, strict=True):
        if pd.notna(e):
            a, b = pd.Timestamp(v), pd.Timestamp(e)
        elif isinstance(v, str):
            a, b = _interval(v)
        else:
            a = b = pd.Timestamp(v)
        out.append(a + (b - a) / 2)
    return pd.to_datetime(pd.Series(out, index=d.index))


# --------------------------------------------------------------------------- words


def _n(k, word, plural=None):
    """'1 tie', '2 ties'."""
    return f"{k} {word if k == 1 else plural or word + 's'}"


def _signed(v):
    return f"{v:+.2f}".replace("-", "−")


def _graph_sentences(H):
    """What a network shows: actors, ties by sign, who the negative ties involve, the interface."""
    ties = [(u, v, int(s)) for u, v, s in H.edges(data="sign") if u != v]
    signs = [s for *_, s in ties]
    neg = signs.count(-1)
    counts = [f"{signs.count(1)} positive", f"{neg} negative"]
    if signs.count(0):
        counts.append(f"{signs.count(0)} neutral (sign 0)")
    out = [f"{_n(len(H), 'actor')} and {_n(len(ties), 'tie')}"
           + (f": {', '.join(counts)}." if ties else ".")]
    if neg:
        party = {}
        for u, v, s in ties:
            for n in (u, v) if s == -1 else ():
                party[n] = party.get(n, 0) + 1
        out.append(_most_negative(H, party, neg))
    sides = {"member", "officer"}
    cross = [s for u, v, s in ties if {_slot(H, u)[0], _slot(H, v)[0]} == sides]
    if len(cross) == 1:
        word = {1: "positive", -1: "negative", 0: "neutral"}[cross[0]]
        out.append(f"1 tie crosses the member–officer interface; it is {word}.")
    elif cross:
        out.append(f"{len(cross)} ties cross the member–officer interface, "
                   f"{cross.count(-1)} of them negative.")
    return " ".join(out)


def _most_negative(H, party, neg):
    """Who is party to the most negative ties: one name, a few sharing the top, or none."""
    top = max(party.values())
    names = sorted(str(_attr(H, n, "name", n)) for n, k in party.items() if k == top)
    if len(names) == 1:
        return f"{names[0]} is party to {top} of the {neg} negative ties."
    if len(names) <= 3:
        return f"{', '.join(names[:-1])} and {names[-1]} are party to {top} negative ties each."
    return f"No actor stands out: {len(names)} actors are party to {top} negative ties each."


_LAYOUT_WORDS = ("Members stand left of the interface line, officers right of it, external bodies "
                 "in the band on top; seniority tiers run in rows from the key dyad down.")


def _describe_network(G, when=None):
    H = _collapse(G)
    at = f" in {when}" if when is not None else ""
    return f"Network{at} of {_graph_sentences(H)} {_LAYOUT_WORDS}"


def _describe_network_panels(graphs, key_tiers=(1,)):
    parts = [f"{title}: {_graph_sentences(_panel_graph(_collapse(g), key_tiers))}"
             for title, g in graphs.items()]
    return (f"The network at {_n(len(graphs), 'date')}, one panel per date, each showing the "
            f"actors with a tie at that date and the key dyad. {_LAYOUT_WORDS} " + " ".join(parts))


def _span_words(r):
    start = f"from {r.start}" if pd.notna(r.start) else "from before the period"
    end = f"to {r.end}" if pd.notna(r.end) else "end not given"
    return f"{start}, {end}" + (", interim" if pd.notna(r.interim) and bool(r.interim) else "")


def _describe_timeline(case, key_tiers=(1, 2)):
    lo, hi = _period(case)
    names = case.codebook.ladder
    steps, last = [], 0
    for date, st in zip(_ladder_steps(case)["date"], _ladder_steps(case)["stage"], strict=True):
        if st != last:
            steps.append(f"stage {st} ({names.get(st, '')}) from {date:%Y-%m}")
            last = st
    ladder = ("the oversight ladder reaches " + ", ".join(steps)) if steps else \
        "the oversight ladder stays at stage 0 (none)"
    key = timeline_key(case)
    out = [f"Timeline of {case.meta.get('title', case.id)}, {lo:%Y} to {hi:%Y}: {ladder}; "
           f"{_n(len(key), 'event')} of {_n(key['type'].nunique(), 'type')}, numbered in date "
           "order."]
    ten, posts = _key_tenures(case, key_tiers)
    actors = case.actors.set_index("id")
    for p in posts:
        held = [f"{actors['name'].get(r.actor, r.actor)} ({_span_words(r)})"
                for r in ten[ten["post"] == p].sort_values(["start_lo", "id"]).itertuples()]
        out.append(f"{actors['name'].get(p, p)}: {'; '.join(held)}.")
    return " ".join(out)


def _describe_trajectory(df, measures=None):
    d = df.assign(x=_midpoints(df))
    names = measures or sorted(d["measure"].astype(str).unique())
    out = [f"Values of {_n(len(names), 'measure')} per period, drawn at the middle of each period, "
           f"{d['x'].min():%Y} to {d['x'].max():%Y}."]
    for m in names:
        s = d[d["measure"].astype(str) == m].sort_values("x")
        vals = ", ".join(f"{x:%Y}: {'no value' if pd.isna(v) else _signed(float(v))}"
                         for x, v in zip(s["x"], s["value"], strict=True))
        out.append(f"{_measure_label(m)}: {vals}.")
    return " ".join(out)


def _describe_cross_case(table, periods=None):
    cases = list(periods) if periods else sorted(table["case"].astype(str).unique())
    return (f"{len(_CROSS_CASE_MEASURES)} panels, one per measure "
            f"({', '.join(_CROSS_CASE_MEASURES)}), each case a line over the years of its period: "
            f"{', '.join(cases)}.")


def _describe_interface_matrix(G, by="tier", layers=("informal",)):
    tab = sign_matrix(G, by=by, layers=layers)
    if tab.empty:
        return "Heat map of the mean sign of ties between groups: no ties."
    low = tab.sort_values(["mean_sign", "ties"], ascending=[True, False], kind="stable").iloc[0]
    high = tab.sort_values(["mean_sign", "ties"], ascending=[False, False], kind="stable").iloc[0]

    def cell(r):
        return f"{r['from']} to {r['to']} ({_signed(r['mean_sign'])}, {_n(int(r['ties']), 'tie')})"

    return (f"Heat map of the mean sign of ties from one group (rows) to another (columns), "
            f"{_n(len(tab), 'pair')} of groups with ties; lowest {cell(low)}, highest {cell(high)}.")


_DESCRIBE = {
    "network": _describe_network,
    "network_panels": _describe_network_panels,
    "timeline": _describe_timeline,
    "trajectory": _describe_trajectory,
    "cross_case": _describe_cross_case,
    "interface_matrix": _describe_interface_matrix,
}


def describe(kind, data, **options):
    """Alt text for a figure: what it shows, in words, computed from the data it draws.

    Parameters
    ----------
    kind : {"network", "network_panels", "timeline", "trajectory", "cross_case", "interface_matrix"}
        The figure function the text is for.
    data
        What was given to that function: a graph; a dict title -> graph; a case; a trajectory
        table; a cross-case table; a graph.
    **options
        ``when`` (network: the date it shows); ``key_tiers`` (network_panels, timeline);
        ``measures`` (trajectory); ``periods`` (cross_case); ``by`` and ``layers``
        (interface_matrix) -- as passed to the figure function.

    Returns
    -------
    str
        Plain sentences for an image's ``alt`` attribute (counts, names, dates; no markup).

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> describe("network", example_case().graph(at="2022"), when="2022").split(". ")[0]
    'Network in 2022 of 12 actors and 18 ties: 9 positive, 6 negative, 3 neutral (sign 0)'
    """
    if kind not in _DESCRIBE:
        raise ParameterError(f"describe: unknown figure kind {kind!r}; use one of {sorted(_DESCRIBE)}")
    return _DESCRIBE[kind](data, **options)
