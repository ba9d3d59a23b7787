"""govnet.export: GEXF 1.3 (schema-valid, dynamic), GraphML (networkx and R igraph), CSV, Pajek.

Gephi itself cannot run here, and the GEXF 1.3 XML schema is not shipped with the project, so
GEXF is checked structurally against the rules of the GEXF 1.3 primer and schema (``_gexf_problems``:
namespace and version, graph modes, declared attribute types, node/edge references, typed values,
spells as ISO dates in order) and read back with networkx. The R test
needs Rscript and igraph (``tests/setup_r.sh``, run by ``make test``, installs them from Debian);
where they cannot be installed it is skipped with a message saying so.
"""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

import govnet
from govnet.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOUNDING = ["waltham-forest", "southampton", "tower-hamlets"]


GEXF = "{http://gexf.net/1.3}"
_TYPES = {"integer": int, "long": int, "double": float, "float": float, "string": str,
          "liststring": str, "anyURI": str, "boolean": lambda v: {"true": 1, "false": 0}[v]}


def _spell_problems(el, where):
    bounds = [el.get(k) for k in ("start", "end")]
    try:
        lo, hi = (date.fromisoformat(b) if b else None for b in bounds)
    except ValueError as exc:
        return [f"{where}: spell {bounds}: {exc}"]
    return [f"{where}: spell starts after it ends"] if lo and hi and lo > hi else []


def _attvalue_problems(el, declared, where):
    problems = []
    for av in el.iter(GEXF + "attvalue"):
        kind = declared.get(av.get("for"))
        if kind is None:
            problems.append(f"{where}: attvalue for undeclared attribute {av.get('for')!r}")
            continue
        try:
            _TYPES[kind](av.get("value"))
        except (KeyError, ValueError, TypeError):
            problems.append(f"{where}: {av.get('value')!r} is not of type {kind}")
    return problems


def _graph_problems(graph):
    mode = graph.get("mode", "static")
    edgetype = graph.get("defaultedgetype", "undirected")
    timeformat = graph.get("timeformat", "double")
    ok = (mode in {"static", "dynamic"} and edgetype in {"directed", "undirected", "mutual"}
          and timeformat in {"integer", "double", "date", "dateTime"})
    return [] if ok else [f"graph attributes {graph.attrib}"]


def _gexf_problems(text):
    """Structural problems of a GEXF 1.3 document (an empty list when it follows the format)."""
    root = ET.fromstring(text.encode("utf-8"))
    problems = []
    if root.tag != GEXF + "gexf" or root.get("version") != "1.3":
        problems.append(f"root {root.tag} version {root.get('version')}: not GEXF 1.3")
    graph = root.find(GEXF + "graph")
    if graph is None:
        return problems + ["no graph element"]
    problems += _graph_problems(graph)
    declared = {"node": {}, "edge": {}}
    for attrs in graph.findall(GEXF + "attributes"):
        for a in attrs.findall(GEXF + "attribute"):
            if a.get("type") not in _TYPES or a.get("id") in declared[attrs.get("class")]:
                problems.append(f"attribute {a.attrib}: unknown type or duplicate id")
            declared[attrs.get("class")][a.get("id")] = a.get("type")
    nodes = [n.get("id") for n in graph.iter(GEXF + "node")]
    if len(set(nodes)) != len(nodes) or None in nodes:
        problems.append("node ids missing or not unique")
    edges = list(graph.iter(GEXF + "edge"))
    ids = [e.get("id") for e in edges if e.get("id") is not None]  # optional on edges
    if len(set(ids)) != len(ids):
        problems.append("edge ids not unique")
    for e in edges:
        if e.get("source") not in set(nodes) or e.get("target") not in set(nodes):
            problems.append(f"edge {e.get('id')}: source or target is not a node")
    for kind, elements in (("node", graph.iter(GEXF + "node")), ("edge", edges)):
        for el in elements:
            where = f"{kind} {el.get('id')}"
            problems += _attvalue_problems(el, declared[kind], where)
            problems += [p for sp in el.iter(GEXF + "spell") for p in _spell_problems(sp, where)]
    return problems


