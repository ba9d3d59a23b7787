"""The codebook: controlled vocabularies every case is coded with (``data/codebook.yml``)."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .exceptions import DataValidationError

__all__ = ["Codebook", "load_codebook"]

_SHIPPED = Path(__file__).with_name("data") / "codebook.yml"


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


def load_codebook(path=None):
    """Read a codebook YAML file (default: the copy shipped with govnet).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A ``codebook.yml``.

    Returns
    -------
    Codebook

    Examples
    --------
    >>> import govnet
    >>> cb = govnet.load_codebook()
    >>> int(cb.roles.loc["leader", "tier"]), cb.relation_types.loc["distrust", "layer"]
    (1, 'informal')
    """
    path = Path(path) if path else _SHIPPED
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        problems = pd.DataFrame(
            [{"file": str(path), "row": None, "column": None, "value": None,
              "reason": f"cannot read codebook: {exc}", "code": "bad-codebook"}]
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
