"""Property tests: any valid generated case loads, and write -> read round-trips to equal frames."""

import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govnet

CB = govnet.load_codebook()
TYPES = sorted(CB.relation_types.index)
ROLES = sorted(CB.roles.index)
THEMES = sorted(CB.themes.index)

# free text: commas, double and typographic quotes, line breaks, accents; stripped, "" = empty
TEXT = st.text(alphabet=st.sampled_from(list("ab Z,\"'\n;é\u201c\u2014x1")), max_size=12).map(str.strip)


@st.composite
def partial_dates(draw, min_year=2000, max_year=2020):
    y = draw(st.integers(min_year, max_year))
    kind = draw(st.sampled_from(["y", "m", "d"]))
    if kind == "y":
        return f"{y}"
    m = draw(st.integers(1, 12))
    return f"{y}-{m:02d}" if kind == "m" else f"{y}-{m:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def cases(draw):
    n = draw(st.integers(2, 6))  # two actors at least: a relation needs two (no self-loops)
    actor_ids = [f"a{i}" for i in range(n)]
    actors = pd.DataFrame({
        "id": actor_ids,
        "name": [draw(TEXT.filter(bool)) for _ in actor_ids],
        "kind": [draw(st.sampled_from(sorted(CB.actor_kinds))) for _ in actor_ids],
        "side": [draw(st.sampled_from(sorted(CB.sides))) for _ in actor_ids],
        "role": [draw(st.sampled_from([""] + ROLES)) for _ in actor_ids],
        "aliases": [draw(TEXT) for _ in actor_ids],
    })
    m = draw(st.integers(0, 8))
    starts = [draw(partial_dates()) for _ in range(m)]
    froms = [draw(st.sampled_from(actor_ids)) for _ in range(m)]
    relations = pd.DataFrame({
        "id": [f"r{i}" for i in range(m)],
        "source": froms,
        "target": [draw(st.sampled_from([a for a in actor_ids if a != f])) for f in froms],
        "type": [draw(st.sampled_from(TYPES)) for _ in range(m)],
        "sign": [draw(st.sampled_from([-1, 0, 1])) for _ in range(m)],
        "directed": [draw(st.sampled_from(["", "yes", "no"])) for _ in range(m)],
        "start": starts,
        "end": [draw(st.sampled_from(["", f"{int(s[:4]) + 1}"])) for s in starts],
        "reported_by": [draw(st.sampled_from(actor_ids)) for _ in range(m)],
        "source_id": "s1", "locator": "p. 1",
        "quote": [draw(TEXT) for _ in range(m)],
        "coder": "tester",
        "confidence": [draw(st.sampled_from(sorted(CB.confidence))) for _ in range(m)],
        "theme": [draw(st.sampled_from([""] + THEMES)) for _ in range(m)],
        "notes": [draw(TEXT) for _ in range(m)],
    })
    sources = pd.DataFrame({"id": ["s1"], "title": [draw(TEXT.filter(bool))],
                            "date": [draw(partial_dates())], "type": ["news"]})
    tenures = pd.DataFrame({"id": ["t1"], "actor": [actor_ids[0]], "post": [actor_ids[-1]],
                            "start": [draw(partial_dates(2000, 2005))], "end": [""],
                            "interim": [draw(st.sampled_from(["", "yes", "no"]))]})
    events = pd.DataFrame({"id": ["e1"], "date": [draw(partial_dates())],
                           "type": [draw(st.sampled_from(sorted(CB.event_types.index)))],
                           "description": [draw(TEXT.filter(bool))],
                           "actors": [";".join(draw(st.lists(st.sampled_from(actor_ids), max_size=3)))],
                           "source_id": ["s1"]})
    return {"sources": sources, "actors": actors, "tenures": tenures, "relations": relations,
            "events": events}


def _write(tables, folder):
    folder.mkdir(parents=True)
    meta = {"id": folder.name, "title": "t", "council": "c", "period": {"start": "2000", "end": "2020"},
            "summary": "s", "coders": ["tester"], "licence": "CC0-1.0", "codebook_version": CB.version}
    (folder / "case.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_valid_generated_case_loads_and_round_trips(tables):
    with tempfile.TemporaryDirectory() as d:
        _write(tables, Path(d) / "gen")
        case = govnet.load_case(Path(d) / "gen")  # raises DataValidationError if anything is wrong
        assert len(case.relations) == len(tables["relations"])
        assert case.relations["sign"].tolist() == tables["relations"]["sign"].tolist()
        assert case.actors["name"].tolist() == tables["actors"]["name"].tolist()
        back = govnet.load_case(govnet.write_case(case, Path(d) / "again"))
        for t in ("sources", "actors", "tenures", "relations", "events"):
            pd.testing.assert_frame_equal(getattr(back, t), getattr(case, t))
