"""Figures of govnet.plot: drawn elements match the graph, output is reproducible."""

import hashlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import govnet  # noqa: E402
import govnet.datasets  # noqa: E402
from govnet import plot  # noqa: E402
from govnet.exceptions import GraphConventionError, ParameterError  # noqa: E402

FOUNDING = ["waltham-forest", "southampton", "tower-hamlets"]


def _toy():
    """A hand-built case graph: 2 members, 2 officers, 1 external, 1 group; 3 +, 3 -, 2 zero-sign."""
    G = nx.DiGraph()
    for n, side, tier, kind in [
        ("leader", "member", 1, "person"),
        ("cabinet", "member", 2, "group"),
        ("ceo", "officer", 1, "person"),
        ("mo", "officer", 2, "post"),
        ("audit", "external", None, "organisation"),
        ("backbench", "member", 3, "group"),
    ]:
        G.add_node(n, name=n.title(), side=side, tier=tier, kind=kind, party=None, groups=[])
    G.add_edge("leader", "ceo", sign=-1, layer="informal")
    G.add_edge("ceo", "leader", sign=-1, layer="informal")
    G.add_edge("backbench", "ceo", sign=-1, layer="informal")
    G.add_edge("leader", "cabinet", sign=1, layer="informal")
    G.add_edge("ceo", "mo", sign=1, layer="formal")
    G.add_edge("audit", "ceo", sign=1, layer="informal")
    G.add_edge("audit", "leader", sign=0, layer="formal")
    G.add_edge("ceo", "cabinet", sign=0, layer="formal")
    return G


def _edges(ax):
    return [p for p in ax.patches if str(p.get_gid()).startswith("edge:")]


def _style_counts(ax):
    out = {"solid": 0, "dashed": 0, "dotted": 0}
    for p in _edges(ax):
        out[p.get_gid().split(":")[1]] += 1
    return out


def _sign_counts(G):
    H = plot._collapse(G)
    signs = [s for u, v, s in H.edges(data="sign") if u != v]  # self-loops are not drawn
    return {"solid": signs.count(1), "dashed": signs.count(-1), "dotted": signs.count(0)}


def _node_count(ax):
    return sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("nodes:"))


def _legend_labels(ax):
    leg = ax.get_legend()
    return [t.get_text() for t in leg.get_texts()] if leg else []


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_network_draws_one_styled_edge_per_tie_and_every_node():
    G = _toy()
    ax = plot.network(G)
    # worked by hand from _toy: 3 positive, 3 negative, 2 sign-0 ties; 6 nodes
    assert _style_counts(ax) == {"solid": 3, "dashed": 3, "dotted": 2}
    assert _node_count(ax) == 6
    # dashed edges are vermillion, solid ones blue; formal ties thinner than informal ones
    for p in _edges(ax):
        style, layer = p.get_gid().split(":")[1:]
        colour = matplotlib.colors.to_hex(p.get_edgecolor())
        if style == "dashed":
            assert colour == plot.COLORS["negative"].lower()
        if style == "solid":
            assert colour == plot.COLORS["positive"].lower()
        assert p.get_linewidth() == (0.9 if layer == "formal" else 1.8)
    labels = _legend_labels(ax)
    for expected in ["positive tie", "negative tie", "neutral tie (sign 0)", "formal (thin)",
                     "informal (thick)", "Members", "Officers", "External bodies",
                     "person", "post", "group", "organisation"]:
        assert expected in labels
    assert not any(lbl.startswith("camp") for lbl in labels)


def test_interface_layout_puts_members_left_officers_right_externals_on_top():
    G = _toy()
    pos = plot.interface_layout(G)
    assert all(pos[n][0] < 0 for n in ("leader", "cabinet", "backbench"))
    assert all(pos[n][0] > 0 for n in ("ceo", "mo"))
    assert pos["audit"][1] > max(pos[n][1] for n in G if n != "audit")
    # tiers in rows: tier 1 above tier 2 above tier 3
    assert pos["leader"][1] == pos["ceo"][1] > pos["cabinet"][1] == pos["mo"][1] > pos["backbench"][1]


