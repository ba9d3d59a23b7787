"""The codebook: controlled vocabularies every case is coded with (``govnet/data/codebook.yml``)."""

import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._safeio import YAML_LIMIT, Refused, load_yaml, read_bytes
from .exceptions import DataValidationError

__all__ = ["Codebook", "load_codebook"]

_SHIPPED = Path(__file__).with_name("data") / "codebook.yml"
# the sections a codebook has; an extension (``extends: govnet``) may add terms to each
_SECTIONS = ("actor_kinds", "sides", "roles", "relation_types", "ladder", "event_types", "themes",
             "source_types", "confidence")
_ENTRIES = {"roles": {"tier": (int,)}, "relation_types": {"sign": (int,), "directed": (bool,)},
            "event_types": {"ladder_stage": (int, float)}}  # typed fields of mapping entries


@dataclass
class Codebook:
    """Vocabularies as DataFrames indexed by id (roles, relation_types, event_types, themes).

    ``actor_kinds``, ``sides``, ``source_types`` and ``confidence`` are dicts id -> description;
    ``ladder`` maps stage (int, or float for a stage between two, e.g. 2.5) -> label; ``raw`` is
    the YAML (merged, for an extension); ``path`` the file read last; ``files`` every file merged,
    the codebook that gives ``version`` first.
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
    files: tuple = field(default=())


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
                if value is not None and type(value) not in kind:
                    what = {(bool,): "true or false", (int,): "an integer"}.get(kind, "a number")
                    out.append(f"{key}.{k}.{name} must be {what}")
    ladder = raw.get("ladder")
    for k in ladder if isinstance(ladder, dict) else ():
        try:
            ok = not isinstance(k, bool) and math.isfinite(float(str(k).strip()))
        except ValueError:
            ok = False
        if not ok:
            out.append(f"ladder stage {k!r} must be a number (2, or 2.5 for a half stage)")
    return out


def _read_raw(path):
    """The codebook file's YAML, or a DataValidationError with a row per reason it is unusable."""
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
    return raw


def _tables(raw):
    """The vocabularies that are tables (roles, relation and event types, themes), typed."""
    roles = _frame(raw.get("roles"), ["label", "side", "tier"])
    roles["tier"] = pd.to_numeric(roles["tier"]).astype("Int64")
    rtypes = _frame(raw.get("relation_types"), ["label", "sign", "layer", "directed"])
    rtypes["sign"] = pd.to_numeric(rtypes["sign"]).astype("Int64")
    rtypes["directed"] = rtypes["directed"].astype("boolean")
    etypes = _frame(raw.get("event_types"), ["label", "ladder_stage"])
    etypes["ladder_stage"] = pd.to_numeric(etypes["ladder_stage"]).astype("Float64")
    themes = pd.DataFrame({"label": pd.Series(raw.get("themes") or {}, dtype=object)})
    themes.index.name = "id"
    return {"roles": roles, "relation_types": rtypes, "event_types": etypes, "themes": themes}


def load_codebook(path=None, base=None):
    """Read a codebook YAML file (default: the one shipped with govnet).

    A file with ``extends: govnet`` adds its terms to ``base``; any other file is a whole
    codebook. Adding never removes or changes a term: a term of ``base`` given again with
    another definition is a ``bad-codebook`` problem naming it.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A ``codebook.yml``: a regular file of at most 256 KiB inside its folder (not a symlink
        out of it), plain YAML without anchors or aliases.
    base : Codebook, optional
        The codebook an extension adds to (default: the shipped one).

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

    An extension adds terms (here a theme) to the shipped codebook:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d) / "codebook.yml"
    ...     _ = path.write_text("{extends: govnet, themes: {ethics: Ethics}}")
    ...     ext = govnet.load_codebook(path)
    >>> "ethics" in ext.themes.index, len(ext.themes) == len(cb.themes) + 1, len(ext.files)
    (True, True, 2)
    """
    path = Path(path) if path else _SHIPPED
    raw = _read_raw(path)
    files = (path,)
    if isinstance(raw, dict) and "extends" in raw:
        base = base or load_codebook()
        raw, files = _extend(base.raw, raw, path), (*base.files, path)
    return Codebook(
        version=str(raw.get("version", "")),
        raw=raw,
        **_tables(raw),
        actor_kinds=dict(raw.get("actor_kinds") or {}),
        sides=dict(raw.get("sides") or {}),
        source_types=dict(raw.get("source_types") or {}),
        confidence=dict(raw.get("confidence") or {}),
        ladder={_stage(k): v for k, v in (raw.get("ladder") or {}).items()},
        path=path,
        files=files,
    )


