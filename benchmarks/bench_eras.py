"""Benchmarks of the eras of a case (issue 17): govnet.eras, a trajectory by eras, robustness.

The case is a :func:`govnet.synth.synthetic_case` of about 2,000 actors and 100,000 relation
observations over 20 years (churning senior posts, changes of control, a random oversight
ladder), written to the work folder and loaded once (untimed).
Run alone: ``python benchmarks/bench_eras.py [--quick]``; used by benchmarks/run.py.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import time

import govnet
from govnet.synth import synthetic_case


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    # full: 1,000 members + 940 heads of service + posts, groups and holders ~ 2,000 actors;
    # 20 years x 4,000 informal rows + ~950 formal rows a year ~ 100,000 observations
    members, officers, per_year = (250, 230, 1000) if quick else (1000, 940, 4000)
    state = {}

    def setup():
        if "case" not in state:
            synthetic_case(workdir / "eras-bench", n_members=members, n_officers=officers,
                           years=20, informal_per_year=per_year, seed=0)
            state["case"] = govnet.load_case(workdir / "eras-bench")

    def eras():
        e = govnet.eras(state["case"])
        return {"eras": len(e), "actors": len(state["case"].actors),
                "observations": len(state["case"].relations)}

    def eras_and_robustness():
        # govnet.robustness computes the eras again, as a user calling it alone would; its
        # variants: every reporter alone, each source left out, high confidence, certain dates
        e, r = govnet.eras(state["case"]), govnet.robustness(state["case"])
        return {"eras": len(e), "findings": len(r), "variants (max)": int(r["variants"].max())}

    def trajectory():
        t = govnet.trajectory(state["case"], freq="eras")
        return {"snapshots": int(t["date"].nunique())}

    return [
        {"name": "eras of a synthetic case (~2,000 actors, ~100,000 obs)" if not quick
         else "eras of a synthetic case (~500 actors, ~25,000 obs)",
         "setup": setup, "run": eras, "goal": "< 30 s", "repeats": 3},
        {"name": "trajectory by eras (same case)", "setup": setup, "run": trajectory,
         "goal": "< 30 s", "repeats": 3},
        {"name": "eras + robustness (same case)", "setup": setup, "run": eras_and_robustness,
         "goal": "< 30 s", "repeats": 1},
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for b in benchmarks("--quick" in sys.argv, pathlib.Path(tmp)):
            b["setup"]()
            t0 = time.perf_counter()
            facts = b["run"]()
            print(f"{b['name']}: {time.perf_counter() - t0:.2f} s {facts} goal {b['goal']}")
