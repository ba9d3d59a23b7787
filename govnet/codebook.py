"""The codebook: controlled vocabularies every case is coded with (``data/codebook.yml``)."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._safeio import YAML_LIMIT, Refused, load_yaml, read_bytes
from .exceptions import DataValidationError

__all__ = ["Codebook", "load_codebook"]

_SHIPPED = Path(__file__).with_name("data") / "codebook.yml"
_SECTIONS = ("actor_kinds", "sides", "roles", "relation_types", "ladder", "event_types", "themes",
             "source_types", "confidence")
_ENTRIES = {"roles": {"tier": int}, "relation_types": {"sign": int, "directed": bool},
            "event_types": {"ladder_stage": int}}  # typed fields of mapping entries


@dataclass
class Codebook:
    """Vocabularies as DataFrames indexed by id (roles, relation_types, event_types, themes).

    ``actor_kinds``, ``sides``, ``source_types`` and ``confidence`` are dicts id -> description;
    ``ladder`` maps stage (int) -> label; ``raw`` is the YAML as read; ``path`` where it came from.
    """

    version: str
    raw: dict
    roles: pd.DataFrame
    relation_types: pd.DataFrame
    event_types: pd.DataFrame
    themes: pd.DataFrame
    actor_kinds: dict
    sides: dict
    source_types: dict
    confidence: dict
    ladder: dict
    path: Path | None = field(default=None)


def _frame(d, columns):
    df = pd.DataFrame.from_dict(d or {}, orient="index")
    for c in columns:
        if c not in df.columns:
            df[c] = pd.NA
    df.index.name = "id"
    return df[columns]


def _shape_problems(raw):
    """Why a parsed codebook cannot be used: a list of reasons, empty when it can."""
    if not isinstance(raw, dict):
        return ["must be a mapping of vocabularies (version: ..., roles: ...)"]
    out = []
    for key in _SECTIONS:
        section = raw.get(key) or {}
        if not isinstance(section, dict):
            out.append(f"{key} must be a mapping of id: entry")
            continue
        for k, entry in section.items() if key in _ENTRIES else ():
            if not isinstance(entry, dict):
                out.append(f"{key}.{k} must be a mapping ({{label: ..., ...}})")
                continue
            for name, kind in _ENTRIES[key].items():
                value = entry.get(name)
                if value is not None and type(value) is not kind:
                    what = "true or false" if kind is bool else "an integer"
                    out.append(f"{key}.{k}.{name} must be {what}")
    ladder = raw.get("ladder")
    for k in ladder if isinstance(ladder, dict) else ():
        if type(k) is not int and not (isinstance(k, str) and k.strip().isdecimal()):
            out.append(f"ladder stage {k!r} must be an integer")
    return out


def load_codebook(path=None):
    """Read a codebook YAML file (default: the copy shipped with govnet).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A ``codebook.yml``: a regular file of at most 256 KiB inside its folder (not a symlink
        out of it), plain YAML without anchors or aliases.

    Returns
    -------
    Codebook

    Raises
    ------
    DataValidationError
        With one ``bad-codebook`` row per reason the file cannot be read or used.

    Examples
    --------
    >>> import govnet
    >>> cb = govnet.load_codebook()
    >>> int(cb.roles.loc["leader", "tier"]), cb.relation_types.loc["distrust", "layer"]
    (1, 'informal')
    """
    path = Path(path) if path else _SHIPPED
    try:
        raw = load_yaml(read_bytes(path, path.parent, YAML_LIMIT, where="its folder"))
        reasons = _shape_problems(raw)
    except Refused as exc:
        reasons = [exc.reason]
    if reasons:
        problems = pd.DataFrame(
            [{"file": str(path), "row": None, "column": None, "value": None,
              "reason": f"cannot read codebook: {r}", "code": "bad-codebook"} for r in reasons]
        )
        raise DataValidationError(problems, path=path) from None
    roles = _frame(raw.get("roles"), ["label", "side", "tier"])
    roles["tier"] = pd.to_numeric(roles["tier"]).astype("Int64")
    rtypes = _frame(raw.get("relation_types"), ["label", "sign", "layer", "directed"])
    rtypes["sign"] = pd.to_numeric(rtypes["sign"]).astype("Int64")
    rtypes["directed"] = rtypes["directed"].astype("boolean")
    etypes = _frame(raw.get("event_types"), ["label", "ladder_stage"])
    etypes["ladder_stage"] = pd.to_numeric(etypes["ladder_stage"]).astype("Int64")
    themes = pd.DataFrame({"label": pd.Series(raw.get("themes") or {}, dtype=object)})
    themes.index.name = "id"
    return Codebook(
        version=str(raw.get("version", "")),
        raw=raw,
        roles=roles,
        relation_types=rtypes,
        event_types=etypes,
        themes=themes,
        actor_kinds=dict(raw.get("actor_kinds") or {}),
        sides=dict(raw.get("sides") or {}),
        source_types=dict(raw.get("source_types") or {}),
        confidence=dict(raw.get("confidence") or {}),
        ladder={int(k): v for k, v in (raw.get("ladder") or {}).items()},
        path=path,
    )


def _codebook_for(case_dir):
    """The first codebook.yml in the case folder, its parent or grandparent, else the shipped one."""
    case_dir = Path(case_dir)
    for d in (case_dir, case_dir.parent, case_dir.parent.parent):
        if (d / "codebook.yml").is_file():
            return load_codebook(d / "codebook.yml")
    return load_codebook()
