"""The codebook: shipped copy equals the data copy, typed vocabularies, lookup order."""

from pathlib import Path

import pandas as pd
import pytest

import govnet
from govnet.codebook import _codebook_for

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_codebook_is_the_data_codebook():
    assert (ROOT / "govnet" / "data" / "codebook.yml").read_text() == \
        (ROOT / "data" / "codebook.yml").read_text()


def test_vocabularies():
    cb = govnet.load_codebook()
    assert cb.version == "1.0"
    assert len(cb.themes) == 7 and cb.themes.loc["partnerships", "label"] == \
        "Partnerships and Community Engagement"
    assert str(cb.roles["tier"].dtype) == "Int64"
    assert pd.isna(cb.roles.loc["inspector", "tier"]) and cb.roles.loc["leader", "tier"] == 1
    assert set(cb.relation_types["layer"]) == {"formal", "informal"}
    assert set(cb.relation_types["sign"]) <= {-1, 0, 1}
    assert not cb.relation_types.loc["conflict", "directed"]
    assert cb.relation_types.loc["trust", "directed"]
    assert cb.event_types.loc["proposed-directions", "ladder_stage"] == 3
    assert cb.ladder[4] == "directions with envoys or commissioners"
    assert set(cb.sides) == {"member", "officer", "external", "mixed"}


def test_codebook_found_in_parent_or_grandparent(tmp_path):
    text = (ROOT / "data" / "codebook.yml").read_text().replace('version: "1.0"', 'version: "9.9"')
    (tmp_path / "codebook.yml").write_text(text)
    case_dir = tmp_path / "cases" / "x"
    case_dir.mkdir(parents=True)
    assert _codebook_for(case_dir).version == "9.9"
    assert _codebook_for(tmp_path.parent / "elsewhere").version == "1.0"


def test_unreadable_codebook(tmp_path):
    (tmp_path / "codebook.yml").write_text("roles: [unclosed\n")
    with pytest.raises(govnet.DataValidationError, match="cannot read codebook"):
        govnet.load_codebook(tmp_path / "codebook.yml")