def test_camps_drawn_as_outlines_with_legend_entries():
    G = _toy()
    ax = plot.network(G, camps={"leader": 0, "cabinet": 0, "ceo": 1, "mo": 1})
    labels = _legend_labels(ax)
    assert "camp A" in labels and "camp B" in labels  # camps 0 and 1 read as A and B
    widths = sorted(w for c in ax.collections if str(c.get_gid()).startswith("nodes:")
                    for w in c.get_linewidths())
    assert widths.count(2.6) == 4  # four nodes in camps get the thick outline


def test_multigraph_is_reduced_by_net_sign():
    M = nx.MultiDiGraph()
    for n in "ab":
        M.add_node(n, side="member", tier=3, kind="person", name=n)
    M.add_edge("a", "b", sign=1, layer="informal")
    M.add_edge("a", "b", sign=-1, layer="informal")
    M.add_edge("a", "b", sign=-1, layer="formal")
    M.add_edge("b", "a", sign=-1, layer="formal")
    ax = plot.network(M)
    # worked by hand, as case_graph aggregates: a->b carries the informal layer, 1 - 1 = 0
    # (the formal -1 does not net in) -> dotted; b->a is formal only, -1 -> dashed
    assert _style_counts(ax) == {"solid": 0, "dashed": 1, "dotted": 1}


def test_bad_graphs_and_layouts_give_clear_errors():
    G = nx.DiGraph()
    G.add_edge("a", "b")
    with pytest.raises(GraphConventionError, match="sign"):
        plot.network(G)
    with pytest.raises(ParameterError, match="layout"):
        plot.network(_toy(), layout="circle")


def test_network_is_deterministic_png(tmp_path):
    def render(name):
        ax = plot.network(_toy(), seed=3)
        p = plot.savefig(ax.figure, tmp_path / name)
        plt.close(ax.figure)
        return hashlib.sha256(p.read_bytes()).hexdigest()

    assert render("a.png") == render("b.png")
    with plot.style():
        ax = plot.network(_toy(), layout="spring", seed=3)
        p1 = [tuple(c.get_offsets()[0]) for c in ax.collections if c.get_gid() == "nodes:person"]
        ax2 = plot.network(_toy(), layout="spring", seed=3)
        p2 = [tuple(c.get_offsets()[0]) for c in ax2.collections if c.get_gid() == "nodes:person"]
    assert p1 == p2


def test_small_multiples_share_positions():
    G1, G2 = _toy(), _toy()
    G2.remove_edge("leader", "ceo")
    G2.add_node("new", name="New", side="officer", tier=3, kind="person")
    G2.add_edge("new", "ceo", sign=1, layer="informal")
    for G in (G1, G2):  # an actor without ties at a date is left out of that panel
        G.add_node("idle", name="Idle", side="officer", tier=3, kind="person")
    fig = plot.network_panels({"2021": G1, "2023": G2})
    assert len(fig.axes) == 2
    a1, a2 = fig.axes
    pos1 = {tuple(o) for c in a1.collections if str(c.get_gid()).startswith("nodes:") for o in c.get_offsets()}
    pos2 = {tuple(o) for c in a2.collections if str(c.get_gid()).startswith("nodes:") for o in c.get_offsets()}
    assert pos1 < pos2  # the same places for shared nodes, one more node in the second panel
    assert len(pos1) == 6  # _toy's six actors all have ties; "idle" has none
    assert "Idle" not in {t.get_text() for t in a1.texts + a2.texts}
    assert a1.get_xlim() == a2.get_xlim()
    assert _style_counts(a1)["dashed"] == 3 and _style_counts(a2)["dashed"] == 2
    # one legend for the figure, covering every panel
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"positive tie", "negative tie", "Members", "Officers", "External bodies"} <= set(labels)
    assert a1.get_legend() is None and a2.get_legend() is None


def test_small_multiples_legend_covers_ties_of_earlier_panels():
    G1, G2 = _toy(), _toy()
    for u, v in list(G2.edges):
        if G2.edges[u, v]["sign"] == -1:
            G2.remove_edge(u, v)
    fig = plot.network_panels({"with": G1, "without": G2}, camps={"with": {"leader": 0, "ceo": 1}})
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "negative tie" in labels and "camp A" in labels and "camp B" in labels


