"""Publication figures: signed networks with a role-aware layout, timelines, trajectories, heat maps."""

from __future__ import annotations

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
    "trajectory",
    "interface_matrix",
    "interface_matrix_panels",
    "sign_matrix",
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


def show(fig, dpi=150):
    """Render a figure once: show it in the notebook and return the PNG for the report.

    The figure is drawn to PNG exactly as :func:`savefig` would write it, displayed at the
    size matplotlib's inline backend would use (``figure.dpi``), and closed; keep the returned
    bytes and pass them to :func:`govnet.casestudy.write_outputs`, which writes them as they
    are. ``plt.show()`` followed by ``savefig`` draws every figure twice (and a tight bounding
    box draws it twice more): most of a report's plotting time.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution of the PNG.

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
                      width=round(width * float(mpl.rcParams["figure.dpi"]) / dpi)))
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
        a = acc.setdefault((u, v), ([], []))
        a[0].append(int(d["sign"]))
        a[1].append(d.get("layer", "informal"))
    for (u, v), (signs, layers) in sorted(acc.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        sign, layer = _carried_sign(signs, layers)
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


def _plain(text):
    r"""``text`` drawn as written: ``$`` escaped (``\$``), so names never start mathtext.

    Matplotlib reads text between two ``$`` as mathtext, and fails the whole figure on a name
    such as ``$\x$``; an escaped ``\$`` is drawn as a dollar sign.
    """
    return str(text).replace("$", r"\$")


def _label(G, n, width=16):
    name = str(_attr(G, n, "name", n))
    return _plain("\n".join(textwrap.wrap(name, width=width, max_lines=3, placeholder="…"))
                  or str(n))


def _sort_key(G, n):
    kind_rank = {"person": 0, "post": 1, "group": 2, "organisation": 3}
    return (kind_rank.get(_attr(G, n, "kind"), 4), str(_attr(G, n, "name", n)), str(n))


def interface_layout(G, per_row=4, dx=2.0, dy=1.25):
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


def _interface_layout(G, per_row=4, dx=2.0, dy=1.25):
    buckets = {}
    for n in G.nodes:
        side = _attr(G, n, "side", "external")
        if side not in _SIDE_ORDER:
            side = "external"
        tier = None if side == "external" else _tier(G, n)
        buckets.setdefault((side, tier), []).append(n)
    pos, rows = {}, []
    y = 0.0
    # external band on top, centred, wider rows
    ext = sorted(buckets.pop(("external", None), []), key=lambda n: _sort_key(G, n))
    if ext:
        width = max(per_row * 2, 6)
        chunks = [ext[i : i + width] for i in range(0, len(ext), width)]
        top = y
        for chunk in chunks:
            xs = (np.arange(len(chunk)) - (len(chunk) - 1) / 2) * dx
            for n, x in zip(chunk, xs, strict=True):
                pos[n] = (float(x), y)
            y -= dy
        rows.append(("external", top + dy / 2, y + dy / 2))
        y -= dy * 0.6
    tiers = sorted({t for (_, t) in buckets}, key=lambda t: (t is None, t if t is not None else 0))
    for t in tiers:
        top = y
        lists = {
            s: sorted(buckets.get((s, t), []), key=lambda n: _sort_key(G, n))
            for s in ("member", "officer", "mixed")
        }
        nsub = max(
            1,
            *(int(np.ceil(len(lists[s]) / per_row)) for s in ("member", "officer")),
            int(np.ceil(len(lists["mixed"]) / 2)),
        )
        for s, ns in lists.items():
            for i, n in enumerate(ns):
                if s == "mixed":
                    sub, x = i, 0.0
                else:
                    sub, col = divmod(i, per_row)
                    stagger = (sub % 2) * dx / 2
                    x = (col + 0.75) * dx + stagger
                    x = -x if s == "member" else x
                pos[n] = (float(x), y - sub * dy)
        y -= nsub * dy
        rows.append((t, top + dy / 2, y + dy / 2))
        y -= dy * 0.3
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
    pairs are drawn as two bent arrows; ties along a row bend around the nodes in between.

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
        Fixed positions (overrides ``layout``), e.g. shared across small multiples.

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
    rows = []
    if pos is None:
        if isinstance(layout, Mapping):
            pos = dict(layout)
        elif layout == "interface":
            pos, rows = _interface_layout(H)
        elif layout == "spring":
            pos = nx.spring_layout(H, seed=seed, k=1.5 / np.sqrt(max(len(H), 1)))
            pos = {n: (float(p[0]) * 8, float(p[1]) * 6) for n, p in pos.items()}
        else:
            raise ParameterError(f"unknown layout {layout!r}; use 'interface', 'spring' or a dict")
    else:
        pos = dict(pos)
        if layout == "interface":
            _, rows = _interface_layout(H)
    missing = sorted(str(n) for n in H.nodes if n not in pos)
    if missing:
        raise ParameterError(f"no position for nodes: {', '.join(missing[:5])}")
    xs = np.array([pos[n][0] for n in H.nodes]) if len(H) else np.array([0.0])
    ys = np.array([pos[n][1] for n in H.nodes]) if len(H) else np.array([0.0])
    if ax is None:
        _, ax = plt.subplots(figsize=_fig_size(xs.max() - xs.min(), ys.max() - ys.min()))
    camp_of = _camp_map(camps)
    camp_labels = sorted({camp_of[n] for n in H.nodes if n in camp_of}, key=str)

    # guides: interface line, tier rows, external band
    if rows:
        x0, x1 = xs.min() - 1.6, xs.max() + 1.6
        for t, top, bottom in rows:
            if t == "external":
                ax.add_patch(
                    Rectangle((x0, bottom), x1 - x0, top - bottom, color="#F2F2F2", zorder=0, lw=0)
                )
                ax.text(x0 + 0.1, top - 0.1, "external bodies", va="top", ha="left", fontsize=7,
                        color="#555555", style="italic")
            else:
                ax.axhline(bottom, color="#E0E0E0", lw=0.6, zorder=0)
                ax.text(x0 + 0.1, top - 0.1, _TIER_LABEL.get(t, f"tier {t}"), va="top",
                        ha="left", fontsize=7, color="#555555", style="italic")
        council_top = max((top for t, top, _ in rows if t != "external"), default=None)
        if council_top is not None:
            bottom = min(b for _, _, b in rows)
            ax.plot([0, 0], [bottom, council_top], color="#AAAAAA", lw=0.8, ls=(0, (2, 2)), zorder=0)
            for x, ha, text in ((-0.3, "right", "← Members"), (0.3, "left", "Officers →")):
                ax.text(x, council_top, text, ha=ha, va="center", fontsize=8, weight="bold", zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})

    counts = _draw_edges(ax, H, pos, node_size)

    nodes = sorted(H.nodes, key=str)
    for kind, marker in _MARKERS.items():
        sel = [n for n in nodes if _attr(H, n, "kind", "person") == kind]
        if not sel and kind != "person":
            continue
        if kind == "person":
            sel += [n for n in nodes if _attr(H, n, "kind", "person") not in _MARKERS]
        if not sel:
            continue
        face = [COLORS.get(_attr(H, n, "side", "external"), "#FFFFFF") for n in sel]
        edgec = [
            COLORS[f"camp{camp_labels.index(camp_of[n]) % 4}"] if n in camp_of else "#555555"
            for n in sel
        ]
        lw = [2.6 if n in camp_of else 0.8 for n in sel]
        ax.scatter(
            [pos[n][0] for n in sel],
            [pos[n][1] for n in sel],
            s=node_size,
            marker=marker,
            c=face,
            edgecolors=edgec,
            linewidths=lw,
            zorder=3,
            gid=f"nodes:{kind}",
        )
    if labels:
        for n in nodes:
            ax.annotate(
                _label(H, n),
                pos[n],
                xytext=(0, -np.sqrt(node_size) / 2 - 2),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=6.5,
                zorder=4,
                linespacing=0.95,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75},
            )
    if legend:
        _network_legend(ax, H, counts, camp_labels)
    ax.set_aspect("auto")
    ax.set_xlim(xs.min() - 1.7, xs.max() + 1.7)
    ax.set_ylim(ys.min() - 1.0, ys.max() + 0.8)
    ax.set_axis_off()
    if title:
        ax.set_title(_plain(title))
    return ax


def _fig_size(xrange, yrange):
    return (min(max(8.0, xrange * 0.75 + 3), 16), min(max(4.5, yrange * 0.85 + 3), 20))


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
                              label=_plain(_camp_name(c))))
    if handles and fig is not None:
        fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 8), fontsize=8,
                   handlelength=2.6, columnspacing=1.2)
    elif handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=min(len(handles), 6), fontsize=7, handlelength=2.6, columnspacing=1.2)


def network_panels(graphs, camps=None, ncols=None, seed=0, layout="interface", panel_size=None):
    """Small multiples: the network at several dates with the same node positions.

    Parameters
    ----------
    graphs : dict
        title (e.g. a date) -> graph, in the order to draw.
    camps : dict, optional
        title -> camps (as for :func:`network`) for panels that should show camps.
    ncols : int, optional
        Panels per row (default: 2, or 1 for a single graph).
    seed : int
        Seed for seeded layouts.
    layout : {"interface", "spring"}
        Computed once on the union of all graphs, so a node sits at the same place in every panel.
    panel_size : tuple of float, optional
        Inches per panel; by default the size :func:`network` would use for the union graph, so
        labels keep their size — shrunk (same aspect) where the whole figure would exceed 40
        inches on a side.

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
    collapsed = {k: _collapse(g) for k, g in graphs.items()}
    union = nx.DiGraph()
    for g in collapsed.values():
        union.add_nodes_from(g.nodes(data=True))
    if layout == "interface":
        pos = interface_layout(union)
    else:
        pos = nx.spring_layout(union, seed=seed)
        pos = {n: (float(p[0]) * 8, float(p[1]) * 6) for n, p in pos.items()}
    n = len(collapsed)
    if panel_size is None:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        panel_size = _fig_size(max(xs) - min(xs), max(ys) - min(ys))
    ncols = ncols or min(n, 2)
    nrows = int(np.ceil(n / ncols))
    # large councils: shrink the panels (same aspect) so the figure stays within 40 inches
    shrink = min(1.0, 40.0 / max(panel_size[0] * ncols, panel_size[1] * nrows))
    panel_size = (panel_size[0] * shrink, panel_size[1] * shrink)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                             squeeze=False)
    camps = camps or {}
    counts = {"solid": 0, "dashed": 0, "dotted": 0}
    camp_labels = set()
    edges_union = nx.DiGraph()
    edges_union.add_nodes_from(union.nodes(data=True))
    for i, (title, g) in enumerate(collapsed.items()):
        ax = axes.flat[i]
        network(g, ax=ax, pos=pos, layout=layout if layout == "interface" else pos,
                camps=camps.get(title), title=str(title), legend=False)
        for name, c in _style_counts(ax).items():
            counts[name] += c
        camp_labels |= {c for n, c in _camp_map(camps.get(title)).items() if n in g}
        edges_union.add_edges_from((u, v, {"layer": d.get("layer", "informal")})
                                   for u, v, d in g.edges(data=True))
        ax.set_xlim(min(p[0] for p in pos.values()) - 1.7, max(p[0] for p in pos.values()) + 1.7)
        ax.set_ylim(min(p[1] for p in pos.values()) - 1.0, max(p[1] for p in pos.values()) + 0.8)
    for ax in axes.flat[n:]:
        fig.delaxes(ax)
    _network_legend(axes.flat[0], edges_union, counts, sorted(camp_labels, key=str), fig=fig)
    fig.tight_layout(rect=(0, 0.05 if nrows == 1 else 0.03, 1, 1))
    return fig


