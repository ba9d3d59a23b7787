"""Tests of govnet.graph.case_graph on small hand-built cases (the case-graph convention)."""

import types as _types
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml

import govnet
from govnet.exceptions import ParameterError

_CB = Path(__file__).resolve().parents[1] / "govnet" / "data" / "codebook.yml"


def _codebook():
    raw = yaml.safe_load(_CB.read_text())
    roles = pd.DataFrame.from_dict(raw["roles"], orient="index")
    rtypes = pd.DataFrame.from_dict(raw["relation_types"], orient="index")
    etypes = pd.DataFrame.from_dict(raw["event_types"], orient="index")
    return _types.SimpleNamespace(
        version=raw["version"], raw=raw, roles=roles, relation_types=rtypes,
        event_types=etypes, themes=raw["themes"], ladder={float(k): v for k, v in raw["ladder"].items()},
    )  # fmt: skip


def _df(rows, cols):
    df = pd.DataFrame(rows, columns=cols).astype("string")
    return df


def hand_case(actors, relations, tenures=(), events=(), meta=None):
    """A Case-like object built by hand, with the loader's derived columns (contract.md).

    actors: (id, kind, side, role, party[, start, end]); relations: (id, source, target, type,
    sign, start[, end, reported_by, theme]); tenures: (id, actor, post, start, end, interim);
    events: (id, date, type, description).
    """
    cb = _codebook()
    a = pd.DataFrame(
        [dict(zip(["id", "kind", "side", "role", "party", "start", "end"], r, strict=False))
         for r in actors],
        columns=["id", "kind", "side", "role", "party", "start", "end"],
    ).astype("string")
    a["name"] = a["id"]
    a["tier"] = a["role"].map(cb.roles["tier"]).astype("Int64")
    rc = ["id", "source", "target", "type", "sign", "start", "end", "reported_by", "theme"]
    r = pd.DataFrame([dict(zip(rc, x, strict=False)) for x in relations], columns=rc)
    r["sign"] = r["sign"].astype("Int64")
    r = r.astype({c: "string" for c in rc if c != "sign"})
    r["reported_by"] = r["reported_by"].fillna("coder")
    r["source_id"] = "s1"
    r["locator"] = "p1"
    r["quote"] = "q"
    r["confidence"] = "high"
    r["layer"] = r["type"].map(cb.relation_types["layer"]).astype("string")
    r["directed"] = r["type"].map(cb.relation_types["directed"]).astype("boolean")
    tc = ["id", "actor", "post", "start", "end", "interim"]
    t = pd.DataFrame([dict(zip(tc, x, strict=False)) for x in tenures], columns=tc)
    t["interim"] = t["interim"].fillna(False).astype("boolean")
    t = t.astype({c: "string" for c in tc if c != "interim"})
    ec = ["id", "date", "type", "description"]
    e = pd.DataFrame([dict(zip(ec, x, strict=False)) for x in events], columns=ec).astype("string")
    for c in ("actors", "source_id", "locator", "quote"):
        e[c] = pd.Series(pd.NA, index=e.index, dtype="string")
    return _types.SimpleNamespace(
        id="hand", path=Path("."), meta=meta or {"id": "hand"}, codebook=cb,
        sources=pd.DataFrame(), actors=a, tenures=t, relations=r, events=e,
    )  # fmt: skip


def relabel(case, mapping):
    """The same case with actor ids renamed (for the relabelling contract tests)."""
    c = _types.SimpleNamespace(**vars(case))
    c.actors = case.actors.assign(id=case.actors["id"].replace(mapping),
                                  name=case.actors["name"].replace(mapping))  # fmt: skip
    c.relations = case.relations.assign(
        **{k: case.relations[k].replace(mapping) for k in ("source", "target", "reported_by")})
    c.tenures = case.tenures.assign(
        **{k: case.tenures[k].replace(mapping) for k in ("actor", "post")})
    return c


