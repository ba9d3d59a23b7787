"""govnet.page: readable tables, the evidence appendix, the network view and the page layout.

Every page is parsed (BeautifulSoup with the stdlib html.parser) and checked as a reader or a
browser would see it: visible text, element counts, where links go.
"""

import base64
import json
import os
import subprocess
import sys
import types

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import govnet
from govnet.exceptions import GraphConventionError, ParameterError, ReportError
from govnet.page import (
    evidence_appendix,
    evidence_links,
    externalise_figures,
    finish_page,
    network_view,
    render_table,
    tie_observations,
)

XSS = "</script><script>alert(1)</script>"
MD_LINK = "[x](javascript:alert(1)) **bold**"


def soup(text):
    return BeautifulSoup(text, "html.parser")


def visible(s):
    """Text a reader sees: everything outside <script>, <style> and <head>."""
    s = soup(str(s))
    for tag in s.find_all(["script", "style", "head"]):
        tag.decompose()
    return s.get_text(" ")


def cells(table, tag="td"):
    return [[c.get_text() for c in tr.find_all(tag)] for tr in table.find_all("tr")]


# --------------------------------------------------------------------------- the package


def test_page_names_come_from_their_submodules_and_finishing_a_page_is_cheap():
    import importlib

    import govnet.page

    for module in set(govnet.page._EXPORTS.values()):
        names = set(importlib.import_module(f"govnet.page.{module}").__all__)
        assert names == {n for n, m in govnet.page._EXPORTS.items() if m == module}, module
    # the report process finishes pages without the scientific stack (see govnet/__init__.py)
    code = ("import sys; from govnet.page import finish_page, externalise_figures; "
            "finish_page('<html><head></head><body><h1>x</h1></body></html>'); "
            "print(sorted(m for m in ('pandas', 'numpy', 'networkx', 'matplotlib', 'pyvis') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- tables


def test_table_has_no_row_numbers_and_keeps_a_named_index():
    df = pd.DataFrame({"actor": ["a", "b", "c"], "n": [1, 2, 3]})
    filtered = df[df["n"] != 2]  # index 0, 2: left-over row numbers, not data
    for frame in (df, filtered):
        t = soup(render_table(frame)).table
        assert [th.get_text() for th in t.thead.find_all("th")] == ["actor", "n"]
    named = df.set_index("actor")
    t = soup(render_table(named)).table
    assert [th.get_text() for th in t.thead.find_all("th")] == ["actor", "n"]
    assert cells(t)[1:] == [["a", "1"], ["b", "2"], ["c", "3"]]


def test_table_missing_values_alignment_and_precision():
    df = pd.DataFrame({
        "name": ["Ann", None, "Cy", pd.NA],
        "share": [0.12345, float("nan"), 3.0, 1234.5],
        "count": pd.array([1, None, 3, 4], dtype="Int64"),
        "when": pd.to_datetime(["2023-05-06", None, "2021-01-01", "2022-02-02"]),
        "flag": [True, False, True, False],
    })
    t = soup(render_table(df)).table
    # worked by hand: missing -> "—"; "share" has non-whole values, so 2 decimals in every row
    # (3.0 -> "3.00", thousands separated); "count" is whole, so no decimals
    assert cells(t)[1:] == [
        ["Ann", "0.12", "1", "2023-05-06", "yes"],
        ["—", "—", "—", "—", "no"],
        ["Cy", "3.00", "3", "2021-01-01", "yes"],
        ["—", "1,234.50", "4", "2022-02-02", "no"],
    ]
    heads = {th.get_text(): th["class"] for th in t.thead.find_all("th")}
    assert heads == {"name": ["text"], "share": ["num"], "count": ["num"], "when": ["text"],
                     "flag": ["text"]}
    first = t.tbody.find("tr").find_all("td")
    assert [td["class"] for td in first] == [["text"], ["num"], ["num"], ["text"], ["text"]]
    assert first[1]["data-value"] == "0.12345"  # sorts by the value, not the rounded text
    text = visible(t)
    for token in ("<NA>", "NaN", "None", "NaT", "nan"):
        assert token not in text


def test_table_escapes_data_and_never_reads_markdown():
    df = pd.DataFrame({"name": [XSS, MD_LINK]})
    t = soup(render_table(df))
    assert t.find("script") is None and t.find("a") is None and t.find("strong") is None
    assert cells(t.table)[1:] == [[XSS], [MD_LINK]]


def test_long_table_is_cut_with_a_note_and_a_link_to_the_csv():
    df = pd.DataFrame({"i": range(250), "name": [f"n{i}" for i in range(250)]})
    s = soup(render_table(df, max_rows=200, csv_href="tables/actors.csv"))
    assert len(s.tbody.find_all("tr")) == 200
    note = s.find("p", class_="gv-table-note")
    assert "200 of 250 rows" in note.get_text()
    assert note.a["href"] == "tables/actors.csv"
    assert s.table.has_attr("data-sortable")  # more than 10 rows: sortable and searchable
    small = soup(render_table(df.head(5)))
    assert not small.table.has_attr("data-sortable") and small.find("p") is None


def test_table_with_repeated_column_names():
    df = pd.DataFrame([[1, "x"], [2, "y"]], columns=["a", "a"])
    t = soup(render_table(df)).table
    assert cells(t)[1:] == [["1", "x"], ["2", "y"]]
    assert [th["class"] for th in t.thead.find_all("th")] == [["num"], ["text"]]


def test_table_refuses_what_is_not_a_table():
    with pytest.raises(ParameterError):
        render_table([1, 2])
    with pytest.raises(ParameterError):
        render_table(pd.DataFrame({"a": [1]}), max_rows=0)


# --------------------------------------------------------------------------- evidence

LONG = ("The leader said the chief executive had lost the confidence of the cabinet, and that "
        "the relationship had broken down beyond repair after the budget meeting in March, "
        "when officers were told to rewrite the report overnight.")


def small_case(quote_kind=True):
    """Three observations: a long verbatim quote, a paraphrase, hostile text in every field."""
    actors = pd.DataFrame({"id": ["lead", "ceo", "paper"],
                           "name": ["The Leader", "Chief Executive", XSS]})
    sources = pd.DataFrame({"id": ["s1", "s2", "s3"],
                            "title": ["Inspection report", "Gazette article", MD_LINK],
                            "url": ["https://example.org/report.pdf", None,
                                    "javascript:alert(1)"]})
    relations = pd.DataFrame({
        "id": ["r001", "r002", "r003"], "source": ["lead", "ceo", "lead"],
        "target": ["ceo", "lead", "ceo"], "type": ["conflict", "trust", "support"],
        "sign": [-1, 1, 1], "directed": [True, False, True],
        "start": ["2023-03", "2021", "2022"], "end": [None, "2022", None],
        "reported_by": ["paper", "paper", "lead"], "source_id": ["s1", "s2", "s3"],
        "locator": ["p. 12", None, "para 4"], "quote": [LONG, "They got on well", MD_LINK],
        "confidence": ["high", "low", "medium"], "notes": [None, "paraphrased by coder", XSS],
        "quote_kind": ["verbatim", "paraphrase", None],
    })
    if not quote_kind:
        relations = relations.drop(columns="quote_kind")
    return types.SimpleNamespace(actors=actors, sources=sources, relations=relations)


def test_evidence_appendix_quotes_in_full_with_anchor_and_provenance():
    case = small_case()
    s = soup(evidence_appendix(case))
    rows = s.tbody.find_all("tr")
    assert [r["id"] for r in rows] == ["obs-r001", "obs-r002", "obs-r003"]
    assert [r.find(class_="gv-quote-text").get_text() for r in rows] == list(case.relations.quote)
    assert len(rows[0].find(class_="gv-quote-text").get_text()) > 120  # never cut
    verbatim, para, hostile = rows
    assert verbatim.find("q") is not None and para.find("q") is None
    assert "Paraphrase:" in para.get_text() and "“" not in para.get_text()
    text = [c.get_text() for c in verbatim.find_all("td")]
    assert text[0] == "r001" and verbatim.td.a["href"] == "#obs-r001"
    assert text[1] == "The Leader → Chief Executive (conflict, negative)"
    assert text[4:] == [XSS, "Inspection report", "p. 12", "high", "—"]
    assert verbatim.find("a", href="https://example.org/report.pdf").get_text() == \
        "Inspection report"
    assert [c.get_text() for c in para.find_all("td")][1:3] == [
        "Chief Executive — The Leader (trust, positive)", "2021 to 2022"]
    # hostile text stays text: no script, no javascript: link, Markdown shown as written
    assert s.find("script") is None
    assert all(a["href"].startswith(("#", "https:")) for a in s.find_all("a"))
    assert [c.get_text() for c in hostile.find_all("td")][5] == MD_LINK
    assert hostile.find("strong") is None


def test_evidence_without_quote_kind_is_verbatim():
    rows = soup(evidence_appendix(small_case(quote_kind=False))).tbody.find_all("tr")
    assert all(r.find("q") is not None for r in rows)
    assert "Paraphrase" not in visible(rows[1])


def test_evidence_appendix_of_the_example_case_has_every_quote_in_full():
    case = govnet.datasets.example_case()
    s = soup(evidence_appendix(case))
    shown = {r["id"]: r.find(class_="gv-quote-text").get_text() for r in s.tbody.find_all("tr")}
    assert shown == {f"obs-{i}": q for i, q in zip(case.relations.id, case.relations.quote,
                                                   strict=True)}


def test_evidence_links_resolve_to_appendix_anchors():
    page = soup(evidence_appendix(small_case()) + evidence_links(["r003", "r001", "r003"]))
    links = page.find("span", class_="gv-evidence-links").find_all("a")
    assert [a["href"] for a in links] == ["#obs-r003", "#obs-r001"]
    assert all(page.find(id=a["href"][1:]) is not None for a in links)
    assert evidence_links([]) == ""


def test_tie_observations_collects_the_ids_behind_chosen_ties():
    G = nx.DiGraph()
    G.add_nodes_from([("m", {"side": "member"}), ("o", {"side": "officer"}),
                      ("p", {"side": "officer"})])
    G.add_edge("m", "o", sign=1, observations=["r2", "r1"])
    G.add_edge("o", "m", sign=1, observations=["r1"])
    G.add_edge("o", "p", sign=-1, observations=["r3"])
    # worked by hand: member-officer ties m->o and o->m rest on r1 and r2; all ties add r3
    assert tie_observations(G, lambda u, v, d: G.nodes[u]["side"] != G.nodes[v]["side"]) == \
        ["r1", "r2"]
    assert tie_observations(G) == ["r1", "r2", "r3"]
    M = nx.MultiDiGraph()
    M.add_edge("m", "o", id="r9", sign=1)
    assert tie_observations(M) == ["r9"]


# --------------------------------------------------------------------------- network view


def view_data(fragment):
    return json.loads(soup(fragment).find("script", type="application/json").string)


def test_network_view_is_deterministic_and_carries_positions_and_quotes():
    case = govnet.datasets.example_case()
    G = case.graph(at="2022")
    a = network_view(G, case, view_id="net-2022")
    b = network_view(govnet.datasets.example_case().graph(at="2022"), case, view_id="net-2022")
    assert a == b  # the same graph gives the same bytes: no random ids, no timestamps
    data = view_data(a)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(map(str, G.nodes))
    node = {n["id"]: n for n in data["nodes"]}
    for n, d in G.nodes(data=True):
        for f in ("role", "tier", "side", "kind", "party"):
            assert node[n]["info"][f] == d[f]
    quotes = dict(zip(case.relations.id, case.relations.quote, strict=True))
    shown = [o for e in data["edges"] for o in e["info"]["observations"]]
    assert shown and all(o["quote"] == quotes[o["id"]] for o in shown)
    assert {o["id"] for o in shown} == {o for *_, d in G.edges(data=True)
                                        for o in d["observations"]}
    fragment = soup(a)
    assert fragment.figure["data-needs"] == "vis-network"
    assert "http" not in a and not fragment.find(src=True)


def test_network_view_and_page_are_the_same_bytes_in_another_process():
    code = ("import hashlib, govnet; from govnet.page import network_view; "
            "c = govnet.datasets.example_case(); "
            "print(hashlib.sha256(network_view(c.graph(at='2022'), c).encode()).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1, digests


def test_network_view_merges_a_pair_only_when_both_directions_agree():
    G = nx.DiGraph()
    for n, side in (("a", "member"), ("b", "officer"), ("c", "officer")):
        G.add_node(n, name=n.upper(), side=side, tier=1, kind="person")
    G.add_edge("a", "b", sign=1, observations=["r1"], layer="informal", weight=1)
    G.add_edge("b", "a", sign=1, observations=["r1"], layer="informal", weight=1)
    G.add_edge("a", "c", sign=-1, observations=["r2"], layer="informal", weight=1)
    G.add_edge("c", "a", sign=1, observations=["r3"], layer="formal", weight=1)
    edges = view_data(network_view(G))["edges"]
    # worked by hand: a-b one undirected line; a->c and c->a disagree, so two arrows
    assert [(e["from"], e["to"], e["arrows"], e["dashes"]) for e in edges] == [
        ("a", "b", "", False), ("a", "c", "to", False), ("c", "a", "to", True)]


def test_network_view_keeps_hostile_names_as_data():
    G = nx.DiGraph()
    G.add_node("x", name=XSS, side="member", tier=1, kind="person")
    G.add_node("y", name="Y", side="officer", tier=1, kind="person")
    G.add_edge("x", "y", sign=1, observations=["r1"], layer="informal")
    out = network_view(G)
    assert len(soup(out).find_all("script")) == 1  # only the JSON data block
    assert "</script><script>" not in out
    assert view_data(out)["nodes"][0]["label"] == XSS


def test_network_view_refuses_bad_input():
    with pytest.raises(GraphConventionError):
        network_view(nx.MultiDiGraph([("a", "b")]))
    G = nx.DiGraph()
    G.add_edge("a", "b", sign=2)
    with pytest.raises(GraphConventionError):
        network_view(G, pos={"a": (0, 0), "b": (1, 0)})
    with pytest.raises(ParameterError):
        network_view(nx.DiGraph(), view_id='x" onload="alert(1)')


# --------------------------------------------------------------------------- page layout



def png(color):
    """A small real PNG (a browser must be able to show it)."""
    fig, ax = plt.subplots(figsize=(1, 0.5))
    ax.plot([0, 1], [0, 1], color=color, linewidth=4)
    return base64.b64encode(govnet.plot.show(fig, dpi=40)).decode()


PNG, PNG2 = png("#0072B2"), png("#D55E00")


def notebook_page(case):
    """A small executed notebook in the shape of case_study.ipynb, exported as reports does."""
    G = case.graph(at="2022")
    frame = pd.DataFrame({"actor": ["a", "b", "c"], "degree": [1.0, float("nan"), 2.5]}).iloc[[0, 2, 1]]
    image = new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"},
                       metadata={"image/png": {"alt": "Network in 2022 of 12 actors. More."}})
    plain_image = new_output("display_data", data={"image/png": PNG2})

    def html_out(text):
        return new_output("display_data", data={"text/html": text})

    nb = new_notebook(cells=[
        new_markdown_cell("# Case study\n\n# Example Borough"),
        new_markdown_cell("## 1. Key findings\n\nThe climate fell.\n\nNone\n\nNone of the ties was formal."),
        new_code_cell("", outputs=[image, html_out(frame.to_html())]),
        new_markdown_cell("## Networks\n\n### Network views\n\n### Network views"),
        new_code_cell("", outputs=[html_out(network_view(G, case, view_id="net-a",
                                                        caption="The network in 2022.")),
                                   html_out(network_view(G, case, view_id="net-b")),
                                   plain_image]),
        new_markdown_cell("## Evidence"),
        new_code_cell("", outputs=[html_out(evidence_appendix(case))]),
    ])
    from govnet.report.render import _exporter

    body, _ = _exporter(False).from_notebook_node(nb)
    return nb, body


@pytest.fixture(scope="module")
def page():
    case = govnet.datasets.example_case()
    nb, body = notebook_page(case)
    return finish_page(body, nb=nb)


def test_page_has_one_title_and_numbered_contents_whose_links_resolve(page):
    s = soup(page)
    assert [h.get_text(strip=True) for h in s.find_all("h1")] == ["Case study¶"]
    toc = s.find("nav", class_="gv-toc")
    links = [(a.get_text(), a["href"]) for a in toc.find_all("a")]
    # the second H1 became section 1; the notebook's own "1." is replaced; "Network views"
    # twice gets two ids
    assert [t for t, _ in links] == ["1. Example Borough", "2. Key findings", "3. Networks",
                                     "3.1 Network views", "3.2 Network views", "4. Evidence"]
    targets = [s.find(id=h[1:]) for _, h in links]
    assert all(t is not None and t.name in ("h2", "h3") for t in targets)
    assert len({h for _, h in links}) == len(links)
    assert s.title.get_text() == "Case study"


def test_page_figures_are_numbered_with_alt_text_from_the_notebook(page):
    s = soup(page)
    imgs = s.find_all("img")
    assert [i["alt"] for i in imgs] == ["Network in 2022 of 12 actors. More.", "Figure 4"]
    caps = [c.get_text() for c in s.find_all("figcaption")]
    # page order: image, two network views, the image without alt text
    assert caps == ["Figure 1. Network in 2022 of 12 actors.", "Figure 2. The network in 2022.",
                    "Figure 3. Interactive network view.", "Figure 4. "]
    canvas = s.find("figure", id="net-a").find(class_="gv-network-canvas")
    assert canvas["aria-label"].startswith("Network in 2022 of 12 actors and 18 ties")
    assert "No description has been provided" not in page


def test_page_header_styles_scripts_and_no_missing_markers(page):
    s = soup(page)
    header = s.body.find("header", class_="gv-header")
    assert [a["href"] for a in header.find_all("a")] == ["../index.html", "results.json",
                                                         "tables/", "report.ipynb"]
    css = s.find("style", id="gv-page-css").string
    assert "size: A4" in css and "break-inside: avoid" in css
    scripts = [t.string or "" for t in s.find_all("script") if not t.get("type")]
    assert sum("@version 9.1.2" in t for t in scripts) == 1  # vis-network once, for two views
    assert sum("table[data-sortable]" in t for t in scripts) == 1
    assert not s.find("script", src=True) and not s.find("link", href=True)
    text = visible(s).replace("None of the ties", "")  # prose is left as written
    for token in ("<NA>", "NaN", "None", "NaT"):
        assert token not in text
    frame = s.find("table", class_="dataframe")  # pandas' own HTML: row numbers 0, 2, 1 go
    rows = [[(c.get_text(), c["class"][-1]) for c in r.find_all(["th", "td"])]
            for r in frame.find_all("tr")]
    assert rows == [[("actor", "text"), ("degree", "num")], [("a", "text"), ("1.0", "num")],
                    [("c", "text"), ("2.5", "num")], [("b", "text"), ("—", "num")]]


def test_page_tables_scroll_in_their_column_and_keep_dates_on_one_line():
    table = render_table(pd.DataFrame({"period": ["2021-01-01 to 2021-12", "2022"],
                                       "note": ["from 2021-05, see 2022-03-04", "none"]}))
    s = soup(finish_page(f"<html><head></head><body><h1>T</h1>{table}</body></html>"))
    box = s.find("table", class_="gv-table").parent
    assert box.name == "div" and box["class"] == ["gv-table-scroll"]
    # every ISO date or month in a cell, and only those, is one nowrap span; the text is kept
    assert [d.get_text() for d in s.find_all("span", class_="gv-date")] == [
        "2021-01-01", "2021-12", "2021-05", "2022-03-04"]
    assert [td.get_text() for td in s.find_all("td")] == [
        "2021-01-01 to 2021-12", "from 2021-05, see 2022-03-04", "2022", "none"]
    css = s.find("style", id="gv-page-css").string
    assert ".gv-table-scroll { max-width: 100%; overflow-x: auto; }" in css
    assert ".gv-date { white-space: nowrap; }" in css


def test_finish_page_is_deterministic_and_needs_a_page():
    case = govnet.datasets.example_case()
    nb, body = notebook_page(case)
    once = finish_page(body, nb=nb)
    assert finish_page(body, nb=nb) == once
    assert finish_page(once, nb=nb) == once  # a second pass changes nothing
    with pytest.raises(ReportError):
        finish_page("<p>no page</p>")
    with pytest.raises(ReportError):
        finish_page("<html><head></head><body><p>x</p></body></html>")


def test_externalise_figures_writes_files_and_links_them(tmp_path):
    raw = base64.b64decode(PNG)
    page = f'<p><img alt="n" src="data:image/png;base64,{PNG}"/><img src="data:image/png;base64,{PNG}"/></p>'
    out = soup(externalise_figures(page, tmp_path))
    files = list((tmp_path / "figures").iterdir())
    assert len(files) == 1 and files[0].read_bytes() == raw  # the same image is written once
    for img in out.find_all("img"):
        assert img["src"] == f"figures/{files[0].name}" and img.parent["href"] == img["src"]
    assert externalise_figures(page, tmp_path) == str(out)
    with pytest.raises(ReportError):
        externalise_figures('<img src="data:image/png;base64,@@@"/>', tmp_path)


def test_externalise_figures_reuses_a_figure_file_with_the_same_bytes(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "timeline.png").write_bytes(base64.b64decode(PNG2))
    page = f'<img src="data:image/png;base64,{PNG}"/><img src="data:image/png;base64,{PNG2}"/>'
    srcs = [i["src"] for i in soup(externalise_figures(page, tmp_path)).find_all("img")]
    assert srcs[1] == "figures/timeline.png" and srcs[0].startswith("figures/page-")
    assert len(list((tmp_path / "figures").iterdir())) == 2
