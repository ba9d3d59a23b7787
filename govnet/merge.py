"""Merging two codings of a case: agreed observations once, disagreements adjudicated."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ._safeio import check_apart
from .exceptions import DataValidationError, ParameterError

__all__ = ["merge", "resolve_merge"]

DECISIONS = ("a", "b", "both", "neither")
_HEAD = ["unit", "decision", "status", "disagree_on"]


def _coders(meta):
    c = meta.get("coders") or []
    return [str(x) for x in (c if isinstance(c, list) else [c])]


def _join_coders(*values):
    """``"ann"`` and ``"bob"`` -> ``"ann;bob"`` (each coder once, in order)."""
    seen = []
    for v in values:
        for c in str(v or "").split(";"):
            if c.strip() and c.strip() not in seen:
                seen.append(c.strip())
    return ";".join(seen)


def _union(ta, tb):
    """Coder A's rows, then coder B's rows with an id A does not use."""
    return pd.concat([ta, tb[~tb["id"].isin(set(ta["id"]))]], ignore_index=True)


def _text(case):
    """The case's relations as written in the file (strings; empty cells "")."""
    from .case import _unparse

    r = _unparse(case.relations, "relations").astype(object)
    return r.where(r.notna(), "").astype(str)


@contextmanager
def _staged(out):
    """A folder to write ``out`` in; it becomes ``out`` only if the block succeeds, so a
    failure never leaves a half-written folder. ``out`` must not exist."""
    out = Path(out)
    if out.exists():
        raise ParameterError(f"{out} exists: govnet never overwrites a folder; choose a new one")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        yield tmp / out.name
        os.replace(tmp / out.name, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def merge(a, b, out):
    """Merge two codings of one case into a new case folder, for a lead coder to finish.

    Observations are matched as in :func:`govnet.agreement`. A unit both coders coded alike
    (same type, sign, direction, date and reporter) is written once, as coder A's row with
    ``coder`` naming both (``ann;bob``). Every other unit -- coded differently, or by one
    coder only -- goes to ``adjudication.csv`` in the merged folder, one row per unit with
    both codings side by side (``a_<column>``, ``b_<column>``) and an empty ``decision`` for
    the lead coder: ``a``, ``b``, ``both`` or ``neither``; a coder B id that coder A also
    uses gets ``-b`` there (``r5`` -> ``r5-b``). :func:`resolve_merge` then adds the
    chosen rows. Sources, actors, tenures and events are coder A's, plus any row of coder B
    with an id A does not use; ``case.yml`` is A's with both coders listed.

    Parameters
    ----------
    a, b : govnet.Case or path
        The two codings.
    out : str or pathlib.Path
        The merged case folder to create; it must not exist.

    Returns
    -------
    pathlib.Path
        The merged folder (valid as it stands; it holds only the agreed relations until
        resolved).

    Examples
    --------
    >>> import tempfile, govnet
    >>> ex = govnet.datasets.example_case()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     m = govnet.merge(ex, ex, f"{d}/merged")
    ...     len(govnet.load_case(m).relations), len(open(m / "adjudication.csv").readlines())
    (26, 1)
    """
    from dataclasses import replace

    from .agreement import _as_case, agreement
    from .case import write_case

    ca, cb = _as_case(a, "a"), _as_case(b, "b")
    check_apart(out, (ca.path, cb.path))
    res = agreement(ca, cb)
    ra, rb = _text(ca), _text(cb)
    u = res.units
    agreed = u[(u["status"] == "both") & ~u["unit"].isin(res.disagreements["unit"])]
    keep = ca.relations.set_index("id", drop=False).loc[agreed["a_id"]].reset_index(drop=True)
    keep["coder"] = pd.array([_join_coders(x, y) for x, y in zip(
        keep["coder"], rb.set_index("id").loc[agreed["b_id"], "coder"], strict=True)],
        dtype="string")
    meta = dict(ca.meta, coders=_coders(ca.meta) + [c for c in _coders(cb.meta)
                                                    if c not in _coders(ca.meta)])
    merged = replace(ca, meta=meta, relations=keep,
                     **{t: _union(getattr(ca, t), getattr(cb, t))
                        for t in ("sources", "actors", "tenures", "events")})  # fmt: skip
    with _staged(out) as folder:
        write_case(merged, folder)
        for src in (ca, cb):  # coder B's own source texts, where A has none of that name
            for rel in src.sources["file"].dropna():
                if not (folder / str(rel)).is_file() and (src.path / str(rel)).is_file():
                    (folder / str(rel)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src.path / str(rel), folder / str(rel))
        _adjudication(res, ra, rb).to_csv(folder / "adjudication.csv", index=False,
                                          lineterminator="\n")  # fmt: skip
    return Path(out)


def _unique(ids, taken):
    """Coder B's ids made unique against ``taken`` (coder A's): ``r5`` -> ``r5-b``."""
    used, out = set(taken), {}
    for i in ids:
        new, k = i, 1
        while new in used:
            new, k = f"{i}-b{'' if k == 1 else k}", k + 1
        out[i] = new
        used.add(new)
    return out


def _adjudication(res, ra, rb):
    """One row per unit to adjudicate: unit, decision (empty), status, disagree_on, a_*, b_*;
    coder B's ids made unique against coder A's."""
    d = res.disagreements
    out = d[["unit"]].assign(decision="", status=d["status"], disagree_on=d["disagree_on"])
    for side, r in (("a", ra), ("b", rb)):
        rows = r.set_index("id", drop=False).reindex(d[f"{side}_id"]).fillna("")
        for c in r.columns:
            out[f"{side}_{c}"] = rows[c].to_numpy()
    ids = _unique(rb["id"], ra["id"])
    out["b_id"] = out["b_id"].map(lambda i: ids.get(i, ""))
    return out.reset_index(drop=True)


def _read_text_csv(path):
    """A CSV file as strings (empty cells ""), or a ParameterError saying why it cannot be."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:  # pandas' ParserError is a ValueError
        raise ParameterError(f"{path}: not a readable UTF-8 CSV file ({exc})") from None


def _decision_problems(adj, name):
    """Every row whose decision is missing, unknown or picks a coding that is not there."""
    problems = []
    for i, row in adj.iterrows():
        dec = row["decision"].strip().lower()
        missing = [s for s in "ab" if not row[f"{s}_id"]]
        if dec not in DECISIONS:
            reason = f"decision must be one of {', '.join(DECISIONS)}"
        elif (dec == "both" and missing) or dec in missing:
            reason = f"unit {row['unit']} has no coding by {' and '.join(missing)}"
        else:
            continue
        problems.append({"file": name, "row": i + 2, "column": "decision",
                         "value": row["decision"], "reason": reason, "code": "bad-decision"})
    return problems


def _chosen(adj):
    """The relation rows the decisions pick."""
    rows = []
    for _, row in adj.iterrows():
        for side in {"a": "a", "b": "b", "both": "ab", "neither": ""}[row["decision"].strip().lower()]:
            rows.append({c[2:]: v for c, v in row.items() if c.startswith(f"{side}_")})
    return rows


def resolve_merge(adjudication, folder=None):
    """Complete a merge: add the relations a lead coder chose in ``adjudication.csv``.

    Each row's ``decision`` keeps coder A's coding (``a``), coder B's (``b``), both
    (``both``) or neither (``neither``). Every
    decision must be given and possible (a unit coded by A only takes ``a`` or
    ``neither``); otherwise nothing is written and a :class:`govnet.DataValidationError`
    lists each bad row. The merged folder must then validate, or it is left as it was.

    Parameters
    ----------
    adjudication : str or pathlib.Path
        The ``adjudication.csv`` written by :func:`merge`, decisions filled in.
    folder : str or pathlib.Path, optional
        The merged case folder (default: the folder of ``adjudication``).

    Returns
    -------
    pathlib.Path
        The merged folder.

    Raises
    ------
    DataValidationError
        A missing or impossible decision, or the merged case does not validate.
    ParameterError
        The adjudication was already applied (its chosen ids are in relations.csv).

    Examples
    --------
    >>> import tempfile, govnet
    >>> ex = govnet.datasets.example_case()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     m = govnet.merge(ex, ex, f"{d}/merged")
    ...     len(govnet.load_case(govnet.resolve_merge(m / "adjudication.csv")).relations)
    26
    """
    from .validate import _COLUMNS, validate_case

    adjudication = Path(adjudication)
    folder = Path(folder) if folder else adjudication.parent
    if not adjudication.is_file() or not (folder / "relations.csv").is_file():
        raise ParameterError(f"need {adjudication} and a merged case folder with relations.csv "
                             f"(got {folder})")
    adj = _read_text_csv(adjudication)
    if missing := [c for c in _HEAD + ["a_id", "b_id"] if c not in adj.columns]:
        raise ParameterError(f"{adjudication}: not an adjudication file (no {missing})")
    if problems := _decision_problems(adj, adjudication.name):
        raise DataValidationError(pd.DataFrame(problems, columns=_COLUMNS), path=adjudication)
    old = (folder / "relations.csv").read_bytes()
    rel = _read_text_csv(folder / "relations.csv")
    add = pd.DataFrame(_chosen(adj), columns=list(rel.columns))
    if done := sorted(set(add["id"]) & set(rel["id"])):
        raise ParameterError(f"{adjudication} is already applied: {done} are in relations.csv")
    pd.concat([rel, add.fillna("")]).to_csv(folder / "relations.csv", index=False,
                                            lineterminator="\n")  # fmt: skip
    errors, warnings = validate_case(folder)
    if len(errors):
        (folder / "relations.csv").write_bytes(old)
        raise DataValidationError(errors, warnings, path=folder)
    return folder