def _stage(key):
    """A ladder stage as a number: int when whole (``2``), else float (``2.5``)."""
    x = float(key)
    return int(x) if x.is_integer() else x


def _bad(path, column, value, reason):
    problems = pd.DataFrame([{"file": str(path), "row": None, "column": column, "value": value,
                              "reason": reason, "code": "bad-codebook"}])
    return DataValidationError(problems, path=path)


def _extend(base, ext, path):
    """``base`` (a raw codebook) with the terms of the extension ``ext`` added.

    Raises ``bad-codebook`` for an ``extends`` other than ``govnet``, an unknown section, or a
    term of ``base`` given with another definition (a repeat with the same definition is fine).
    """
    if ext["extends"] != "govnet":
        raise _bad(path, "extends", ext["extends"], "extends must be 'govnet' (the codebook an "
                   "extension adds to: the shipped one, with any codebook.yml of the folders "
                   "above)")
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, terms in ext.items():
        if section in ("extends", "version"):
            continue
        if section not in _SECTIONS or not isinstance(terms, dict):
            raise _bad(path, section, None, f"an extension adds terms to the sections "
                       f"{', '.join(_SECTIONS)}, each a mapping id: definition")
        have = out.setdefault(section, {})
        keyed = {_stage(k): k for k in have} if section == "ladder" else {k: k for k in have}
        for term, value in terms.items():
            k = _stage(term) if section == "ladder" else term
            if k in keyed and have[keyed[k]] != value:
                raise _bad(path, f"{section}.{term}", str(value),
                           f"redefines {section} term {term!r} of the codebook it extends (an "
                           "extension only adds terms: give the new meaning a new id)")
            have.setdefault(keyed.get(k, term), value)
    return out


def _codebook_files(case_dir, codebook=None):
    """The codebook.yml files that apply to a case folder, outermost first.

    The grandparent's, the parent's (or instead of both ``codebook``, when given), then the
    case folder's own.
    """
    if codebook and not Path(codebook).is_file():
        raise _bad(codebook, None, None, "cannot read codebook: no such file")
    case_dir = Path(case_dir)
    above = [Path(codebook)] if codebook else [d / "codebook.yml" for d in
                                               (case_dir.parent.parent, case_dir.parent)]
    files = []
    for f in [*above, case_dir / "codebook.yml"]:  # each once ('x'.parent.parent is '.' again)
        if f.is_file() and all(f.resolve() != g.resolve() for g in files):
            files.append(f)
    return files


def _codebook_for(case_dir, codebook=None):
    """The codebook of a case folder: the shipped one, then each file of :func:`_codebook_files`.

    A whole codebook (no ``extends``) replaces what came before it; an extension adds to it.
    """
    cb = load_codebook()
    for f in _codebook_files(case_dir, codebook):
        cb = load_codebook(f, base=cb)
    return cb


def _version_note(coded, cb):
    """Why a case coded with codebook version ``coded`` may not fit ``cb`` (None: it fits).

    Versions are ``MAJOR.MINOR``; a minor release only adds terms, so a case fits a codebook
    of the same major version and the same or a later minor one.
    """
    coded, here = str(coded), cb.version
    try:
        (cmaj, cmin), (hmaj, hmin) = ([int(x) for x in v.split(".")] for v in (coded, here))
        fits = cmaj == hmaj and cmin <= hmin
    except ValueError:  # not MAJOR.MINOR: only the same text fits
        fits = coded == here
    if fits:
        return None
    where = _label(cb.files[0]) if cb.files else "the shipped codebook"
    return (f"case.yml says it was coded with codebook {coded}; the codebook used here is "
            f"{here} ({where})")


def _label(path):
    """The shipped codebook as ``govnet/data/codebook.yml``, any other by its path."""
    path = Path(path)
    return "govnet/data/codebook.yml" if path.resolve() == _SHIPPED.resolve() else str(path)


def _codebook_hashes(case_dir, codebook=None):
    """sha256 of every codebook file a case uses: the shipped one by its package path, others by
    their path relative to the case folder."""

    def name(f):
        f = Path(f).resolve()
        return _label(f) if f == _SHIPPED.resolve() else \
            Path(os.path.relpath(f, Path(case_dir).resolve())).as_posix()

    try:
        files = _codebook_for(case_dir, codebook).files
    except DataValidationError:  # a bad codebook: hash what is there
        files = [_SHIPPED, *_codebook_files(case_dir)]
    return {name(f): hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in files}
