"""Inter-coder reliability: two codings of one case unitised, compared and reported."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from ._safeio import check_apart
from .exceptions import ParameterError

__all__ = ["Agreement", "agreement"]

#: The coded variables compared on matched units, with their level of measurement.
VARIABLES = {"type": "nominal", "sign": "ordinal", "direction": "nominal", "date": "nominal",
             "reporter": "nominal"}  # fmt: skip
#: The columns of one coding shown in the disagreement report.
_SHOWN = ["id", "source", "target", "type", "sign", "directed", "start", "end", "reported_by",
          "source_id", "locator", "quote", "coder"]  # fmt: skip
_PRESENCE_NOTE = ("units are the union of both codings, so no unit is left uncoded by both: "
                  "kappa and alpha of presence cannot be positive; read the percent")


@dataclass
class Agreement:
    """Agreement between two codings of one case (see :func:`agreement`).

    Attributes
    ----------
    statistics : pandas.DataFrame
        One row per variable (presence, type, sign, direction, date, reporter): ``units``
        compared, ``agree``, ``percent``, ``kappa`` (Cohen), ``alpha`` (Krippendorff),
        ``level`` of the alpha, ``note``.
    units : pandas.DataFrame
        One row per unit: ``unit``, ``status`` ("both", "a only", "b only"), ``score`` of the
        match, ``a_id``/``b_id`` and ``a_<variable>``/``b_<variable>`` for each variable.
    disagreements : pandas.DataFrame
        The units that are not coded alike: ``unit``, ``status``, ``disagree_on`` (the
        variables, ``;``-separated) and both codings side by side (``a_<column>``,
        ``b_<column>``).
    cases : tuple of pathlib.Path
        The two case folders; :meth:`write` refuses a folder that is, contains or lies in one.
    """

    statistics: pd.DataFrame
    units: pd.DataFrame
    disagreements: pd.DataFrame
    cases: tuple = ()

    @property
    def unmatched_a(self):
        """Ids of coder A's observations that no observation of coder B matches."""
        return self.units.loc[self.units["status"] == "a only", "a_id"].tolist()

    @property
    def unmatched_b(self):
        """Ids of coder B's observations that no observation of coder A matches."""
        return self.units.loc[self.units["status"] == "b only", "b_id"].tolist()

    def write(self, folder):
        """Write ``statistics.csv``, ``units.csv``, ``disagreements.csv`` and
        ``disagreements.html`` into ``folder`` (created); return the folder."""
        check_apart(folder, self.cases)
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("statistics", "units", "disagreements"):
            getattr(self, name).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
        (folder / "disagreements.html").write_text(_html(self), encoding="utf-8")
        return folder


# ---------------------------------------------------------------- observations
def _as_case(x, name):
    from .case import Case, load_case

    if isinstance(x, Case):
        return x
    if isinstance(x, (str, Path)):
        return load_case(x)
    raise ParameterError(f"{name}: expected a govnet Case or a case folder, got {type(x).__name__}")


def _words(text):
    from .validate import _norm

    return frozenset(re.findall(r"\w+", _norm(text).lower()))


