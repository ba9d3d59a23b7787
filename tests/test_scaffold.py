"""govnet init: a new case folder that validates with only the "fill me in" messages."""

import pytest
import yaml

import govnet
from govnet.cli import main


def test_init_makes_a_folder_whose_only_problems_are_the_keys_to_fill_in(tmp_path):
    folder = govnet.init_case("my-council", data_dir=tmp_path)
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    assert meta["id"] == "my-council" and meta["codebook_version"] == govnet.load_codebook().version
    errors, warnings = govnet.validate_case(folder)
    assert sorted(errors["column"]) == ["coders", "council", "period", "summary", "title"]
    assert set(errors["code"]) == {"missing-value"} and len(warnings) == 0


def test_every_table_gets_the_schema_header(tmp_path):
    folder = govnet.init_case("x1", data_dir=tmp_path)
    for table in govnet.TABLES:
        header = (folder / f"{table}.csv").read_text(encoding="utf-8").strip().split(",")
        assert header == [f["name"] for f in govnet.validate._fields(table)]
    assert "govnet validate" in (folder / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["My Council", "../up", "cross-case", "example", "", "a/b"])
def test_init_refuses_bad_ids(bad, tmp_path):
    with pytest.raises(govnet.ParameterError, match="case id"):
        govnet.init_case(bad, data_dir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_init_command_never_overwrites(tmp_path, capsys):
    assert main(["init", "town", "--data", str(tmp_path)]) == 0
    (tmp_path / "town" / "relations.csv").write_text("coded work\n", encoding="utf-8")
    assert main(["init", "town", "--data", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "town" / "relations.csv").read_text(encoding="utf-8") == "coded work\n"
