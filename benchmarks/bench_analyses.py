"""Benchmarks of the council analyses: a case graph at a date and a 20-year trajectory.

A synthetic case of 2,000 actors and 100,000 observations over 2000-2019 is generated in this
module with a small vectorised generator (posts with changing holders, groups, partial dates).
Run alone: ``python benchmarks/bench_analyses.py [--quick]``; used by benchmarks/run.py.
"""

from __future__ import annotations

import pathlib
import sys
import time
import tracemalloc
import types as _types

import numpy as np
import pandas as pd
import yaml

import govnet

_CB = pathlib.Path(__file__).resolve().parents[1] / "data" / "codebook.yml"


def _codebook():
    if hasattr(govnet, "load_codebook"):
        try:
            return govnet.load_codebook(_CB)
        except Exception:  # noqa: BLE001 - fall back to a minimal reading of the YAML
            pass
    raw = yaml.safe_load(_CB.read_text())
    return _types.SimpleNamespace(
        version=raw["version"], raw=raw,
        roles=pd.DataFrame.from_dict(raw["roles"], orient="index"),
        relation_types=pd.DataFrame.from_dict(raw["relation_types"], orient="index"),
        event_types=pd.DataFrame.from_dict(raw["event_types"], orient="index"),
        ladder={int(k): v for k, v in raw["ladder"].items()},
    )  # fmt: skip


def _spans(df, col):
    s = df[col]
    n = s.str.len()
    lo = pd.to_datetime(s.where(n != 4, s + "-01-01").where(n != 7, s + "-01"), format="%Y-%m-%d")
    hi = lo.where(n != 4, lo + pd.offsets.YearEnd(0)).where(n != 7, lo + pd.offsets.MonthEnd(0))
    df[f"{col}_lo"], df[f"{col}_hi"] = lo, hi