@pytest.fixture(scope="module")
def example():
    return govnet.datasets.example_case()


def _case(case_id):
    return govnet.load_case(ROOT / "data" / "cases" / case_id)


@pytest.mark.parametrize("case_id", FOUNDING)
def test_gexf_of_each_founding_case_is_valid_gexf_1_3(case_id, tmp_path):
    case = _case(case_id)
    dynamic = govnet.export(case, tmp_path / "dynamic.gexf")
    static = govnet.export(case.graph(), tmp_path / "static.gexf")
    assert _gexf_problems(dynamic.read_text(encoding="utf-8")) == []
    assert _gexf_problems(static.read_text(encoding="utf-8")) == []
    text = dynamic.read_text(encoding="utf-8")
    assert 'version="1.3"' in text and 'mode="dynamic"' in text and "<spell " in text
    assert "None" not in text  # no Python None written as a value


def test_the_structural_check_can_fail(example, tmp_path):
    """The check is not vacuous: an impossible date in a spell, a dangling edge are refused."""
    path = govnet.export(example, tmp_path / "x.gexf")
    broken = path.read_text(encoding="utf-8").replace('start="2021-05-01"', 'start="2021-13"', 1)
    assert broken != path.read_text(encoding="utf-8")
    assert _gexf_problems(broken)
    dangling = path.read_text(encoding="utf-8").replace('target="', 'target="nobody-', 1)
    assert any("not a node" in p for p in _gexf_problems(dangling))


def test_dynamic_gexf_round_trip_gives_back_observations_and_spells(example, tmp_path):
    path = govnet.export(example, tmp_path / "x.gexf", resolve_posts=False)
    G = nx.read_gexf(path)
    expected = govnet.case_graph(example, aggregate=None, resolve_posts=False)
    assert set(G) == set(expected)
    assert G.number_of_edges() == expected.number_of_edges()
    assert {d["observation"] for *_, d in G.edges(data=True)} == set(example.relations["id"])
    ids = [d["id"] for *_, d in G.edges(data=True)]
    assert len(ids) == len(set(ids))  # an undirected observation's second direction is "r../2"
    r01 = next(d for *_, d in G.edges(data=True) if d["id"] == "r01")
    # relations.csv r01: leader -> chief-executive, trust, +1, start 2021-05, end 2021-12:
    # a spell from the first day of May to the last day of December 2021
    assert r01["sign"] == 1 and r01["type"] == "trust" and r01["layer"] == "informal"
    assert r01["reported_by"] == "gazette" and r01["source_id"] == "s1"
    assert r01["quote"] == "the two were said to trust each other"
    assert r01["spells"] == [("2021-05-01", "2021-12-31")]
    # jo-smith: actors.csv end 2022-06, no start -> one spell open at the start
    # (networkx reads an absent end or start as the string 'None')
    assert G.nodes["jo-smith"]["spells"] == [("None", "2022-06-30")]
    # cllr-ben-khan: no span of his own; tenure t1 as leader (open start, ends 2021-05) and
    # observation r03 (2021, no end: 2021-01-01..2021-12-31) overlap -> one spell to 2021-12-31
    assert G.nodes["cllr-ben-khan"]["spells"] == [("None", "2021-12-31")]
    # leader: tenures t1 (..2021-05) and t2 (2021-05..) cover all time -> no spells
    assert "spells" not in G.nodes["leader"]
    assert G.nodes["cllr-ada-jones"]["party"] == "Blue"
    assert G.nodes["leader"]["label"] == "Leader of the council"


def test_graphml_round_trip_gives_back_nodes_edges_and_attributes(example, tmp_path):
    G = govnet.case_graph(example)
    back = nx.read_graphml(govnet.export(example, tmp_path / "x.graphml", format="graphml"))
    assert set(back) == set(G) and set(back.edges) == set(G.edges)
    for u, v, d in G.edges(data=True):
        got = back.edges[u, v]
        assert got["sign"] == d["sign"] and got["weight"] == d["weight"]
        assert got["observations"] == ";".join(d["observations"])  # lists joined with ';'
        assert got["disagreement"] is d["disagreement"]
    for n, d in G.nodes(data=True):
        want = {k: v for k, v in d.items() if v is not None and v != []}
        want["groups"] = ";".join(d["groups"]) if d["groups"] else None
        assert {k: v for k, v in back.nodes[n].items()} == {
            k: v for k, v in want.items() if v is not None}