def test_sign_matrix_and_interface_matrix_cells():
    G = _toy()
    tab = plot.sign_matrix(G, by="side").set_index(["from", "to"])
    # worked by hand: member->officer ties: leader->ceo (-1), backbench->ceo (-1) => mean -1, n 2
    assert tab.loc[("member", "officer"), "ties"] == 2
    assert tab.loc[("member", "officer"), "mean_sign"] == -1.0
    # officer->member: ceo->leader (-1) only (ceo->cabinet has sign 0, not counted)
    assert tab.loc[("officer", "member"), "ties"] == 1
    ax = plot.interface_matrix(G, by="side", layers=("informal", "formal"))
    texts = [t.get_text() for t in ax.texts]
    assert "-1.00\nn=2" in texts and "-1.00\nn=1" in texts
    assert len(texts) == len(tab)


def test_empty_graphs_give_documented_empty_figures():
    ax = plot.network(nx.DiGraph())
    assert _edges(ax) == [] and _node_count(ax) == 0
    ax = plot.interface_matrix(nx.DiGraph())
    assert [t.get_text() for t in ax.texts] == ["no actors"]
    assert plot.sign_matrix(nx.DiGraph()).empty


def test_trajectory_draws_one_line_per_measure():
    df = pd.DataFrame({"date": ["2021", "2022", "2023"] * 2, "measure": ["a"] * 3 + ["b"] * 3,
                       "value": [1, 0, -1, 0.5, 0.5, 0.2]})
    ax = plot.trajectory(df)
    lines = [ln for ln in ax.lines if str(ln.get_gid()).startswith("measure:")]
    assert sorted(ln.get_gid() for ln in lines) == ["measure:a", "measure:b"]
    assert _legend_labels(ax) == ["a", "b"]
    with pytest.raises(ParameterError):
        plot.trajectory(df.drop(columns="value"))


def test_cross_case_draws_a_line_per_case_in_each_measure_panel():
    # two cases: "a" has the interface climate and ladder stage at two times, "b" the climate at
    # one time and a missing ladder stage (not drawn); "triangle balance" has no panel
    table = pd.DataFrame({
        "case": ["a", "a", "b", "a", "a", "b", "a"],
        "case_time": [0.5, 1.5, 0.5, 0.5, 1.5, 0.5, 0.5],
        "measure": ["interface climate"] * 3 + ["ladder stage"] * 3 + ["triangle balance"],
        "value": [-0.5, 0.25, 1.0, 1, 3, None, 0.9]})
    fig = plot.cross_case(table, {"a": "2021–2022", "b": "$5"})
    panels = {ax.get_title(): ax for ax in fig.axes}
    assert len(panels) == 8 and "triangle balance" not in panels
    climate = [ln for ln in panels["interface climate"].lines if ln.get_marker() == "o"]
    assert [(ln.get_label(), list(ln.get_ydata())) for ln in climate] == [
        ("a (2021–2022)", [-0.5, 0.25]), (r"b (\$5)", [1.0])]  # "$" is text, not mathtext
    assert panels["interface climate"].get_ylim() == (-1.1, 1.1)
    ladder = [ln for ln in panels["ladder stage"].lines if ln.get_marker() == "o"]
    assert [ln.get_drawstyle() for ln in ladder] == ["steps-post"]  # only "a" has a value
    assert [t.get_text() for t in fig.legends[0].texts] == ["a (2021–2022)", r"b (\$5)"]
    assert plot.describe("cross_case", table).endswith("over the years of its period: a, b.")
    plt.close(fig)


def test_cross_case_keeps_each_case_s_style_and_legend_when_a_panel_lacks_it():
    # "a" has no interface climate (the first panel): "b" must keep its own colour there (the
    # second style), and the legend, once built from the first panel only, must list "a" too
    table = pd.DataFrame({"case": ["b", "a", "b"], "case_time": [0.5, 0.5, 0.5],
                          "measure": ["interface climate", "ladder stage", "ladder stage"],
                          "value": [0.5, 1, 2]})
    fig = plot.cross_case(table)
    panels = {ax.get_title(): ax for ax in fig.axes}
    color = {ln.get_label(): ln.get_color() for ln in panels["ladder stage"].lines
             if ln.get_marker() == "o"}
    climate = [ln for ln in panels["interface climate"].lines if ln.get_marker() == "o"]
    assert [(ln.get_label(), ln.get_color()) for ln in climate] == [("b", color["b"])]
    assert color["a"] != color["b"]
    assert [t.get_text() for t in fig.legends[0].texts] == ["a", "b"]
    plt.close(fig)


