"""govnet.export: GEXF 1.3 (schema-valid, dynamic), GraphML (networkx and R igraph), CSV, Pajek.

The GEXF 1.3 XML schema is in tests/schemas/gexf-1.3 (CC BY 4.0, see its README). Gephi itself
cannot run here, so GEXF is checked against the schema and read back with networkx. The R test
needs Rscript and igraph (``tests/setup_r.sh``, run by ``make test``, installs them from Debian);
where they cannot be installed it is skipped with a message saying so.
"""

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

import govnet
from govnet.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOUNDING = ["waltham-forest", "southampton", "tower-hamlets"]
XSD = HERE / "schemas" / "gexf-1.3" / "gexf.xsd"


@pytest.fixture(scope="module")
def schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(XSD))


@pytest.fixture(scope="module")
def example():
    return govnet.datasets.example_case()


def _case(case_id):
    return govnet.load_case(ROOT / "data" / "cases" / case_id)


@pytest.mark.parametrize("case_id", FOUNDING)
def test_gexf_of_each_founding_case_is_valid_gexf_1_3(case_id, schema, tmp_path):
    case = _case(case_id)
    dynamic = govnet.export(case, tmp_path / "dynamic.gexf")
    static = govnet.export(case.graph(), tmp_path / "static.gexf")
    schema.validate(str(dynamic))
    schema.validate(str(static))
    text = dynamic.read_text(encoding="utf-8")
    assert 'version="1.3"' in text and 'mode="dynamic"' in text and "<spell " in text
    assert "None" not in text  # no Python None written as a value


def test_the_schema_check_can_fail(schema, example, tmp_path):
    """The validator is not vacuous: a GEXF with an impossible date in a spell is refused."""
    path = govnet.export(example, tmp_path / "x.gexf")
    broken = path.read_text(encoding="utf-8").replace('start="2021-05-01"', 'start="2021-13"', 1)
    assert broken != path.read_text(encoding="utf-8")
    assert not schema.is_valid(broken)


def test_dynamic_gexf_round_trip_gives_back_observations_and_spells(example, tmp_path):
    path = govnet.export(example, tmp_path / "x.gexf", resolve_posts=False)
    G = nx.read_gexf(path)
    expected = govnet.case_graph(example, aggregate=None, resolve_posts=False)
    assert set(G) == set(expected)
    assert G.number_of_edges() == expected.number_of_edges()
    assert {d["id"] for *_, d in G.edges(data=True)} == set(example.relations["id"])
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