def synthetic_case(n_actors=2000, n_obs=100_000, years=(2000, 2019), seed=0):
    """A synthetic case (Case-like object following contract.md) built with vectorised numpy."""
    rng = np.random.default_rng(seed)
    cb = _codebook()
    n_posts, n_groups = n_actors // 20, n_actors // 40
    n_people = n_actors - n_posts - n_groups
    ids = np.array([f"a{i:05d}" for i in range(n_actors)], dtype=object)
    kind = np.array(["person"] * n_people + ["post"] * n_posts + ["group"] * n_groups, dtype=object)
    side = rng.choice(["member", "officer"], size=n_actors)
    roles_m = np.array(["councillor", "cabinet-member", "leader"], dtype=object)
    roles_o = np.array(["service-head", "corporate-director", "chief-executive"], dtype=object)
    r = rng.choice(3, size=n_actors, p=[0.8, 0.17, 0.03])
    role = np.where(side == "member", roles_m[r], roles_o[r])
    actors = pd.DataFrame({"id": ids, "name": ids, "kind": kind, "side": side, "role": role,
                           "party": np.where(side == "member", rng.choice(["Lab", "Con"], n_actors), None),
                           "start": None, "end": None}).astype("string")  # fmt: skip
    actors["tier"] = actors["role"].map(cb.roles["tier"]).astype("Int64")
    for c in ("start", "end"):
        actors[f"{c}_lo"] = actors[f"{c}_hi"] = pd.NaT
    # tenures: each post held by 4 successive people for 5 years each; groups: 10 members each
    y0, y1 = years
    posts = np.arange(n_people, n_people + n_posts)
    holders = rng.integers(0, n_people, size=(n_posts, 4))
    t_start = np.array([str(y0 + 5 * k) for k in range(4)], dtype=object)
    t_end = np.array([str(y0 + 5 * k + 4) for k in range(4)], dtype=object)
    groups = np.arange(n_people + n_posts, n_actors)
    gm = rng.integers(0, n_people, size=(n_groups, 10))
    tenures = pd.DataFrame({
        "actor": np.concatenate([ids[holders.ravel()], ids[gm.ravel()]]),
        "post": np.concatenate([ids[np.repeat(posts, 4)], ids[np.repeat(groups, 10)]]),
        "start": np.concatenate([np.tile(t_start, n_posts), [None] * gm.size]),
        "end": np.concatenate([np.tile(t_end, n_posts), [None] * gm.size]),
    }).astype("string")  # fmt: skip
    tenures.insert(0, "id", [f"t{i}" for i in range(len(tenures))])
    tenures["interim"] = pd.array(rng.random(len(tenures)) < 0.1, dtype="boolean")
    _spans(tenures, "start")
    _spans(tenures, "end")
    # relations
    rt = cb.relation_types
    tnames = np.array(rt.index, dtype=object)
    ti = rng.integers(0, len(tnames), size=n_obs)
    src = rng.integers(0, n_actors, size=n_obs)
    tgt = (src + rng.integers(1, n_actors, size=n_obs)) % n_actors
    year = rng.integers(y0, y1 + 1, size=n_obs)
    month = rng.integers(1, 13, size=n_obs)
    prec = rng.random(n_obs)
    start = np.where(prec < 0.5, year.astype(str),
                     np.char.add(np.char.add(year.astype(str), "-"), np.char.zfill(month.astype(str), 2)))  # fmt: skip
    end = np.where(rng.random(n_obs) < 0.2, (np.minimum(year + 1, y1)).astype(str), None)
    sign = rt["sign"].to_numpy()[ti].astype(int)
    sign = np.where(sign == 0, 0, np.where(rng.random(n_obs) < 0.15, -sign, sign))
    relations = pd.DataFrame({
        "id": [f"r{i:06d}" for i in range(n_obs)], "source": ids[src], "target": ids[tgt],
        "type": tnames[ti], "start": start, "end": end,
        "reported_by": ids[rng.integers(0, n_people, size=n_obs)],
        "source_id": "s1", "locator": "p1", "quote": "q", "coder": "synth",
        "confidence": "high", "theme": None,
    }).astype("string")  # fmt: skip
    relations["sign"] = pd.array(sign, dtype="Int64")
    relations["directed"] = relations["type"].map(rt["directed"]).astype("boolean")
    relations["layer"] = relations["type"].map(rt["layer"]).astype("string")
    _spans(relations, "start")
    relations["end_lo"] = relations["end_hi"] = pd.NaT
    has = relations["end"].notna()
    sub = relations.loc[has, ["end"]].copy()
    _spans(sub, "end")
    relations.loc[has, "end_lo"], relations.loc[has, "end_hi"] = sub["end_lo"], sub["end_hi"]
    events = pd.DataFrame(columns=["id", "date", "type", "description"]).astype("string")
    return _types.SimpleNamespace(
        id="synthetic", path=pathlib.Path("."), codebook=cb, sources=pd.DataFrame(),
        meta={"id": "synthetic", "period": {"start": str(y0), "end": str(y1)}},
        actors=actors, tenures=tenures, relations=relations, events=events,
    )  # fmt: skip


def _peak(fn):
    tracemalloc.start()
    out = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, peak / 1e6


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    n_act, n_obs = (500, 20_000) if quick else (2000, 100_000)
    state = {}

    def setup():
        if "case" not in state:
            state["case"] = synthetic_case(n_act, n_obs)

    def graph():
        G = govnet.case_graph(state["case"], at="2010")
        return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}

    def traj():
        t = govnet.trajectory(state["case"], freq="YS")
        return {"snapshots": int(t["date"].nunique()), "rows": len(t)}

    def graph_loop():  # the naive way: one case_graph per year
        for y in range(2000, 2020):
            govnet.case_graph(state["case"], at=str(y), layers=("informal",))

    label = f"{n_act:,} actors, {n_obs:,} obs"
    return [
        {"name": f"case_graph at a year ({label})", "setup": setup, "run": graph, "goal": "< 3 s",
         "repeats": 3},
        {"name": f"trajectory 20 yearly snapshots ({label})", "setup": setup, "run": traj,
         "goal": "< 10 s", "repeats": 3, "baseline": graph_loop,
         "baseline_name": "20 x case_graph(at=year)"},
    ]


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for b in benchmarks(quick, pathlib.Path(".")):
        b["setup"]()
        t0 = time.perf_counter()
        extra, peak = _peak(b["run"])
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        b["run"]()
        print(f"{b['name']}: {time.perf_counter() - t1:.2f} s (first run {dt:.2f} s with "
              f"tracemalloc, peak {peak:.0f} MB) {extra} goal {b['goal']}")  # fmt: skip
        if "baseline" in b:
            t2 = time.perf_counter()
            b["baseline"]()
            print(f"  baseline {b['baseline_name']}: {time.perf_counter() - t2:.2f} s")
