"""govnet.pseudonymise on the founding case waltham-forest and the invented example."""

import re
import shutil
from pathlib import Path

import pytest

import govnet
from govnet.cli import main

ROOT = Path(__file__).resolve().parents[1]
# Every form of the case's named persons (actors.csv: "Cllr Tony Buckley", aliases "Tony
# Buckley", "Cllr Buckley"; "Simon White", alias "Mr White"), their surnames alone and ids.
WF_NAMES = [r"Tony\s+Buckley", r"\bBuckley\b", r"Simon\s+White", r"\bWhite\b", r"BUCKLEY",
            r"cllr-tony-buckley", r"simon-white", r"tony-buckley"]  # fmt: skip


def _texts(folder):
    return {p.relative_to(folder): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


@pytest.fixture
def wf(tmp_path):
    return Path(shutil.copytree(ROOT / "data" / "cases" / "waltham-forest",
                                tmp_path / "src" / "waltham-forest"))


def test_founding_case_pseudonymised(wf, tmp_path):
    # the originals are there to begin with (so the test below can fail)
    assert all(any(re.search(n, t) for t in _texts(wf).values()) for n in WF_NAMES[:4])
    key = govnet.pseudonymise(wf, tmp_path / "pub" / "anon", key=tmp_path / "secret" / "key.csv")
    out = tmp_path / "pub" / "anon"
    errors, _ = govnet.validate_case(out)
    assert len(errors) == 0  # every quote still stands in the pseudonymised source texts
    for name, text in _texts(out).items():
        for n in WF_NAMES:
            assert not re.search(n, text), (name, n)
    assert not any(p.name == "key.csv" for p in out.rglob("*"))
    k = key.set_index("original_id")
    assert k.loc["cllr-tony-buckley", "pseudonym"] == "Person A"
    case = govnet.load_case(out)
    a = case.actors.set_index("id")
    # roles, posts and sides kept; the tie of the leader and the chief executive too
    assert a.loc["person-a", ["name", "role", "side"]].tolist() == ["Cllr Person A", "leader", "member"]
    assert case.tenures.loc[0, ["actor", "post", "quote"]].tolist() == [
        "person-a", "leader", "council leader Person A"]
    dyad = govnet.key_dyad(case.graph(at="2003"))
    assert (dyad["a"], dyad["b"], dyad["a_to_b"]) == ("person-a", "person-b", -1)


def test_same_key_same_pseudonyms(wf, tmp_path):
    key = tmp_path / "key.csv"
    govnet.pseudonymise(wf, tmp_path / "one", key=key)
    first = key.read_bytes()
    govnet.pseudonymise(wf, tmp_path / "two", key=key)
    assert key.read_bytes() == first
    one, two = _texts(tmp_path / "one"), _texts(tmp_path / "two")
    one.pop(Path("case.yml")), two.pop(Path("case.yml"))  # ids differ: "one", "two"
    assert one == two
    # a later update: a new person listed first still leaves the old pseudonyms as they were
    actors = (wf / "actors.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    actors.insert(1, "jane-doe,Jane Doe,person,officer,,,,,,,invented for the test\n")
    (wf / "actors.csv").write_text("".join(actors), encoding="utf-8")
    k = govnet.pseudonymise(wf, tmp_path / "three", key=key).set_index("original_id")
    assert k.loc[["cllr-tony-buckley", "jane-doe"], "pseudonym_id"].tolist() == [
        "person-a", "person-d"]


def test_refusals(wf, tmp_path):
    with pytest.raises(govnet.ParameterError, match="inside --out"):
        govnet.pseudonymise(wf, tmp_path / "anon", key=tmp_path / "anon" / "key.csv")
    (tmp_path / "exists").mkdir()
    with pytest.raises(govnet.ParameterError, match="never overwrites"):
        govnet.pseudonymise(wf, tmp_path / "exists")
    # an out folder named after a person: its id in case.yml would publish the name
    with pytest.raises(govnet.DataValidationError) as err:
        govnet.pseudonymise(wf, tmp_path / "tony-buckley-case")
    assert err.value.problems[["file", "row", "value"]].values.tolist() == [
        ["case.yml", 1, "tony-buckley"]]
    assert not (tmp_path / "tony-buckley-case").exists()
    assert not (tmp_path / "tony-buckley-case-key.csv").exists()


def test_cli_keep_roles_and_councils(tmp_path):
    ex = govnet.datasets.example_path()
    out = tmp_path / "anon"
    assert main(["pseudonymise", str(ex), "--out", str(out), "--keep-roles", "--councils"]) == 0
    assert (tmp_path / "anon-key.csv").is_file()
    texts = _texts(out)
    assert not any("Example Borough Council" in t or "Ada Jones" in t for t in texts.values())
    src = texts[Path("sources/example.txt")]
    # Cllr Ada Jones's own role in actors.csv is councillor: "Councillor A"
    assert "won control of Council A and Cllr Councillor A became leader" in src
    assert len(govnet.validate_case(out)[0]) == 0


def test_name_forms_on_an_invented_case(tmp_path):
    ex = Path(shutil.copytree(govnet.datasets.example_path(), tmp_path / "src" / "example"))
    # a second Smith makes "Smith" alone ambiguous; a role phrase as an alias; a name broken
    # across lines in the source text (an invented text: the example's)
    actors = (ex / "actors.csv").read_text(encoding="utf-8")
    actors = actors.replace("Cllr Ada Jones,person,member,councillor,Blue,,,,Ada Jones,",
                            "Cllr Ada Jones,person,member,councillor,Blue,,,,Ada Jones;the Leader,")
    actors += "ann-smith,Ann Smith,person,officer,,,,,,,invented\n"
    (ex / "actors.csv").write_text(actors, encoding="utf-8")
    text = (ex / "sources" / "example.txt").read_text(encoding="utf-8")
    (ex / "sources" / "example.txt").write_text(
        text.replace("chief executive Jo Smith,", "chief executive Jo\nSmith,") + "\nSmith.\n",
        encoding="utf-8")
    key = govnet.pseudonymise(ex, tmp_path / "anon").set_index("original_id")["pseudonym"]
    src = (tmp_path / "anon" / "sources" / "example.txt").read_text(encoding="utf-8")
    assert f"chief executive {key['jo-smith']}," in src  # across the line break
    assert src.endswith("\nSmith.\n")  # ambiguous surname alone: left as it is
    assert "the leader worked closely" in src  # a role phrase is not a name
    assert "Jones" not in src and "Ann Smith" not in src
    assert len(govnet.validate_case(tmp_path / "anon")[0]) == 0
