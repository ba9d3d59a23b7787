"""data/CODEBOOK.md documents every term of the shipped codebook, and its example rows exist.

The terms come from the codebook govnet ships (``govnet.load_codebook()``), not from a user's
``data/codebook.yml`` extension: terms a user adds need not be in this document.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

import govnet

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "data" / "CODEBOOK.md"
CASES = ROOT / "data" / "cases"


@pytest.fixture(scope="module")
def doc():
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("vocab", ["relation_types", "roles", "event_types", "actor_kinds", "sides",
                                   "themes", "source_types", "confidence"])
def test_every_codebook_term_is_documented(doc, vocab):
    cb = govnet.load_codebook()
    table = getattr(cb, vocab)
    ids = list(table.index) if isinstance(table, pd.DataFrame) else list(table)
    missing = [i for i in ids if f"`{i}`" not in doc]
    assert ids and not missing, f"{vocab} not in CODEBOOK.md: {missing}"


def test_every_relation_type_has_an_example_row(doc):
    cb = govnet.load_codebook()
    for t in cb.relation_types.index:
        assert re.search(rf"^- `{re.escape(t)}` — ", doc, re.M), f"no example paragraph for {t}"


def test_cited_example_rows_exist_with_their_type(doc):
    names = {"Waltham Forest": "waltham-forest", "Southampton": "southampton",
             "Tower Hamlets": "tower-hamlets"}
    rel = {cid: pd.read_csv(CASES / cid / "relations.csv", dtype=str).set_index("id")
           for cid in names.values()}
    cited = 0
    for line in doc.splitlines():
        m = re.match(r"^- `([a-z-]+)` — (.*)$", line)
        if not m:
            continue
        rtype = m.group(1)
        for case, rid in re.findall(r"(Waltham Forest|Southampton|Tower Hamlets) (r\d+):", m.group(2)):
            row = rel[names[case]].loc[rid]
            assert row["type"] == rtype, f"{case} {rid} is {row['type']}, cited for {rtype}"
            cited += 1
    assert cited >= 20