def _observations(case):
    """One row per relation: the coded values and the evidence used to unitise.

    ``u``/``v`` are the endpoints after post resolution (a post becomes its single holder over
    the relation's span, as in :func:`govnet.case_graph`), ``pair`` the unordered pair.
    """
    from .graph import _relation_table, _resolve
    from .positions import _holdings
    from .validate import _norm

    rel = _relation_table(case).reset_index(drop=True)
    obs = rel.assign(_u=rel["source"].astype(object), _v=rel["target"].astype(object),
                     _row=np.arange(len(rel)))  # fmt: skip
    if len(obs):
        kinds = case.actors.set_index("id")["kind"].astype(object)
        ten = _holdings(case.actors, case.tenures)[0]
        for col in ("_u", "_v"):
            obs = _resolve(obs, col, ten, kinds, "post")
    ends = obs.drop_duplicates("_row").set_index("_row")[["_u", "_v"]]
    u = pd.Series(np.arange(len(rel))).map(ends["_u"]).fillna(rel["source"].astype(object))
    v = pd.Series(np.arange(len(rel))).map(ends["_v"]).fillna(rel["target"].astype(object))
    text = rel[[c for c in _SHOWN if c in rel.columns]].astype(object)
    out = text.where(text.notna(), "")
    out["directed"] = np.where(rel["directed"].to_numpy(bool), "yes", "no")
    out["u"], out["v"] = u.to_numpy(), v.to_numpy()
    out["pair"] = [frozenset(p) for p in zip(out["u"], out["v"], strict=True)]
    out["sources"] = [frozenset(s.strip() for s in str(x).split(";") if s.strip())
                      for x in out["source_id"]]  # fmt: skip
    out["words"] = [_words(q) for q in out["quote"]]
    out["loc"] = [" ".join(_norm(x).lower().split()) for x in out["locator"]]
    out["date"] = [f"{s} to {e}" if e else s for s, e in zip(out["start"], out["end"], strict=True)]
    out["reporter"] = out["reported_by"]
    return out


# ---------------------------------------------------------------- unitising
def _overlap(wa, wb):
    """Share of the shorter quote's distinct words that the other quote also has."""
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _score(ra, rb, min_overlap):
    """Match score of two observations of one actor pair, or 0 when they are not one unit."""
    if not ra["sources"] & rb["sources"]:
        return 0.0
    ov = _overlap(ra["words"], rb["words"])
    if ov < min_overlap and not (ra["loc"] and ra["loc"] == rb["loc"]):
        return 0.0
    same_way = (ra["u"], ra["v"]) == (rb["u"], rb["v"])
    return 1 + ov + 0.5 * same_way + 0.25 * (ra["type"] == rb["type"])


def _match(oa, ob, min_overlap):
    """One-to-one matches ``(row of a, row of b, score)`` maximising the total score."""
    from scipy.optimize import linear_sum_assignment

    pairs = []
    gb = {k: list(ix) for k, ix in ob.groupby("pair", sort=False).indices.items()}
    for key, ia in oa.groupby("pair", sort=False).indices.items():
        ib = gb.get(key)
        if not ib:
            continue
        s = np.array([[_score(oa.iloc[i], ob.iloc[j], min_overlap) for j in ib] for i in ia])
        rows, cols = linear_sum_assignment(-s)
        pairs += [(ia[r], ib[c], s[r, c]) for r, c in zip(rows, cols, strict=True) if s[r, c] > 0]
    return sorted(pairs)


def _direction(row, canon):
    if row["directed"] == "no":
        return "undirected"
    return "forward" if (row["u"], row["v"]) == canon else "reverse"


def _units(oa, ob, pairs):
    """The units: matched pairs in coder A's order, then A's and B's unmatched observations."""
    ma, mb = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    rows = [(i, j, s) for i, j, s in pairs]
    rows += [(i, None, np.nan) for i in range(len(oa)) if i not in ma]
    rows += [(None, j, np.nan) for j in range(len(ob)) if j not in mb]
    recs = []
    for n, (i, j, s) in enumerate(rows, 1):
        ra = oa.iloc[i] if i is not None else None
        rb = ob.iloc[j] if j is not None else None
        first = ra if ra is not None else rb
        canon = (first["u"], first["v"])
        rec = {"unit": f"u{n:04d}", "status": "both" if i is not None and j is not None
               else ("a only" if i is not None else "b only"), "score": s}  # fmt: skip
        for side, r in (("a", ra), ("b", rb)):
            rec[f"{side}_row"] = np.nan if r is None else (i if side == "a" else j)
            rec[f"{side}_id"] = None if r is None else r["id"]
            for var in VARIABLES:
                val = None if r is None else (_direction(r, canon) if var == "direction" else r[var])
                rec[f"{side}_{var}"] = val
        recs.append(rec)
    cols = ["unit", "status", "score", "a_row", "b_row", "a_id", "b_id",
            *[f"{s}_{v}" for v in VARIABLES for s in "ab"]]  # fmt: skip
    return pd.DataFrame(recs, columns=cols)


