"""Load + validate of a synthetic case with 10k / 100k / 1M relations vs a plain pandas.read_csv.

Run alone: ``python benchmarks/bench_load.py [--full]``.
"""

import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import govnet

_SENTENCES = [f"Sentence {i}: the council's \u201cofficers\u201d and members disagreed \u2013 again." for i in range(200)]


def make_case(folder, n_relations, n_actors=300, seed=0):
    """Write a valid synthetic case folder with ``n_relations`` relations (vectorised).

    Relation starts are months (``2014-05``), some approximate (``2014-05~``) or two-year
    intervals (``2014/2015``); some ends are ``..`` (ongoing): about 580 distinct date strings.
    """
    folder = Path(folder)
    if (folder / "relations.csv").is_file():
        return folder
    shutil.copytree(govnet.datasets.example_path(), folder, dirs_exist_ok=True)
    (folder / "case.yml").write_text(
        (folder / "case.yml").read_text().replace("id: example", f"id: {folder.name}"))
    rng = np.random.default_rng(seed)
    cb = govnet.load_codebook()
    ids = pd.Series([f"a{i:05d}" for i in range(n_actors)])
    pd.DataFrame({"id": ids, "name": "Person " + ids, "kind": "person",
                  "side": rng.choice(["member", "officer"], n_actors), "role": "councillor",
                  "start": "2000", "end": ""}).to_csv(folder / "actors.csv", index=False)
    pd.DataFrame({"id": ["s1"], "title": ["Synthetic source"], "date": ["2023"], "type": ["news"],
                  "file": ["sources/synthetic.txt"]}).to_csv(folder / "sources.csv", index=False)
    (folder / "sources" / "synthetic.txt").write_text("\n".join(_SENTENCES), encoding="utf-8")
    (folder / "sources" / "example.txt").unlink(missing_ok=True)
    for t in ("tenures", "events"):
        (folder / f"{t}.csv").write_text(
            ",".join(f["name"] for f in govnet.validate._fields(t)) + "\n")
    types = cb.relation_types.index.to_numpy()
    ty = rng.choice(types, n_relations)
    year = rng.integers(2001, 2024, n_relations).astype(str)
    month = pd.Series(rng.integers(1, 13, n_relations)).map("{:02d}".format).to_numpy()
    start = np.char.add(np.char.add(year, "-"), month)
    form = rng.random(n_relations)  # EDTF level 1: 10% approximate, 5% intervals of two years
    start = np.where(form < 0.10, np.char.add(start, "~"), start)
    following = (year.astype(int) + 1).astype(str)
    start = np.where(form > 0.95, np.char.add(np.char.add(year, "/"), following), start)
    quote = pd.Series(_SENTENCES).str.replace("\u201c", '"').str.replace("\u201d", '"')
    src = rng.integers(0, n_actors, n_relations)
    tgt = (src + rng.integers(1, n_actors, n_relations)) % n_actors  # never a self-loop
    pd.DataFrame({
        "id": [f"r{i:07d}" for i in range(n_relations)],
        "source": ids[src].to_numpy(), "target": ids[tgt].to_numpy(),
        "type": ty, "sign": cb.relation_types.loc[ty, "sign"].to_numpy(), "directed": "",
        "start": start, "end": np.where(rng.random(n_relations) < 0.05, "..", ""),  # 5% ongoing
        "reported_by": rng.choice(ids, n_relations), "source_id": "s1", "locator": "p. 1",
        "quote": rng.choice(quote.to_numpy(), n_relations), "coder": "govnet-team",
        "confidence": "high", "theme": rng.choice(cb.themes.index.to_numpy(), n_relations),
        "notes": "",
    }).to_csv(folder / "relations.csv", index=False)
    return folder


def benchmarks(quick, workdir):
    """Benchmark entries for ``benchmarks/run.py`` (see common contract)."""
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    out = []
    for n in sizes:
        folder = Path(workdir) / f"load-{n}"

        def run(folder=folder):
            case = govnet.load_case(folder)
            return {"relations": len(case.relations), "warnings": len(case.warnings)}

        def baseline(folder=folder):
            pd.read_csv(folder / "relations.csv")

        out.append({
            "name": f"load+validate {n // 1000}k rows",
            "setup": lambda folder=folder, n=n: make_case(folder, n),
            "run": run, "baseline": baseline, "baseline_name": "pandas.read_csv",
            "repeats": 1 if n >= 1_000_000 else (2 if quick else 5),
            "goal": {100_000: "< 3 s", 1_000_000: "< 10 s, peak < 2 GB"}.get(n, ""),
        })
    return out


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for b in benchmarks(quick="--full" not in sys.argv, workdir=Path(d)):
            b["setup"]()
            times, facts = {}, {}
            for key in ("run", "baseline"):
                best = np.inf
                for _ in range(b["repeats"]):
                    t0 = time.perf_counter()
                    facts[key] = b[key]()
                    best = min(best, time.perf_counter() - t0)
                times[key] = best
            print(f"{b['name']:28s} {times['run']:7.3f} s   read_csv {times['baseline']:6.3f} s   "
                  f"goal {b['goal'] or '-':6s} {facts['run']}")
