"""govnet.datapackage: case folders as Frictionless data packages that `frictionless` validates."""

import json
import shutil
from pathlib import Path

import pytest

import govnet
from govnet.cli import main

frictionless = pytest.importorskip("frictionless")
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "data" / "cases" / c for c in ("waltham-forest", "southampton",
                                                  "tower-hamlets")] + [
    govnet.datasets.example_path()]


def _copy(folder, tmp_path):
    return Path(shutil.copytree(folder, tmp_path / folder.name))


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda p: p.name)
def test_frictionless_validates_each_shipped_case(folder, tmp_path):
    path = govnet.write_datapackage(_copy(folder, tmp_path))
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "type", "note"])[:10]
    dp = json.loads(path.read_text(encoding="utf-8"))
    assert [r["name"] for r in dp["resources"]] == list(govnet.TABLES)
    keys = {r["name"]: {(k["fields"], k["reference"]["resource"])
                        for k in r["schema"].get("foreignKeys", [])} for r in dp["resources"]}
    assert {("source", "actors"), ("target", "actors"), ("source_id", "sources")} <= keys[
        "relations"]
    assert {("actor", "actors"), ("post", "actors")} <= keys["tenures"]
    assert ("source_id", "sources") in keys["events"]
    assert all(r["schema"]["primaryKey"] == "id" for r in dp["resources"])


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_frictionless_finds_a_broken_foreign_key(tmp_path):
    folder = _copy(govnet.datasets.example_path(), tmp_path)
    # r01's target becomes an actor that actors.csv does not have
    _edit(folder / "relations.csv", "r01,leader,chief-executive,", "r01,leader,nobody,")
    report = frictionless.validate(str(govnet.write_datapackage(folder)))
    assert not report.valid
    assert {e[0] for e in report.flatten(["type"])} == {"foreign-key"}


def test_a_column_listing_several_ids_gets_no_foreign_key(tmp_path):
    folder = _copy(govnet.datasets.example_path(), tmp_path)
    _edit(folder / "events.csv", ",s1,para 2,In May 2021", ",s1;s1,para 2,In May 2021")
    dp = govnet.datapackage(folder)
    events = next(r for r in dp["resources"] if r["name"] == "events")
    assert "foreignKeys" not in events["schema"]
    relations = next(r for r in dp["resources"] if r["name"] == "relations")
    assert len(relations["schema"]["foreignKeys"]) == 4


def test_datapackage_command(tmp_path, capsys):
    folder = _copy(govnet.datasets.example_path(), tmp_path)
    assert main(["datapackage", "example", "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(folder / "datapackage.json")
    assert main(["datapackage", "nope", "--data", str(tmp_path)]) == 2
