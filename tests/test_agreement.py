"""Inter-coder agreement (govnet.agreement) on two invented codings worked out by hand."""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govnet
from govnet.agreement import _alpha, _cohen_kappa
from govnet.cli import main

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["id", "source", "target", "type", "sign", "directed", "start", "end", "reported_by",
          "source_id", "locator", "quote", "coder", "confidence", "theme", "notes"]  # fmt: skip
Q3 = "the two were said to trust each other"
Q4 = "the outgoing leader and the chief executive had cooperated well on the budget"
Q5 = "the leader had stopped taking the chief executive's advice on housing"
Q6 = "The leader's office accused senior officers of political bias"
Q9 = "The cabinet withdrew delegated powers from officers on planning decisions"
Q11 = "The monitoring officer advised the cabinet that its decisions were open to challenge"
Q12 = "The leader's office instructed staff directly"

# Coder A (ann) and coder B (bob) code the invented example source (govnet's example case).
# (source, target, type, sign, start, end, reported_by, locator, quote)
CODING_A = [
    ("leader", "chief-executive", "trust", 1, "2021-05", "2021-12", "gazette", "para 3", Q3),
    ("chief-executive", "leader", "trust", 1, "2021-05", "2021-12", "gazette", "para 3", Q3),
    ("cllr-ben-khan", "chief-executive", "cooperation", 1, "2021", "", "staff", "para 4", Q4),
    ("leader", "chief-executive", "disregard", -1, "2022", "2023", "gazette", "para 5", Q5),
    ("leaders-office", "clt", "perceived-bias", -1, "2022", "", "leaders-office", "para 6", Q6),
    ("cabinet", "staff", "delegation", -1, "2022", "", "gazette", "para 9", Q9),
    ("monitoring-officer", "cabinet", "advice", 0, "2022", "", "gazette", "para 11", Q11),
]
CODING_B = [
    # coded on the persons: the leader in 2021-05..12 is Ada Jones (from the handover of May
    # 2021), the chief executive Jo Smith -> the same unit as A's r1 (quote contains A's)
    ("cllr-ada-jones", "jo-smith", "trust", 1, "2021-05", "2021-12", "gazette", "para 3",
     "worked closely with chief executive Jo Smith, and the two were said to trust each other"),
    ("jo-smith", "cllr-ada-jones", "trust", 1, "2021-05", "2021-12", "gazette", "para 3", Q3),
    ("cllr-ben-khan", "chief-executive", "alliance", 1, "2021", "", "staff", "para 4", Q4),  # type
    ("leader", "chief-executive", "disregard", 0, "2022", "2023", "gazette", "para 5", Q5),  # sign
    ("clt", "leaders-office", "perceived-bias", -1, "2022", "", "leaders-office", "para 6",
     Q6),  # direction
    # A's r6 (cabinet -> staff) is not coded by B
    ("monitoring-officer", "cabinet", "advice", 0, "2022", "", "gazette", "para 11", Q11),
    ("leaders-office", "staff", "pressure", -1, "2022", "", "gazette", "para 12", Q12),  # B only
]


def _coding(tmp_path, name, coder, rows):
    """The example case copied to tmp_path/name with ``rows`` as relations coded by ``coder``."""
    folder = tmp_path / name
    shutil.copytree(govnet.datasets.example_path(), folder)
    meta = (folder / "case.yml").read_text(encoding="utf-8")
    meta = meta.replace("id: example", f"id: {name}").replace("[govnet-team]", f"[{coder}]")
    (folder / "case.yml").write_text(meta, encoding="utf-8")
    recs = [dict(zip(["source", "target", "type", "sign", "start", "end", "reported_by",
                      "locator", "quote"], r, strict=True)) for r in rows]  # fmt: skip
    df = pd.DataFrame(recs).assign(id=[f"r{i}" for i in range(1, len(rows) + 1)], directed="",
                                   source_id="s1", coder=coder, confidence="high", theme="",
                                   notes="")  # fmt: skip
    df[HEADER].to_csv(folder / "relations.csv", index=False, lineterminator="\n")
    return folder


