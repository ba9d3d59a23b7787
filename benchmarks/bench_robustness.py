"""Benchmark of eras + robustness (issue 17 item 7) on a large synthetic case.

The case is a :func:`govnet.synth.synthetic_case` of about 2,000 actors and 100,000 relation
observations over 20 years (as ``bench_eras``), written to the work folder and loaded once
(untimed). The timed run is :func:`govnet.eras` then :func:`govnet.robustness` (which
computes the eras again, as a user calling it alone would): every reporter's account alone
(each actor reports its own ties in this case), each source left out, high confidence only
and certain dates only. Run alone: ``python benchmarks/bench_robustness.py [--quick]``; used
by benchmarks/run.py.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import time

import govnet
from govnet.synth import synthetic_case


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    members, officers, per_year = (250, 230, 1000) if quick else (1000, 940, 4000)
    state = {}

    def setup():
        if "case" not in state:
            synthetic_case(workdir / "robustness-bench", n_members=members, n_officers=officers,
                           years=20, informal_per_year=per_year, seed=0)
            state["case"] = govnet.load_case(workdir / "robustness-bench")

    def run():
        case = state["case"]
        e = govnet.eras(case)
        r = govnet.robustness(case)
        return {"actors": len(case.actors), "observations": len(case.relations), "eras": len(e),
                "findings": len(r), "variants (max)": int(r["variants"].max())}

    size = "~500 actors, ~25,000 obs" if quick else "~2,000 actors, ~100,000 obs"
    return [{"name": f"eras + robustness of a synthetic case ({size})", "setup": setup, "run": run,
             "goal": "< 30 s", "repeats": 1}]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for b in benchmarks("--quick" in sys.argv, pathlib.Path(tmp)):
            b["setup"]()
            t0 = time.perf_counter()
            facts = b["run"]()
            print(f"{b['name']}: {time.perf_counter() - t0:.2f} s {facts} goal {b['goal']}")