# A small council: leader L, chief executive post CE held by P1 (to 2021-06) then P2,
# cabinet member C, director D, backbencher B, a group G (members B), inspectorate X.
ACTORS = [
    ("L", "person", "member", "leader", "Lab"),
    ("C", "person", "member", "cabinet-member", "Lab"),
    ("B", "person", "member", "backbench", "Con"),
    ("CE", "post", "officer", "chief-executive", None),
    ("P1", "person", "officer", "chief-executive", None),
    ("P2", "person", "officer", "chief-executive", None),
    ("D", "person", "officer", "corporate-director", None),
    ("G", "group", "member", "opposition", "Con"),
    ("X", "organisation", "external", "inspectorate", None, "2022", None),
]
TENURES = [
    ("t1", "P1", "CE", "2019", "2021-06", False),
    ("t2", "P2", "CE", "2021-07", None, True),
    ("t3", "B", "G", "2019", None, False),
]
RELATIONS = [
    ("r1", "L", "CE", "distrust", -1, "2020"),              # CE -> P1 in 2020
    ("r2", "CE", "L", "criticism", -1, "2020", None, "X"),  # P1 -> L, reported by X
    ("r3", "CE", "L", "support", 1, "2020", None, "C"),     # P1 -> L, reported by C
    ("r4", "L", "C", "cooperation", 1, "2020"),             # undirected: L<->C
    ("r5", "L", "D", "line-management", 0, "2020"),         # formal
    ("r6", "G", "D", "criticism", -1, "2022"),
    ("r7", "L", "CE", "trust", 1, "2021"),                  # 2021: CE has two holders -> stays CE
]


@pytest.fixture
def case():
    return hand_case(ACTORS, RELATIONS, TENURES)


def test_multigraph_one_edge_per_observation(case):
    G = govnet.case_graph(case, at="2020", aggregate=None)
    assert isinstance(G, nx.MultiDiGraph)
    # r1,r2,r3,r5 once each, r4 undirected twice -> 6 edges (worked by hand)
    assert G.number_of_edges() == 6
    assert sorted(d["id"] for _, _, d in G.edges(data=True)) == ["r1", "r2", "r3", "r4", "r4", "r5"]
    assert {d["directed"] for _, _, d in G.edges("L", data=True) if d["id"] == "r4"} == {False}
    assert ("L", "P1") in G.edges  # the post CE resolved to P1 in 2020


def test_net_aggregate_and_disagreement(case):
    G = govnet.case_graph(case, at="2020")
    assert isinstance(G, nx.DiGraph)
    e = G.edges["P1", "L"]  # r2 (-1) + r3 (+1): sum 0 -> net sign 0, disagreement
    assert (e["sign"], e["weight"], e["disagreement"]) == (0, 2, True)
    assert e["observations"] == ["r2", "r3"] and e["reporters"] == ["C", "X"]
    assert e["type"] == "criticism"  # tie 1-1: alphabetical
    assert G.edges["L", "P1"]["sign"] == -1
    assert G.edges["L", "D"]["layer"] == "formal"
    # majority: one -1, one +1, no zero -> tie -> 0; latest: both end 2020-12-31, ties by id -> r3 (+1)
    assert govnet.case_graph(case, at="2020", aggregate="majority").edges["P1", "L"]["sign"] == 0
    assert govnet.case_graph(case, at="2020", aggregate="latest").edges["P1", "L"]["sign"] == 1


def test_node_attributes_and_nodes(case):
    G = govnet.case_graph(case, at="2020")
    # ties in 2020: L, C, D and P1 (the post CE resolved); B holds a position (member of G);
    # left out: X (exists from 2022), CE (a post, untouched once resolved), G (no tie, holds
    # nothing) and P2 (holds CE only from 2021-07)
    assert sorted(G.nodes) == ["B", "C", "D", "L", "P1"]
    assert G.nodes["L"] == {"name": "L", "kind": "person", "side": "member", "role": "leader",
                            "tier": 1, "party": "Lab", "groups": [], "post": None,
                            "interim": False}  # fmt: skip
    assert G.nodes["P1"]["post"] == "CE"
    assert G.nodes["B"]["groups"] == ["G"] and G.nodes["D"]["tier"] == 2