@pytest.fixture
def codings(tmp_path):
    return _coding(tmp_path, "coder-a", "ann", CODING_A), _coding(tmp_path, "coder-b", "bob", CODING_B)


def test_units_are_matched_as_worked_by_hand(codings):
    res = govnet.agreement(*codings)
    both = res.units[res.units["status"] == "both"]
    # A's r1..r5 and r7 match B's r1..r5 and r6; A's r6 and B's r7 stay unmatched: 8 units
    assert list(zip(both["a_id"], both["b_id"], strict=True)) == [
        ("r1", "r1"), ("r2", "r2"), ("r3", "r3"), ("r4", "r4"), ("r5", "r5"), ("r7", "r6")]
    assert res.unmatched_a == ["r6"] and res.unmatched_b == ["r7"]
    assert len(res.units) == 8


def test_statistics_as_worked_by_hand(codings):
    s = govnet.agreement(*codings).statistics.set_index("variable")
    # presence: 6 of 8 units coded by both -> 0.75; p_A = p_B = 7/8,
    # p_e = (7/8)^2 + (1/8)^2 = 50/64, kappa = (48/64 - 50/64) / (14/64) = -1/7
    assert s.loc["presence", ["units", "agree"]].tolist() == [8, 6]
    assert s.loc["presence", "percent"] == pytest.approx(0.75)
    assert s.loc["presence", "kappa"] == pytest.approx(-1 / 7)
    # type on the 6 matched units: 5 agree (cooperation vs alliance). Shares: trust 2/6 each,
    # disregard, perceived-bias, advice 1/6 each, cooperation only A, alliance only B:
    # p_e = (4 + 1 + 1 + 1) / 36 = 7/36, kappa = (30/36 - 7/36) / (29/36) = 23/29
    assert s.loc["type", "percent"] == pytest.approx(5 / 6)
    assert s.loc["type", "kappa"] == pytest.approx(23 / 29)
    # sign: A 1,1,1,-1,-1,0; B 1,1,1,0,-1,0: 5 agree; p_e = (3*3 + 2*1 + 1*2) / 36 = 13/36,
    # kappa = (30 - 13) / (36 - 13) = 17/23
    assert s.loc["sign", "kappa"] == pytest.approx(17 / 23)
    # ordinal alpha (Krippendorff 2011): value totals n_-1 = 3, n_0 = 3, n_1 = 6 (n = 12);
    # delta^2(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2)^2: (-1, 0) 9, (0, 1) 20.25,
    # (-1, 1) 56.25. The one disagreeing unit (-1, 0) gives o_(-1,0) = o_(0,-1) = 1:
    # alpha = 1 - (n - 1) * 2 * 9 / (2 * (3*3*9 + 3*6*20.25 + 3*6*56.25)) = 1 - 198/2916
    assert s.loc["sign", "alpha"] == pytest.approx(1 - 198 / 2916)
    # direction: A forward x5, undirected x1; B forward x4, undirected x1, reverse x1
    # p_e = (5*4 + 1*1) / 36 = 21/36, kappa = (30 - 21) / (36 - 21) = 0.6
    assert s.loc["direction", "percent"] == pytest.approx(5 / 6)
    assert s.loc["direction", "kappa"] == pytest.approx(0.6)
    assert s.loc["date", "percent"] == 1.0 and s.loc["reporter", "kappa"] == 1.0


def test_disagreement_report(codings, tmp_path):
    res = govnet.agreement(*codings)
    d = res.disagreements.set_index("a_id")
    assert len(d) == 5
    assert d.loc["r3", "disagree_on"] == "type" and d.loc["r4", "disagree_on"] == "sign"
    assert d.loc["r5", "disagree_on"] == "direction" and d.loc["r6", "disagree_on"] == "presence"
    assert d.loc["r5", ["a_source", "b_source"]].tolist() == ["leaders-office", "clt"]
    assert main(["agree", str(codings[0]), str(codings[1]), "--out", str(tmp_path / "rep")]) == 0
    html = (tmp_path / "rep" / "disagreements.html").read_text(encoding="utf-8")
    assert "The leader&#x27;s office instructed staff directly" in html  # escaped data text
    assert "<td class='none'>not coded</td>" in html
    back = pd.read_csv(tmp_path / "rep" / "disagreements.csv")
    assert back["disagree_on"].tolist() == ["type", "sign", "direction", "presence", "presence"]


