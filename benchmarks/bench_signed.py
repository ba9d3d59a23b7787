"""Benchmarks of the signed-network methods (frustration index exact and heuristic, balance).

Run alone: ``python benchmarks/bench_signed.py [--quick]``; used by benchmarks/run.py.
"""

import pathlib
import sys
import time
import tracemalloc

import networkx as nx
import numpy as np

import govnet
from govnet.datasets import tribes


def planted(n, m, noise=0.05, seed=0):
    """Sparse planted two-camp signed graph: m random edges on n nodes, each edge's sign
    follows the camps (+ within, - across) and is flipped with probability ``noise``.
    Returns the graph and the planted partition's frustration (number of flipped edges)."""
    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 2, size=n)
    k = int(m * 1.2) + 10
    u = rng.integers(0, n, size=k)
    v = rng.integers(0, n, size=k)
    keep = u != v
    a, b = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    pairs = np.unique(a.astype(np.int64) * n + b)
    pairs = rng.permutation(pairs)[:m]
    a, b = pairs // n, pairs % n
    sign = np.where(camp[a] == camp[b], 1, -1)
    flip = rng.random(len(sign)) < noise
    sign[flip] *= -1
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from((int(x), int(y), {"sign": int(s)}) for x, y, s in zip(a, b, sign, strict=True))
    return G, int(flip.sum())


def random_signed(n, m, seed):
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(n, m, seed=seed)
    for e in G.edges:
        G.edges[e]["sign"] = int(rng.choice([-1, 1]))
    return G


def _exact(G, time_limit=60):
    r = govnet.frustration_index(G, method="exact", time_limit=time_limit)
    return {"L": r.value, "optimal": r.optimal, "bound": r.lower_bound,
            "solver_s": round(r.seconds, 2)}


def _heuristic_big(G, planted_L):
    tracemalloc.start()
    r = govnet.frustration_index(G, method="heuristic", seed=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"L": r.value, "planted_L": planted_L,
            "L/planted": round(r.value / planted_L, 4),
            "peak_MB_traced": round(peak / 2**20, 1)}


def _gap(graphs):
    gaps, n_opt = [], 0
    for G in graphs:
        ex = govnet.frustration_index(G, method="exact", time_limit=30)
        he = govnet.frustration_index(G, method="heuristic", seed=0)
        n_opt += ex.optimal
        gaps.append((he.value - ex.value) / max(ex.value, 1))
    return {"graphs": len(graphs), "exact_proven": n_opt,
            "mean_gap_%": round(100 * float(np.mean(gaps)), 3),
            "max_gap_%": round(100 * float(np.max(gaps)), 3)}


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    T = tribes()
    G200, _ = planted(200, 600, noise=0.05, seed=1)
    R200 = random_signed(200, 600, seed=1)
    out = [
        {"name": "frustration exact: tribes (16 nodes, 58 edges)",
         "run": lambda: _exact(T), "goal": "< 0.1 s", "repeats": 5},
        {"name": "frustration exact: planted camps (5% noise), 200 nodes, 600 edges",
         "run": lambda: _exact(G200), "goal": "< 1 s", "repeats": 3 if not quick else 1},
        {"name": "frustration exact: random signs, 200 nodes, 600 edges (hard case)",
         "run": lambda: _exact(R200, time_limit=3 if quick else 60), "repeats": 1,
         "goal": "report"},
        {"name": "triangle + walk balance: tribes",
         "run": lambda: {"tri": round(govnet.triangle_balance(T), 7),
                         "walk": round(govnet.walk_balance(T), 7)},
         "goal": "< 0.05 s"},
    ]
    sizes = [1_000] if quick else [1_000, 5_000, 15_000]
    for m in sizes:
        G, pl = planted(m // 3, m, noise=0.05, seed=m)
        out.append({"name": f"frustration exact: planted camps, {m // 3} nodes, {m} edges",
                    "run": (lambda G=G: _exact(G)), "repeats": 1,
                    "goal": "< 60 s, optimal"})
    n_big, m_big = (10_000, 50_000) if quick else (100_000, 500_000)
    holder = {}

    def setup_big():
        holder["G"], holder["L"] = planted(n_big, m_big, noise=0.05, seed=7)

    out.append({"name": f"frustration heuristic: planted camps, {n_big} nodes, {m_big} edges",
                "setup": setup_big, "run": lambda: _heuristic_big(holder["G"], holder["L"]),
                "repeats": 1, "goal": "< 60 s, L within 2% of planted"})
    k = 5 if quick else 24
    mids = [random_signed(int(n), int(3 * n), seed=100 + i)
            for i, n in enumerate(np.linspace(30, 50 if quick else 80, k))]
    out.append({"name": f"heuristic vs exact gap: {k} random graphs, 30-{50 if quick else 80} nodes, 3n edges",
                "run": lambda: _gap(mids), "repeats": 1, "goal": "mean gap < 2%"})
    return out


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for b in benchmarks(quick, pathlib.Path("."))[int(sys.argv[2]) if len(sys.argv) > 2 else 0:]:
        if "setup" in b:
            b["setup"]()
        t = time.perf_counter()
        facts = b["run"]()
        print(f"{b['name']:<70} {time.perf_counter() - t:8.3f} s  goal {b['goal']}  {facts}",
              flush=True)