def test_posts_with_several_holders_stay(case):
    G = govnet.case_graph(case, at="2021")  # P1 to June, P2 from July: ambiguous
    assert ("L", "CE") in G.edges and G.nodes["CE"]["kind"] == "post"
    G = govnet.case_graph(case, at="2021-03")
    assert ("L", "P1") in G.edges
    G = govnet.case_graph(case, at="2021", resolve_posts=False)
    assert ("L", "CE") in G.edges


def test_window_filters_and_groups(case):
    G = govnet.case_graph(case, window=("2020-06", "2022"), layers=("informal",))
    assert ("L", "D") not in G.edges and ("G", "D") in G.edges
    G = govnet.case_graph(case, at="2022", expand_groups=True)
    assert ("B", "D") in G.edges and "G" not in G
    G = govnet.case_graph(case, reported_by="X")
    assert [(u, v) for u, v in G.edges] == [("P1", "L")]
    G = govnet.case_graph(case, types=["cooperation"])
    assert sorted(G.edges) == [("C", "L"), ("L", "C")]
    assert govnet.case_graph(case, at="2030").number_of_edges() == 0


def test_relabelling_changes_nothing(case):
    m = {"L": "zz-leader", "P1": "aa", "C": "m1"}
    G1 = govnet.case_graph(case, at="2020")
    G2 = govnet.case_graph(relabel(case, m), at="2020")
    back = {v: k for k, v in m.items()}
    H = nx.relabel_nodes(G2, back)
    assert sorted(H.edges(data="sign")) == sorted(G1.edges(data="sign"))


def test_bad_input(case):
    with pytest.raises(ParameterError, match="Case"):
        govnet.case_graph(nx.DiGraph())
    with pytest.raises(ParameterError, match="not both"):
        govnet.case_graph(case, at="2020", window=("2020", "2021"))
    with pytest.raises(ParameterError, match="layers"):
        govnet.case_graph(case, layers=("social",))
    with pytest.raises(ParameterError, match="at="):
        govnet.case_graph(case, at="soon")
    with pytest.raises(ParameterError, match="unknown relation"):
        govnet.case_graph(case, types="hug")
    with pytest.raises(ParameterError, match="aggregate"):
        govnet.case_graph(case, aggregate="mean")


def test_empty_case_gives_nodes_without_edges():
    c = hand_case(ACTORS, [], TENURES)
    for agg in (None, "net"):
        G = govnet.case_graph(c, at="2020", aggregate=agg)
        assert G.number_of_edges() == 0
        # no ties: only the actors holding a position in 2020 (P1 holds CE, B belongs to G)
        assert sorted(G) == ["B", "P1"]


def test_a_formal_tie_never_nets_out_an_informal_one():
    # worked by hand: L -> D has a formal delegation -1 and an informal cooperation +1 in 2020.
    # The edge carries the informal layer, so its sign is that of the informal observation
    # (+1) under net, majority and latest; weight counts both. Both rows are the account of
    # one reporter ("coder"), so the opposite signs are a change of that account, not a
    # disagreement between reporters (issue 17 item 8).
    rel = [("r1", "L", "D", "delegation", -1, "2020"), ("r2", "L", "D", "cooperation", 1, "2020")]
    c = hand_case(ACTORS, rel, TENURES)
    for how in ("net", "majority", "latest"):
        e = govnet.case_graph(c, at="2020", aggregate=how).edges["L", "D"]
        assert (e["sign"], e["layer"], e["weight"]) == (1, "informal", 2), how
        assert (e["disagreement"], e["change"]) == (False, True), how
    # a pair with formal observations only keeps their sign
    c = hand_case(ACTORS, [("r1", "L", "D", "delegation", -1, "2020")], TENURES)
    assert govnet.case_graph(c, at="2020").edges["L", "D"]["sign"] == -1