# ---------------------------------------------------------------- statistics
def _cohen_kappa(x, y):
    """Cohen's kappa of two aligned label sequences: (p_o - p_e) / (1 - p_e), with p_o the
    share of units labelled alike and p_e = sum over labels of the two coders' shares; NaN
    when p_e is 1 (a single label) or there are no units."""
    x, y = np.asarray(x, dtype=object), np.asarray(y, dtype=object)
    if not len(x):
        return np.nan
    po = float(np.mean(x == y))
    pe = sum(float(np.mean(x == c)) * float(np.mean(y == c)) for c in set(x) | set(y))
    return np.nan if np.isclose(pe, 1) else (po - pe) / (1 - pe)


def _alpha(x, y, level):
    """Krippendorff's alpha of two coders (the ``krippendorff`` package); NaN when undefined
    (fewer than two values in the data, no pairable unit)."""
    import krippendorff

    if level == "ordinal":
        data, domain = np.array([x, y], dtype=float), sorted(set(x) | set(y))
    else:
        codes = {c: k for k, c in enumerate(sorted(set(x) | set(y), key=str))}
        data = np.array([[codes[c] for c in x], [codes[c] for c in y]], dtype=float)
        domain = sorted(codes.values())
    if len(domain) < 2 or data.shape[1] < 1:
        return np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(krippendorff.alpha(reliability_data=data, value_domain=domain,
                                         level_of_measurement=level))  # fmt: skip


def _statistics(units):
    both = units[units["status"] == "both"]
    xa = (units["status"] != "b only").astype(int).tolist()
    xb = (units["status"] != "a only").astype(int).tolist()
    rows = [("presence", xa, xb, "nominal", _PRESENCE_NOTE)]
    for var, level in VARIABLES.items():
        rows.append((var, both[f"a_{var}"].tolist(), both[f"b_{var}"].tolist(), level,
                     "on the units both coded"))
    recs = []
    for var, x, y, level, note in rows:
        agree = int(sum(p == q for p, q in zip(x, y, strict=True)))
        recs.append({"variable": var, "units": len(x), "agree": agree,
                     "percent": agree / len(x) if len(x) else np.nan,
                     "kappa": _cohen_kappa(x, y), "alpha": _alpha(x, y, level), "level": level,
                     "note": note})  # fmt: skip
    return pd.DataFrame(recs)


def _disagreements(units, oa, ob):
    differ = units["status"] != "both"
    on = pd.Series([["presence"] if d else [] for d in differ], index=units.index)
    for var in VARIABLES:
        bad = ~differ & (units[f"a_{var}"] != units[f"b_{var}"])
        on[bad] = on[bad].map(lambda lst, var=var: [*lst, var])
    keep = on.map(len) > 0
    out = units.loc[keep, ["unit", "status"]].copy()
    out["disagree_on"] = on[keep].map(";".join)
    for side, o in (("a", oa), ("b", ob)):
        rows = units.loc[keep, f"{side}_row"]
        for c in _SHOWN:
            vals = o[c].to_numpy(object) if c in o.columns else np.full(len(o), "", object)
            out[f"{side}_{c}"] = [vals[int(r)] if r == r else "" for r in rows]
    return out.reset_index(drop=True)