# ---------------------------------------------------------------- shipped cases


def _cases():
    out = []
    ds = getattr(govnet, "datasets", None)
    if ds is not None and hasattr(ds, "example_case"):
        out.append(pytest.param("example", id="example"))
    if hasattr(govnet, "find_data_dir"):
        try:
            root = govnet.find_data_dir()
            out += [pytest.param(c, id=c) for c in FOUNDING if (root / c / "case.yml").exists()]
        except Exception:  # noqa: BLE001 - data folder not found: no founding cases to render
            pass
    return out or [pytest.param(None, marks=pytest.mark.skip(reason="no cases shipped yet"))]


def _load(cid):
    if cid == "example":
        return govnet.datasets.example_case()
    return govnet.load_case(cid)


@pytest.mark.parametrize("cid", _cases())
def test_figures_on_shipped_cases(cid, tmp_path):
    case = _load(cid)
    G = case.graph()
    ax = plot.network(G)
    assert _style_counts(ax) == _sign_counts(G)
    assert _node_count(ax) == G.number_of_nodes()
    assert "Members" in _legend_labels(ax) or not any(
        d.get("side") == "member" for _, d in G.nodes(data=True))
    plot.savefig(ax.figure, tmp_path / "network.png")

    ax = plot.timeline(case)
    n_events = sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("event:"))
    assert n_events == len(case.events)
    assert ax.get_yticklabels()[0].get_text() == "oversight ladder"

    ax = plot.interface_matrix(G)
    tab = plot.sign_matrix(G, by="tier", layers=("informal",))
    assert len([t for t in ax.texts if "n=" in t.get_text()]) == len(tab)


def test_lanes_worked_by_hand():
    # [0,5) and [3,8) overlap -> lanes 0, 1; [5,9) starts when lane 0 is free again -> lane 0
    assert plot._lanes([(0, 5), (3, 8), (5, 9)]) == [0, 1, 0]
    assert plot._lanes([]) == []


def test_timeline_overlapping_tenures_do_not_overlap_on_the_page():
    # Tower Hamlets: two chief executives hold open tenures at once (the end of the earlier
    # one is not given in the seeds); each gets its own lane instead of sharing one bar
    case = _load("tower-hamlets")
    ax = plot.timeline(case)
    ids = set(case.tenures.loc[case.tenures["post"] == "chief-executive", "id"])
    bars = [p for p in ax.patches if str(p.get_gid()).removeprefix("tenure:") in ids]
    assert len(bars) == len(ids) == 2
    (a, b) = sorted(bars, key=lambda p: p.get_y())
    assert a.get_y() + a.get_height() <= b.get_y() + 1e-9
    plt.close("all")


def test_interface_matrix_panels_one_heat_map_per_graph():
    case = _load("tower-hamlets")
    graphs = {d: case.graph(at=d) for d in ["2021", "2022", "2023", "2024", "2024-11"]}
    # 5 graphs, at most 4 a row, but only 2 keep the cells legible -> 3 rows of 2, 1 cell off
    fig = plot.interface_matrix_panels(graphs, ncols=4)
    heat = [ax for ax in fig.axes if ax.get_label() != "<colorbar>" and ax.axison]
    assert [ax.get_title() for ax in heat] == list(graphs)
    assert len({round(ax.get_position().x0, 3) for ax in heat}) == 2
    assert sum(not ax.axison for ax in fig.axes) == 1
    with pytest.raises(ParameterError):
        plot.interface_matrix_panels({})
    plt.close("all")


def test_show_renders_once_and_write_outputs_keeps_the_bytes(tmp_path):
    """plot.show returns the PNG savefig would write; write_outputs writes it unchanged."""
    from govnet.casestudy import write_outputs

    def figure():
        ax = plot.network(_toy(), seed=0)
        return ax.figure

    png = plot.show(figure())
    assert plt.get_fignums() == []  # shown figures are closed
    saved = plot.savefig(figure(), tmp_path / "saved.png").read_bytes()
    assert png == saved
    written = write_outputs(tmp_path / "out", figures={"net": png})
    assert written == [tmp_path / "out" / "figures" / "net.png"]
    assert written[0].read_bytes() == png
    with pytest.raises(ParameterError, match="PNG"):
        plot.savefig(b"not a png", tmp_path / "x.png")
    with pytest.raises(ParameterError, match=r"\.png"):
        plot.savefig(png, tmp_path / "x.svg")