def _style_counts(ax):
    out = {"solid": 0, "dashed": 0, "dotted": 0}
    for p in ax.patches:
        gid = str(p.get_gid())
        if gid.startswith("edge:"):
            out[gid.split(":")[1]] += 1
    return out


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
                        fontsize=7, color="white" if abs(val) > 0.6 else "black")
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
    """Small multiples of :func:`interface_matrix`: one heat map per graph, ``ncols`` per row.

    Parameters
    ----------
    graphs : dict
        title (e.g. a date) -> graph, in the order to draw.
    ncols : int
        Panels per row (fewer when there are fewer graphs).
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
    ncols = max(1, min(len(graphs), int(ncols)))
    nrows = -(-len(graphs) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 4.6 * nrows), squeeze=False)
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
    """Staged events (date, stage, type, id) from :func:`govnet.oversight_ladder`."""
    from .timeseries import oversight_ladder

    lad = oversight_ladder(case)
    return pd.DataFrame({"date": lad["date_lo"], "stage": lad["stage"].astype(int),
                         "type": lad["type"], "id": lad["event"]})


def _interval(value):
    """(first day, last day) of a partial date string such as '2003', '2003-05', '2003-05-06'."""
    s = str(value).strip()
    freq = {4: "Y", 7: "M"}.get(len(s), "D")
    p = pd.Period(s, freq=freq)
    return p.start_time.normalize(), p.end_time.normalize()


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


def timeline(case, ax=None, key_tiers=(1, 2), title=None):
    """Events by type, the oversight ladder as a band, and tenures of key posts as bars.

    Parameters
    ----------
    case : govnet.Case
    ax : matplotlib.axes.Axes, optional
    key_tiers : tuple of int
        Tenures of posts whose role has one of these tiers are drawn (interim holdings hatched).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The ladder band is the bottom row ("oversight ladder"), one row per event type above it and
        one bar row per key post.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> ax = timeline(example_case())
    >>> type(ax).__name__
    'Axes'
    >>> plt.close("all")
    """
    lo, hi = _period(case)
    actors = case.actors.set_index("id")
    ten = case.tenures.copy()
    if len(ten):
        post_tier = ten["post"].map(actors["tier"].to_dict())
        post_kind = ten["post"].map(actors["kind"].to_dict())
        ten = ten[post_tier.isin(list(key_tiers)).fillna(False) & post_kind.eq("post").fillna(False)]
    ev = case.events.sort_values(["date_lo", "id"])
    types = sorted(ev["type"].dropna().unique().tolist()) if len(ev) else []
    posts = sorted(ten["post"].unique().tolist(), key=lambda p: (int(actors.loc[p, "tier"]), p)) if len(ten) else []
    nrows = len(types) + len(posts) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.42 * nrows + 1.6))
    # ladder band (row 0)
    steps = _ladder_steps(case)
    ladder_names = case.codebook.ladder
    cmap = mpl.colormaps["YlOrRd"]
    xs = [lo] + steps["date"].tolist() + [hi]
    stages = [0] + steps["stage"].tolist()
    for i, st in enumerate(stages):
        a, b = xs[i], xs[i + 1]
        if b <= a:
            continue
        ax.add_patch(Rectangle((mpl.dates.date2num(a), -0.4), mpl.dates.date2num(b) - mpl.dates.date2num(a), 0.8,
                               color=cmap(0.1 + 0.18 * st), lw=0, zorder=1, gid=f"ladder:{st}"))
        ax.text(mpl.dates.date2num(a) + 3, 0, _plain(f"{st} {ladder_names.get(st, '')}"), va="center",
                fontsize=6.5, zorder=2, clip_on=True)
    ylabels = ["oversight ladder"]
    # events
    markers = "ov^s<>Dph*PX"
    for i, t in enumerate(types):
        y = 1 + i
        sel = ev[ev["type"] == t]
        ax.scatter(sel["date_lo"], np.full(len(sel), y), marker=markers[i % len(markers)], s=36,
                   color="#333333", zorder=3, gid=f"event:{t}", label=_plain(t))
        ylabels.append(case.codebook.event_types["label"].get(t, t) if "label" in case.codebook.event_types else t)
    # tenures
    for j, p in enumerate(posts):
        y = 1 + len(types) + j
        bars = []
        for r in ten[ten["post"] == p].sort_values(["start_lo", "id"]).itertuples(index=False):
            a = r.start_lo if pd.notna(r.start_lo) else lo
            b = r.end_hi if pd.notna(r.end_hi) else hi
            a, b = max(a, lo), min(b, hi)
            if b > a:
                bars.append((r, a, b))
        lanes = _lanes([(a, b) for _, a, b in bars])  # overlapping holders share the row
        n_lanes = max(lanes, default=0) + 1
        h = 0.6 / n_lanes
        for (r, a, b), lane in zip(bars, lanes, strict=True):
            interim = bool(r.interim) if pd.notna(r.interim) else False
            x0 = mpl.dates.date2num(a)
            w = mpl.dates.date2num(b) - x0
            y0 = y - 0.3 + lane * h
            ax.add_patch(Rectangle((x0, y0), w, h, facecolor="#8FD3B8" if actors.loc[p, "side"] == "officer" else "#F5C469",
                                   edgecolor="#333333", lw=0.6, hatch="///" if interim else None, zorder=2,
                                   gid=f"tenure:{r.id}"))
            holder = actors["name"].get(r.actor, r.actor)
            ax.text(x0 + w / 2, y0 + h / 2, _plain(textwrap.shorten(str(holder), width=max(int(w / 12), 4), placeholder="…")),
                    ha="center", va="center", fontsize=6.5 if n_lanes == 1 else 5.5, zorder=3, clip_on=True)
        ylabels.append(str(actors["name"].get(p, p)))
    ax.set_yticks(range(nrows), [_plain(textwrap.shorten(s, 38)) for s in ylabels])
    ax.set_ylim(nrows - 0.5, -0.6)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", color="#EEEEEE", lw=0.6)
    if len(types):
        ax.axhline(0.5, color="#999999", lw=0.6)
    if len(posts):
        ax.axhline(len(types) + 0.5, color="#999999", lw=0.6)
    ax.set_title(_plain(title or f"{case.meta.get('title', case.id)}: events, oversight ladder, "
                         "key posts"))
    return ax


def trajectory(df, ax=None, case=None, measures=None, title=None):
    """Measures over time from a tidy table, with event markers.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``date``, ``measure``, ``value`` (as ``govnet.trajectory`` returns); ``date`` may be
        timestamps or partial-date strings (drawn at the start of their interval).
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
    ...                    "measure": ["a", "a", "b", "b"], "value": [1, 0.5, -1, 0]})
    >>> ax = trajectory(df)
    >>> len([l for l in ax.lines if str(l.get_gid()).startswith("measure:")])
    2
    >>> plt.close("all")
    """
    for c in ("date", "measure", "value"):
        if c not in df.columns:
            raise ParameterError(f"trajectory needs columns date, measure, value; missing {c!r}")
    d = df.copy()
    d["x"] = _to_x(d["date"])
    names = measures or sorted(d["measure"].astype(str).unique())
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    styles = ["-", "--", "-.", ":"]
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    for i, m in enumerate(names):
        s = d[d["measure"].astype(str) == m].sort_values("x")
        ax.plot(s["x"], s["value"].astype(float), marker="o", ms=4, ls=styles[i % 4],
                color=palette[i % len(palette)], label=_plain(m), gid=f"measure:{m}")
    if case is not None:
        ev = case.events
        stage = ev["type"].map(case.codebook.event_types["ladder_stage"].to_dict())
        mark = ev[stage.notna() | ev["type"].eq("change-of-control")].sort_values(["date_lo", "id"])
        ymax = ax.get_ylim()[1]
        for r in mark.itertuples(index=False):
            ax.axvline(r.date_lo, color="#999999", lw=0.7, ls=":", zorder=0, gid=f"event:{r.id}")
            ax.text(r.date_lo, ymax, _plain(f" {r.type}"), rotation=90, va="top", ha="left", fontsize=6,
                    color="#555555")
    ax.axhline(0, color="#BBBBBB", lw=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_ylabel("value")
    ax.set_title(_plain(title or "Measures over time"))
    return ax


def _to_x(dates):
    out = []
    for v in dates:
        if isinstance(v, str):
            out.append(_interval(v)[0])
        else:
            out.append(pd.Timestamp(v))
    return pd.to_datetime(pd.Series(out, index=dates.index))