def test_quote_overlap_below_threshold_is_no_match(codings, tmp_path):
    rows = [*CODING_B[:6]]
    # distinct words shared / distinct words of the shorter quote, locators all different:
    rows[1] = (*CODING_B[1][:7], "p. 1", "the two were")  # 3/3 -> one unit
    rows[2] = (*CODING_B[2][:7], "p. 1", "Officers said the outgoing leader")  # 3/5 -> unit
    rows[3] = (*CODING_B[3][:7], "p. 1", "and the relationship broke down")  # 1/5 -> none
    b = _coding(tmp_path, "coder-c", "bob", rows)
    res = govnet.agreement(codings[0], b)
    assert res.units.set_index("b_id").loc[["r2", "r3", "r4"], "status"].tolist() == [
        "both", "both", "b only"]


# --------------------------------------------------------- published worked examples
def test_alpha_reproduces_krippendorff_2011_examples():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example A: binary
    # data, two observers, ten units, alpha = 0.095 (as the paper gives it).
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(_alpha(a, b, "nominal"), 3) == 0.095
    # ... and the sign alpha of identical codings is 1, of a single value undefined
    assert _alpha([1, -1, 0], [1, -1, 0], "ordinal") == 1.0
    assert np.isnan(_alpha([1, 1], [1, 1], "nominal"))


def test_cohen_kappa_reproduces_a_published_table():
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by two readers;
    # both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert _cohen_kappa(a, b) == pytest.approx(0.4)
    assert np.isnan(_cohen_kappa(["x", "x"], ["x", "x"]))


# --------------------------------------------------------- merge
def test_merge_writes_agreed_once_and_adjudication(codings, tmp_path):
    out = govnet.merge(*codings, tmp_path / "merged")
    m = govnet.load_case(out)
    # agreed on every variable: A's r1 (= B's r1), r2 (= B's r2), r7 (= B's r6)
    assert m.relations["id"].tolist() == ["r1", "r2", "r7"]
    assert set(m.relations["coder"]) == {"ann;bob"} and m.meta["coders"] == ["ann", "bob"]
    assert "coder" not in set(m.warnings["column"])  # "ann;bob": both listed in case.yml
    adj = pd.read_csv(out / "adjudication.csv", dtype=str, keep_default_na=False)
    assert adj["disagree_on"].tolist() == ["type", "sign", "direction", "presence", "presence"]
    assert adj["a_id"].tolist() == ["r3", "r4", "r5", "r6", ""]
    # B's r3, r4, r5, r7 collide with A's ids -> r3-b ...; the B-only unit has no A coding
    assert adj["b_id"].tolist() == ["r3-b", "r4-b", "r5-b", "", "r7-b"]
    assert adj.loc[2, "b_source"] == "clt" and adj.loc[4, "b_quote"] == Q12
    with pytest.raises(govnet.ParameterError, match="never overwrites"):
        govnet.merge(*codings, out)
    assert main(["merge", str(codings[0]), "--out", str(tmp_path / "m2")]) == 2  # one coding
    assert not (tmp_path / "m2").exists()