# ---------------------------------------------------------------- network panels: bands, legibility


def _council(spec, ties):
    """A case graph from (id, side, tier) triples and (u, v, sign) informal ties."""
    G = nx.DiGraph()
    for n, side, tier in spec:
        G.add_node(n, name=n.title(), side=side, tier=tier, kind="person", party=None, groups=[])
    G.add_edges_from((u, v, {"sign": s, "layer": "informal"}) for u, v, s in ties)
    return G


def _band_of(ax, y):
    """The band (``"external"``, a tier or None) whose labelled stripe holds height ``y``."""
    tops = []  # band labels are drawn 0.1 below the top of their band
    for t in ax.texts:
        text = t.get_text()
        if text == "external bodies" or text.startswith("tier ") or text == "no tier":
            band = ("external" if text == "external bodies" else None if text == "no tier"
                    else int(text.split(":")[0].removeprefix("tier ")))
            tops.append((t.get_position()[1] + 0.1, band))
    above = [(top, band) for top, band in tops if top >= y]
    return min(above, key=lambda tb: tb[0])[1] if above else "above every band"


def test_network_panels_draw_each_node_in_the_band_of_its_tier_at_that_date():
    # 2021: an external auditor and a full council; 2023 (a new council): no external body and
    # no tier-1 leader, and the deputy has become tier 1 (its tier at that date is 1, not 2).
    # Before the fix the bands of each panel were laid out from that panel's own graph while the
    # nodes kept the union's places, so in 2023 the tier-2 row sat in the "tier 1" band, etc.
    g21 = _council([("audit", "external", None), ("leader", "member", 1), ("ceo", "officer", 1),
                    ("deputy", "member", 2), ("director", "officer", 2)],
                   [("audit", "ceo", 1), ("leader", "ceo", -1), ("deputy", "director", 1)])
    g23 = _council([("deputy", "member", 1), ("director", "officer", 2),
                    ("backbencher", "member", 3), ("manager", "officer", 3), ("lone", "member", None)],
                   [("deputy", "director", -1), ("backbencher", "manager", 1),
                    ("lone", "manager", 1)])
    graphs = {"2021": g21, "2023": g23}
    fig = plot.network_panels(graphs)
    for ax, (date, g) in zip(fig.axes, graphs.items(), strict=True):
        by_name = {d["name"]: n for n, d in g.nodes(data=True)}
        drawn = [a for a in ax.texts if a.get_text() in by_name]
        assert {by_name[a.get_text()] for a in drawn} == set(g)  # every actor here has a tie
        for a in drawn:
            n = by_name[a.get_text()]
            want = "external" if g.nodes[n]["side"] == "external" else g.nodes[n]["tier"]
            assert _band_of(ax, a.xy[1]) == want, (date, n)


def _texts(fig):
    """Every visible, non-empty text of a figure (titles, names, band labels, legend)."""
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]


def _smallest_px(fig):
    """Pixel size of the smallest text of ``fig`` as shown on the page (the figure is closed)."""
    smallest = min(t.get_fontsize() for t in _texts(fig))
    png = plot.show(fig)  # 150 dpi
    width = int.from_bytes(png[16:20], "big")
    shown = min(plot.DISPLAY_WIDTH, width * plot.STYLE["figure.dpi"] / 150)
    return smallest * 150 / 72 * shown / width


@pytest.mark.parametrize("cid", _cases())
def test_network_panels_are_legible_at_the_display_width(cid):
    # shown DISPLAY_WIDTH px wide (or at its own size, figure.dpi/150 of the PNG, if narrower),
    # a point of text is dpi/72 * shown/png_width px: every text must come out at 9 px or more
    case = _load(cid)
    from govnet import casestudy

    dates = casestudy.snapshot_dates(case, None)
    graphs = {d: case.graph(at=d) for d in casestudy.panel_dates(dates)}
    fig = plot.network_panels(graphs, ncols=2)
    assert len({round(ax.get_position().x0, 3) for ax in fig.axes}) <= 2  # one or two per row
    assert _smallest_px(fig) >= 9
    assert _smallest_px(plot.network(case.graph()).figure) >= 9  # a single network, too
    # only actors with a tie at that date, plus the key dyad, are drawn
    for ax, g in zip(fig.axes, graphs.values(), strict=True):
        H = plot._collapse(g)
        names = {t.get_text() for t in ax.texts}
        for n in H:
            tied = any(u != v for u, v in [*H.in_edges(n), *H.out_edges(n)])
            if not tied and H.nodes[n].get("tier") != 1:
                assert plot._label(H, n) not in names, n


