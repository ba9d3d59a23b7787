"""The codebook: the shipped vocabularies, lookup order, extensions and versions.

Every test reads the codebook govnet ships (``govnet/data/codebook.yml``), never a user's
``data/codebook.yml`` or a case's own: adding terms there must leave these tests green.
"""

import hashlib
import re
import shutil

import pandas as pd
import pytest
import yaml

import govnet
from govnet.cli import main as cli_main
from govnet.codebook import _SHIPPED, _codebook_for, _codebook_hashes
from govnet.validate import validate_case


def test_the_shipped_codebook_is_the_package_copy():
    cb = govnet.load_codebook()
    assert cb.files == (_SHIPPED,) and _SHIPPED.parent.name == "data"
    assert _SHIPPED.parent.parent == __import__("pathlib").Path(govnet.__file__).parent
    assert re.fullmatch(r"\d+\.\d+", cb.version)


def test_vocabularies():
    cb = govnet.load_codebook()
    # the seven Best Value themes (statutory guidance, May 2024); checks are "at least" so that
    # adding a term to the shipped codebook never breaks them
    assert {"continuous-improvement", "leadership", "governance", "culture", "use-of-resources",
            "service-delivery", "partnerships"} <= set(cb.themes.index)
    assert cb.themes.loc["partnerships", "label"] == "Partnerships and Community Engagement"
    assert str(cb.roles["tier"].dtype) == "Int64"
    assert pd.isna(cb.roles.loc["inspector", "tier"]) and cb.roles.loc["leader", "tier"] == 1
    assert set(cb.relation_types["layer"]) == {"formal", "informal"}
    assert set(cb.relation_types["sign"]) <= {-1, 0, 1}
    assert not cb.relation_types.loc["conflict", "directed"]
    assert cb.relation_types.loc["trust", "directed"]
    assert cb.event_types.loc["proposed-directions", "ladder_stage"] == 3
    assert cb.ladder[4] == "directions with envoys or commissioners"
    assert {"member", "officer", "external", "mixed"} <= set(cb.sides)


def test_ladder_stages_of_format_1_keep_their_numbers():
    # format 1 (codebook 1.0) numbered the ladder 0..5; the improvement panel (1.1) sits at 2.5
    cb = govnet.load_codebook()
    assert {0: "none", 1: "peer challenge", 2: "review or inspection",
            2.5: "government improvement panel", 3: "proposed directions",
            4: "directions with envoys or commissioners", 5: "de-escalation"}.items() <= cb.ladder.items()
    assert [type(k) for k in cb.ladder if k in range(6)] == [int] * 6  # ints, as in format 1
    stages = cb.event_types["ladder_stage"].dropna().to_dict()
    assert {"peer-challenge": 1, "review": 2, "inspection": 2, "proposed-directions": 3,
            "directions": 4, "de-escalation": 5, "improvement-panel": 2.5}.items() <= stages.items()


@pytest.mark.parametrize("section, term", [
    ("event_types", "public-interest-report"), ("event_types", "section-114-notice"),
    ("event_types", "investigation"), ("event_types", "suspension"),
    ("event_types", "party-discipline"), ("event_types", "police-referral"),
    ("event_types", "court-ruling"), ("event_types", "select-committee-hearing"),
    ("event_types", "public-statement"), ("event_types", "improvement-panel"),
    ("relation_types", "sanction"), ("relation_types", "acquiescence"),
    ("roles", "external-auditor"), ("roles", "national-party"), ("roles", "court"), ("roles", "mp"),
    ("roles", "investigator"), ("roles", "scrutiny-vice-chair"), ("roles", "senior-members"),
    ("source_types", "judgment"), ("source_types", "press-release"),
    ("source_types", "ministerial-statement"),
])
def test_vocabulary_the_new_councils_needed(section, term):
    assert term in govnet.load_codebook().raw[section]


def _case(tmp_path, name="example"):
    """A copy of the shipped example case in tmp_path/cases/<name>."""
    dest = tmp_path / "cases" / name
    shutil.copytree(govnet.datasets.example_path(), dest)
    return dest


def _set_version(text, version):
    return re.sub(r"^version: .*$", f'version: "{version}"', text, count=1, flags=re.M)