def test_csv_tables_are_for_gephi_and_spreadsheets(example, tmp_path):
    folder = govnet.export(example, tmp_path / "tables", format="csv")
    nodes = (folder / "nodes.csv").read_bytes()
    edges = (folder / "edges.csv").read_bytes()
    assert nodes.startswith(b"\xef\xbb\xbfId,Label,") and edges.startswith(b"\xef\xbb\xbfSource,")
    assert b",Directed," in edges and b",false," in edges and b"False" not in edges
    assert len(edges.decode("utf-8-sig").splitlines()) == 1 + govnet.case_graph(
        example).number_of_edges()


def test_pajek_arcs_carry_the_sign(example, tmp_path):
    G = govnet.case_graph(example)
    back = nx.read_pajek(govnet.export(example, tmp_path / "x.net", format="pajek"))
    assert set(back) == set(G)
    assert sorted((u, v, d["weight"]) for u, v, d in back.edges(data=True)) == sorted(
        (u, v, float(d["sign"])) for u, v, d in G.edges(data=True))


def test_bad_arguments_are_parameter_errors(example, tmp_path):
    with pytest.raises(govnet.ParameterError, match="format='svg'"):
        govnet.export(example, tmp_path / "x.svg", format="svg")
    with pytest.raises(govnet.ParameterError, match="need a case"):
        govnet.export(govnet.case_graph(example), tmp_path / "x.gexf", at="2022")
    assert not list(tmp_path.iterdir())


def test_export_command_writes_a_window_of_a_case(example, tmp_path, capsys):
    out = tmp_path / "ex.graphml"
    status = main(["export", "example", "--data", str(example.path.parent), "--format",
                   "graphml", "--window", "2021", "2021", "--out", str(out)])
    assert status == 0 and str(out) in capsys.readouterr().out
    G = nx.read_graphml(out)
    # 2021 only: r04/r05 (2022-2023) are out, r01 (2021-05..12) is in
    assert G.number_of_edges() == govnet.case_graph(example, window=("2021", "2021")) \
        .number_of_edges() < govnet.case_graph(example).number_of_edges()
    assert main(["export", "no-such-case", "--data", str(example.path.parent),
                 "--out", str(tmp_path / "y.gexf")]) == 2
    assert "no case 'no-such-case'" in capsys.readouterr().err


@pytest.mark.skipif(
    shutil.which("Rscript") is None
    or subprocess.run(["Rscript", "-e", "library(igraph)"], capture_output=True).returncode,
    reason="R with igraph is not installed and tests/setup_r.sh could not install it (needs root "
    "and apt-get); run `bash tests/setup_r.sh` to enable this test",
)
@pytest.mark.parametrize("case_id", FOUNDING)
def test_r_igraph_reads_the_graphml(case_id, tmp_path):
    G = _case(case_id).graph()
    path = govnet.export(_case(case_id), tmp_path / "x.graphml", format="graphml")
    script = (
        "suppressMessages(library(igraph)); "
        f"g <- read_graph('{path}', format = 'graphml'); "
        "cat(vcount(g), ecount(g), sum(E(g)$sign), sum(E(g)$weight), is_directed(g), "
        "class(E(g)$disagreement), V(g)$id[1], '\\n')"
    )
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True)
    print(out.stdout)
    n, m, signs, weight, directed, bool_class, first = out.stdout.split()
    assert (int(n), int(m)) == (G.number_of_nodes(), G.number_of_edges())
    assert int(signs) == sum(d["sign"] for *_, d in G.edges(data=True))
    assert int(weight) == sum(d["weight"] for *_, d in G.edges(data=True))
    assert directed == "TRUE" and bool_class == "logical" and first == list(G)[0]