@pytest.mark.parametrize("cid", _cases())
def test_interface_matrix_panels_are_legible_at_the_display_width(cid):
    # as the report draws them (one panel per snapshot of the figures); every text at 9 px or
    # more as shown on the page (worked as in _smallest_px), and each cell's numbers inside its
    # cell, so no two overprint
    case = _load(cid)
    from govnet import casestudy

    dates = casestudy.snapshots(case, None)["date"].tolist()  # as case_study.ipynb
    fig = plot.interface_matrix_panels({d: case.graph(at=d) for d in casestudy.panel_dates(dates)})
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for t in [t for t in ax.texts if "n=" in t.get_text()]:  # not an empty panel's note
            box = t.get_window_extent(renderer)
            x, y = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)]).T
            j, i = t.get_position()  # the cell's column and row; y grows downwards in imshow
            assert j - 0.5 <= x.min() and x.max() <= j + 0.5, t.get_text()
            assert i - 0.5 <= y.min() and y.max() <= i + 0.5, t.get_text()
    assert _smallest_px(fig) >= 9


@pytest.mark.parametrize("cid", _cases())
def test_timeline_texts_never_overprint_or_leave_the_axes(cid):
    # drawn, then every text in the axes measured: ladder labels, event numbers, holders' names
    case = _load(cid)
    ax = plot.timeline(case)
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for text, box in boxes:
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, text
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, text
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.overlaps(bb), (a, b)
    # every event numbered as in the key; row names are short labels, never cut with "[...]"
    key = plot.timeline_key(case)
    numbers = [int(n) for t in ax.texts if isinstance(t, matplotlib.text.Annotation)
               for n in t.get_text().split(", ")]
    assert sorted(numbers) == key["number"].tolist() == list(range(1, len(case.events) + 1))
    assert not any("[...]" in t.get_text() or "…" in t.get_text() for t in ax.get_yticklabels())


def test_timeline_ladder_bands_and_tenure_ends_worked_by_hand():
    # Tower Hamlets, 2021-2024: stages 1 (2021 peer review), 2 (2024-01 inspection), 3 (2024-11
    # minded to direct) -> three bands, each labelled once ("3 prop" used to be cut off);
    # the interim Monitoring Officer (t03) starts 2024-11 with no end given: a faded bar to the end
    # of the period and no solid (known) part; a 2023 peer-team tenure would be solid only
    # inside its known months
    case = _load("tower-hamlets")
    ax = plot.timeline(case)
    bands = [p.get_gid() for p in ax.patches if str(p.get_gid()).startswith("ladder:")]
    assert bands == ["ladder:1", "ladder:2", "ladder:3"]
    labels = [t.get_text() for t in ax.texts if t.get_position()[1] == 0]
    assert labels[:2] == ["1 peer challenge", "2 review or inspection"]
    assert labels[2] in ("3", "3 proposed directions")
    gids = {p.get_gid(): p for p in ax.patches}
    assert "tenure:t03" in gids and "tenure-known:t03" not in gids
    assert gids["tenure:t03"].get_alpha() < 1 and gids["tenure:t03"].get_hatch() == "///"
    assert "Inspection" in [t.get_text() for t in ax.get_yticklabels()]


def test_trajectory_points_at_mid_period_with_human_labels():
    # govnet.trajectory's yearly rows run 2021-01-01 .. 2021-12-31: the middle is 1 Jan + 182
    # days = 2 July 2021 (not 1 January, which put a whole year's value before its events)
    case = _load("example")
    traj = govnet.trajectory(case, freq="YS", measures=["interface_mean_sign", "n_ties"])
    ax = plot.trajectory(traj, measures=["interface_mean_sign", "n_ties"])
    line = next(ln for ln in ax.lines if ln.get_gid() == "measure:interface_mean_sign")
    x = line.get_xdata()[0]  # a date number, or a datetime64 as drawn before the fix
    first = matplotlib.dates.num2date(x) if isinstance(x, float) else pd.Timestamp(x)
    assert first.strftime("%Y-%m-%d") == "2021-07-02"
    assert _legend_labels(ax) == ["Interface climate (mean sign)", "Ties"]