def test_whole_codebook_found_in_parent_or_grandparent(tmp_path):
    (tmp_path / "codebook.yml").write_text(_set_version(_SHIPPED.read_text(), "9.9"))
    case_dir = tmp_path / "cases" / "x"
    case_dir.mkdir(parents=True)
    assert _codebook_for(case_dir).version == "9.9"
    assert _codebook_for(tmp_path.parent / "elsewhere").version == govnet.load_codebook().version


def test_unreadable_codebook(tmp_path):
    (tmp_path / "codebook.yml").write_text("roles: [unclosed\n")
    with pytest.raises(govnet.DataValidationError, match="cannot read codebook"):
        govnet.load_codebook(tmp_path / "codebook.yml")


_EXT = {"extends": "govnet", "roles": {"panel-chair": {"label": "Chair of the improvement panel",
                                                       "side": "external", "tier": None}}}


def test_case_codebook_adds_terms_and_keeps_the_shipped_ones(tmp_path):
    case_dir = _case(tmp_path)
    (case_dir / "codebook.yml").write_text(yaml.safe_dump(_EXT))
    cb = _codebook_for(case_dir)
    shipped = govnet.load_codebook()
    assert cb.files == (_SHIPPED, case_dir / "codebook.yml")
    assert list(cb.roles.index) == [*shipped.roles.index, "panel-chair"]
    assert cb.relation_types.equals(shipped.relation_types) and cb.version == shipped.version
    # an actor with the new role validates in this case, and fails without the extension
    with open(case_dir / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("chair,Panel Chair,person,external,panel-chair,,,,,,\n")
    assert validate_case(case_dir)[0].empty
    (case_dir / "codebook.yml").unlink()
    assert validate_case(case_dir)[0]["code"].tolist() == ["unknown-id"]


def test_extensions_in_folders_above_and_in_the_case_all_apply(tmp_path):
    case_dir = _case(tmp_path)
    (tmp_path / "codebook.yml").write_text(yaml.safe_dump(_EXT))  # grandparent
    (case_dir / "codebook.yml").write_text(yaml.safe_dump(
        {"extends": "govnet", "source_types": {"podcast": "Podcast"}}))
    cb = _codebook_for(case_dir)
    assert "panel-chair" in cb.roles.index and "podcast" in cb.source_types
    assert cb.files == (_SHIPPED, tmp_path / "codebook.yml", case_dir / "codebook.yml")
    # --codebook takes the place of the folders above; the case's own file still adds
    other = tmp_path / "other.yml"
    other.write_text(yaml.safe_dump({"extends": "govnet", "themes": {"ethics": "Ethics"}}))
    cb = _codebook_for(case_dir, other)
    assert "ethics" in cb.themes.index and "podcast" in cb.source_types
    assert "panel-chair" not in cb.roles.index


def test_redefining_a_shipped_term_is_a_bad_codebook_naming_it(tmp_path):
    case_dir = _case(tmp_path)
    (case_dir / "codebook.yml").write_text(yaml.safe_dump(
        {"extends": "govnet", "roles": {"leader": {"label": "Leader", "side": "member", "tier": 2}}}))
    errors, _ = validate_case(case_dir)
    assert errors["code"].tolist() == ["bad-codebook"]
    assert errors.loc[0, "column"] == "roles.leader" and "redefines" in errors.loc[0, "reason"]
    # repeating a term with its shipped definition adds nothing and is fine
    leader = govnet.load_codebook().raw["roles"]["leader"]
    (case_dir / "codebook.yml").write_text(yaml.safe_dump(
        {"extends": "govnet", "roles": {"leader": leader}, "ladder": {2: "review or inspection"}}))
    assert validate_case(case_dir)[0].empty


@pytest.mark.parametrize("ext, column", [
    ({"extends": "somebody"}, "extends"),
    ({"extends": "govnet", "colours": {"red": "Red"}}, "colours"),
    ({"extends": "govnet", "ladder": {2.5: "something else"}}, "ladder.2.5"),
])
def test_bad_extensions(tmp_path, ext, column):
    (tmp_path / "codebook.yml").write_text(yaml.safe_dump(ext))
    with pytest.raises(govnet.DataValidationError) as info:
        govnet.load_codebook(tmp_path / "codebook.yml")
    assert info.value.problems.loc[0, "column"] == column


@pytest.mark.parametrize("coded, warned", [("1.0", False), ("1.1", False), ("1.9", True),
                                           ("2.0", True), ("draft", True)])
def test_version_warning_names_the_files(tmp_path, coded, warned):
    # the shipped codebook is 1.1 here: a case coded with 1.0 or 1.1 fits (minor releases only
    # add terms); a later minor, another major, or a non-number does not
    case_dir = _case(tmp_path)
    (tmp_path / "codebook.yml").write_text(_set_version(_SHIPPED.read_text(), "1.1"))
    meta = (case_dir / "case.yml").read_text().replace('codebook_version: "1.0"',
                                                      f'codebook_version: "{coded}"')
    (case_dir / "case.yml").write_text(meta)
    _, warnings = validate_case(case_dir)
    w = warnings[warnings["code"] == "codebook-version"]
    assert len(w) == int(warned)
    if warned:
        assert w.iloc[0]["file"] == "case.yml"
        assert str(tmp_path / "codebook.yml") in w.iloc[0]["reason"]


def test_cli_codebook_option(tmp_path, capsys):
    case_dir = _case(tmp_path)
    with open(case_dir / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("chair,Panel Chair,person,external,panel-chair,,,,,,\n")
    ext = tmp_path / "mine.yml"
    ext.write_text(yaml.safe_dump(_EXT))
    assert cli_main(["validate", str(case_dir)]) == 1
    assert cli_main(["validate", str(case_dir), "--codebook", str(ext)]) == 0
    assert cli_main(["validate", str(case_dir), "--codebook", str(tmp_path / "none.yml")]) == 1
    assert "bad-codebook" not in capsys.readouterr().out  # codes are not printed; reasons are


def test_codebook_hashes_for_the_manifest(tmp_path):
    case_dir = _case(tmp_path)
    assert _codebook_hashes(case_dir) == {
        "govnet/data/codebook.yml": hashlib.sha256(_SHIPPED.read_bytes()).hexdigest()}
    (tmp_path / "codebook.yml").write_text(yaml.safe_dump(_EXT))
    got = _codebook_hashes(case_dir)
    assert list(got) == ["govnet/data/codebook.yml", "../../codebook.yml"]
    assert got["../../codebook.yml"] == hashlib.sha256(
        (tmp_path / "codebook.yml").read_bytes()).hexdigest()


def test_an_improvement_panel_sits_between_review_and_proposed_directions(tmp_path):
    # the example's staged events: peer challenge 2022-03 (1), inspection 2023-03 (2),
    # proposed directions 2023-11 (3); a panel in 2023-06 is stage 2.5 between them
    case_dir = _case(tmp_path)
    with open(case_dir / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("e9,2023-06,improvement-panel,The ministry appoints an improvement panel,,s1,,,\n")
    case = govnet.load_case(case_dir)
    lad = govnet.oversight_ladder(case)
    assert lad["stage"].tolist() == [1, 2, 2.5, 3]
    assert lad.loc[2, "label"] == "government improvement panel" and lad.loc[1, "label"] == \
        "review or inspection"
    assert govnet.casestudy.ladder_stage_at(case, "2023-07") == 2.5
    # without the panel the stages stay ints, as in format 1
    assert str(govnet.oversight_ladder(govnet.datasets.example_case())["stage"].dtype) == "int64"


def test_load_case_takes_the_same_codebook_option(tmp_path):
    case_dir = _case(tmp_path)
    with open(case_dir / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("chair,Panel Chair,person,external,panel-chair,,,,,,\n")
    ext = tmp_path / "mine.yml"
    ext.write_text(yaml.safe_dump(_EXT))
    with pytest.raises(govnet.DataValidationError, match="unknown role"):
        govnet.load_case(case_dir)
    case = govnet.load_case(case_dir, codebook=ext)
    assert case.codebook.files == (_SHIPPED, ext) and case.actors["role"].iloc[-1] == "panel-chair"