def agreement(a, b, min_overlap=0.5):
    """Inter-coder agreement of two codings of the same sources.

    **Unitising.** An observation of coder A and one of coder B are the same *unit* when
    (1) they cite a common source (``source_id``, which may list several, ``s1;s2``);
    (2) their evidence overlaps: the shorter quote shares at least ``min_overlap`` of its
    distinct words with the other (after normalising quotes as ``govnet validate`` does and
    lower-casing; a quote inside the other shares all of them), or both give the same
    ``locator`` (normalised: case and spacing ignored); and (3) they tie the same two actors,
    in either direction, after post resolution (a post becomes its single holder over the
    observation's span). Matching is one-to-one: among candidate pairs of one actor pair the
    assignment maximising the total score (1 + word overlap, + 0.5 for the same direction,
    + 0.25 for the same type; Hungarian algorithm, ``scipy.optimize.linear_sum_assignment``)
    wins, so a tie coded once each way by both coders gives two units. Observations left
    over are units coded by one coder only (``unmatched_a``, ``unmatched_b``). Both codings
    must use the same actor ids.

    **Variables.** *presence* (did the coder code the unit), on every unit; on the units
    both coded: *type*, *sign* (ordinal: -1 < 0 < 1), *direction* (``forward``/``reverse``
    relative to the first coding's resolved source → target, or ``undirected``), *date* (the
    ``start`` and ``end`` strings as coded: "2022 to 2023") and *reporter* (``reported_by``). Each gets percent
    agreement, Cohen's kappa and Krippendorff's alpha (nominal, ordinal for sign). Kappa and
    alpha are NaN when undefined (a single value throughout). Presence is compared on the
    union of units, where no unit is left uncoded by both coders: its kappa and alpha cannot
    be positive, and its percent (units both coded / all units) is the figure to read.

    Parameters
    ----------
    a, b : govnet.Case or path
        The two codings (case folders or loaded cases).
    min_overlap : float, default 0.5
        Share of the shorter quote's distinct words the quotes must share.

    Returns
    -------
    Agreement
        ``statistics``, ``units``, ``disagreements`` (``.write(folder)`` writes them as CSV
        and an HTML report).

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
       Psychological Measurement* 20(1), 37-46.
    .. [2] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg
       School for Communication, University of Pennsylvania.
       https://repository.upenn.edu/asc_papers/43

    Examples
    --------
    >>> import govnet
    >>> ex = govnet.datasets.example_case()
    >>> res = govnet.agreement(ex, ex)
    >>> s = res.statistics.set_index("variable")
    >>> int(s.loc["sign", "units"]), float(s.loc["sign", "percent"])
    (26, 1.0)
    >>> res.unmatched_a, len(res.disagreements)
    ([], 0)
    """
    if not 0 < min_overlap <= 1:
        raise ParameterError(f"min_overlap={min_overlap!r} must lie in (0, 1]")
    ca, cb = _as_case(a, "a"), _as_case(b, "b")
    oa, ob = _observations(ca), _observations(cb)
    units = _units(oa, ob, _match(oa, ob, min_overlap))
    return Agreement(statistics=_statistics(units), units=units.drop(columns=["a_row", "b_row"]),
                     disagreements=_disagreements(units, oa, ob),
                     cases=(ca.path, cb.path))  # fmt: skip


# ---------------------------------------------------------------- report
def _coding_html(row, side):
    if not row[f"{side}_id"]:
        return "<td class='none'>not coded</td>"
    items = "".join(f"<dt>{escape(c)}</dt><dd>{escape(str(row[f'{side}_{c}']))}</dd>"
                    for c in _SHOWN)  # fmt: skip
    return f"<td><dl>{items}</dl></td>"


def _html(res):
    """The disagreement report: statistics, then each disagreement with both codings."""
    stats = res.statistics.to_html(index=False, na_rep="", float_format="{:.3f}".format)
    rows = "".join(
        f"<tr><td>{escape(r['unit'])}</td><td>{escape(r['disagree_on'])}</td>"
        f"{_coding_html(r, 'a')}{_coding_html(r, 'b')}</tr>"
        for _, r in res.disagreements.iterrows()
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>Inter-coder agreement</title><style>body{font-family:sans-serif}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;"
        "vertical-align:top}dt{font-weight:bold}.none{color:#888}</style></head><body>"
        f"<h1>Inter-coder agreement</h1>{stats}<h2>Disagreements ({len(res.disagreements)})</h2>"
        "<table><tr><th>unit</th><th>disagree on</th><th>coder A</th><th>coder B</th></tr>"
        f"{rows}</table></body></html>\n"
    )