# ---------------------------------------------------------------- alt text


def test_describe_network_worked_by_hand():
    # _toy: 6 actors; 8 ties: 3 positive, 3 negative (leader->ceo, ceo->leader, backbench->ceo),
    # 2 of sign 0; the CEO is party to all 3 negative ties; member-officer ties: the 3 negative
    # ones and ceo->cabinet (sign 0) = 4, 3 of them negative
    text = plot.describe("network", _toy(), when="2021")
    assert text.startswith("Network in 2021 of 6 actors and 8 ties: 3 positive, 3 negative, "
                           "2 neutral (sign 0). Ceo is party to 3 of the 3 negative ties. "
                           "4 ties cross the member–officer interface, 3 of them negative.")
    # in panels, an actor without ties is not drawn and not counted
    G = _toy()
    G.add_node("idle", name="Idle", side="officer", tier=3, kind="person")
    panels = plot.describe("network_panels", {"2021": G, "2022": nx.DiGraph()})
    assert "2021: 6 actors and 8 ties" in panels and "2022: 0 actors and 0 ties." in panels
    with pytest.raises(ParameterError, match="kind"):
        plot.describe("pie", G)


def test_describe_timeline_and_trajectory_on_the_example_case():
    case = _load("example")
    text = plot.describe("timeline", case)
    # example events: peer challenge 2022-03, inspection 2023-03, proposed directions 2023-11
    assert ("stage 1 (peer challenge) from 2022-03, stage 2 (review or inspection) from "
            "2023-03, stage 3 (proposed directions) from 2023-11") in text
    assert "7 events of 7 types" in text
    assert "Jo Smith (from before the period, to 2022-06)" in text  # tenure t3: no start given
    df = pd.DataFrame({"date": ["2021", "2022"], "measure": ["interface_mean_sign"] * 2,
                       "value": [0.5, float("nan")]})
    assert plot.describe("trajectory", df).endswith(
        "Interface climate (mean sign): 2021: +0.50, 2022: no value.")


def test_dollar_signs_in_names_are_drawn_as_they_are(tmp_path):
    # "$x_$" would be mathtext (and fail to parse) if passed to matplotlib unescaped
    G = _council([("a", "member", 1), ("b", "officer", 1)], [("a", "b", -1)])
    G.nodes["a"]["name"] = "Cllr $x_$ Cash"
    fig = plot.network_panels({"2021": G})
    plot.savefig(fig, tmp_path / "dollar.png")  # drawing raises on bad mathtext
    assert r"Cllr \$x_\$ Cash" in {t.get_text() for t in fig.axes[0].texts}


def test_show_keeps_alt_text_in_the_output_metadata():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    InteractiveShell.instance()  # as in a notebook, for this test only
    try:
        with capture_output() as cap:
            plot.show(fig, alt="A rising line.")
    finally:
        InteractiveShell.clear_instance()
    (out,) = cap.outputs
    assert out.metadata["image/png"]["alt"] == "A rising line."
    assert out.metadata["image/png"]["width"] > 0  # the display width is kept beside it


def test_network_panels_and_describe_take_undirected_graphs():
    # an undirected graph has no in_edges: a tie a-b, and c without ties (tier 3, not drawn)
    G = _council([("a", "member", 2), ("b", "officer", 2), ("c", "officer", 3)], [])
    G = G.to_undirected()
    G.add_edge("a", "b", sign=1, layer="informal")
    fig = plot.network_panels({"x": G})
    assert {"A", "B"} <= {t.get_text() for t in fig.axes[0].texts} and "C" not in {
        t.get_text() for t in fig.axes[0].texts}
    assert plot.describe("network_panels", {"x": G}).endswith(
        "x: 2 actors and 1 tie: 1 positive, 0 negative. "
        "1 tie crosses the member–officer interface; it is positive.")


def test_panels_and_timeline_are_byte_identical_between_runs():
    # the timeline places its labels by measuring drawn text: the same case, the same bytes
    case = _load("example")

    def render():
        panels = plot.network_panels({d: case.graph(at=d) for d in ("2021", "2023")})
        return plot.show(panels), plot.show(plot.timeline(case).figure)

    assert render() == render()