def test_resolve_completes_the_merge(codings, tmp_path):
    out = tmp_path / "merged"
    assert main(["merge", str(codings[0]), str(codings[1]), "--out", str(out)]) == 0
    adj_path = out / "adjudication.csv"
    adj = pd.read_csv(adj_path, dtype=str, keep_default_na=False)
    adj["decision"] = ["b", "a", "both", "neither", "x"]
    adj.to_csv(adj_path, index=False)
    with pytest.raises(govnet.DataValidationError) as err:  # every bad row at once
        govnet.resolve_merge(adj_path)
    assert err.value.problems["row"].tolist() == [6]
    adj.loc[4, "decision"] = "a"  # the B-only unit has no A coding
    adj.to_csv(adj_path, index=False)
    with pytest.raises(govnet.DataValidationError, match="no coding by a"):
        govnet.resolve_merge(adj_path)
    before = (out / "relations.csv").read_bytes()
    adj.loc[4, "decision"] = "b"
    adj.to_csv(adj_path, index=False)
    assert main(["merge", "--resolve", str(adj_path)]) == 0
    errors, _ = govnet.validate_case(out)
    assert len(errors) == 0
    m = govnet.load_case(out)
    # 3 agreed + B's r3 + A's r4 + A's r5 and B's r5 + B's r7 (A's r6 rejected)
    assert m.relations["id"].tolist() == ["r1", "r2", "r7", "r3-b", "r4", "r5", "r5-b", "r7-b"]
    assert m.relations.set_index("id").loc["r3-b", "type"] == "alliance"
    assert (out / "relations.csv").read_bytes() != before
    with pytest.raises(govnet.ParameterError, match="already applied"):
        govnet.resolve_merge(adj_path)


def test_validate_accepts_several_listed_coders(codings):
    # a merged case's coder cell lists both coders; each must be in case.yml coders
    folder = codings[0]
    meta = (folder / "case.yml").read_text(encoding="utf-8").replace("[ann]", "[ann, bob]")
    (folder / "case.yml").write_text(meta, encoding="utf-8")
    rel = pd.read_csv(folder / "relations.csv", dtype=str, keep_default_na=False)
    rel["coder"] = ["ann;bob", "ann; bob", "ann;carl", "ann", "bob", "ann", "ann"]
    rel.to_csv(folder / "relations.csv", index=False)
    _, warnings = govnet.validate_case(folder)
    coder = warnings[warnings["column"] == "coder"]
    assert coder[["row", "value"]].values.tolist() == [[4, "carl"]]  # the unknown one of the list


def test_merge_of_a_case_with_itself_is_the_case(tmp_path):
    # every observation agrees with itself: the same tables come back (the loader's view;
    # write_case spells out the type's default `directed`), nothing to adjudicate
    wf = ROOT / "data" / "cases" / "waltham-forest"
    out = govnet.merge(wf, wf, tmp_path / "waltham-forest")
    old, new = govnet.load_case(wf), govnet.load_case(out)
    for t in ("relations", "actors", "tenures", "events", "sources"):
        pd.testing.assert_frame_equal(getattr(new, t), getattr(old, t), obj=t)
    assert len(pd.read_csv(out / "adjudication.csv")) == 0


def test_merge_keeps_an_explicit_direction(codings, tmp_path):
    # A's r3 is a cooperation (undirected by default) coded directed: the merged row keeps it
    rel = pd.read_csv(codings[0] / "relations.csv", dtype=str, keep_default_na=False)
    rel.loc[2, "directed"] = "yes"
    rel.to_csv(codings[0] / "relations.csv", index=False)
    m = govnet.load_case(govnet.merge(codings[0], codings[0], tmp_path / "merged"))
    assert m.relations.set_index("id").loc["r3", "directed"]


def test_resolve_refuses_a_file_that_is_not_an_adjudication(codings, tmp_path):
    out = govnet.merge(*codings, tmp_path / "merged")
    (out / "adjudication.csv").write_bytes(b'unit,decision\n"u1,a\n\xff\n')
    with pytest.raises(govnet.ParameterError, match="not a readable UTF-8 CSV"):
        govnet.resolve_merge(out / "adjudication.csv")
    (out / "adjudication.csv").write_text("unit,decision\nu1,a\n", encoding="utf-8")
    with pytest.raises(govnet.ParameterError, match="not an adjudication file"):
        govnet.resolve_merge(out / "adjudication.csv")
