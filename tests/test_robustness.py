"""govnet.robustness (issue 17 item 7) on a small hand-built case worked by hand."""

from test_graph import ACTORS, TENURES, hand_case

import govnet

# 2020 only, so the case has one era (the chief executive changes holder in 2021-07, after
# the relations' span). Reporter X (source s1, high confidence) says the leader L and cabinet
# member C are negative towards director D; reporter C (source s2, low confidence) says the
# backbencher B is positive towards D.
ROWS = [
    ("a", "L", "D", "distrust", -1, "2020", None, "X"),
    ("b", "C", "D", "distrust", -1, "2020", None, "X"),
    ("c", "B", "D", "trust", 1, "2020", None, "C"),
]


def _case():
    c = hand_case(ACTORS, ROWS, TENURES)
    c.relations["source_id"] = ["s1", "s1", "s2"]
    c.relations["confidence"] = ["high", "high", "low"]
    return c


def test_one_reporter_alone_flips_the_climate():
    # Climate: ties -1, -1, +1 -> mean -1/3, sign "-". Variants (6): high confidence only
    # (a, b: -1) holds; dates (all certain) holds; X alone (-1) holds; C alone (+1) FAILS;
    # without s1 (c only: +1) FAILS; without s2 (-1) holds -> 4 of 6.
    # Camps: D against L and C, with B: a split. C alone and without s1 leave only the
    # positive tie B-D: no split -> 4 of 6. Ladder: no events, stage 0 in the 3 variants
    # that apply to events (dates, without s1, without s2). No key dyad tie (L and P1).
    r = govnet.robustness(_case()).set_index("kind")
    assert list(r.index) == ["climate", "camps", "ladder"]
    assert r.loc["climate", ["baseline", "holds", "variants"]].tolist() == ["-", 4, 6]
    assert r.loc["climate", "fails"] == "C's account alone; without source s1"
    assert r.loc["camps", ["baseline", "holds", "variants"]].tolist() == ["split", 4, 6]
    assert r.loc["camps", "fails"] == "C's account alone; without source s1"
    assert r.loc["ladder", ["baseline", "holds", "variants", "fails"]].tolist() == ["stage 0", 3, 3, ""]
    assert r.loc["climate", "rule"] == govnet.RULES["climate"]


def test_uncertain_dates_are_dropped_when_flagged():
    # With row a's start flagged uncertain, the dates variant keeps b (-1) and c (+1):
    # mean 0, sign "0" instead of "-" -> the climate fails there too (3 of 6).
    c = _case()
    c.relations["start_uncertain"] = [True, False, False]
    r = govnet.robustness(c).set_index("kind")
    assert r.loc["climate", "holds"] == 3
    assert r.loc["climate", "fails"].startswith("dates neither uncertain nor invented; ")


def test_a_multi_source_row_survives_leaving_one_of_its_sources_out():
    # Row c cites "s2;s3": leaving s2 out keeps it (s3 still supports it), so the climate
    # keeps sign "-" there, and leaving s3 out holds as well. Variants: high confidence, dates,
    # X alone, C alone (fails), without s1 (fails), s2, s3 -> 5 of 7.
    c = _case()
    c.relations["source_id"] = ["s1", "s1", "s2;s3"]
    r = govnet.robustness(c).set_index("kind")
    assert r.loc["climate", ["holds", "variants"]].tolist() == [5, 7]
    assert r.loc["climate", "fails"] == "C's account alone; without source s1"
