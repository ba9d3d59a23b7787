"""Pseudonymising a case: consistent pseudonyms for persons (and councils) in every file."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ._safeio import check_apart
from .exceptions import DataValidationError, ParameterError

__all__ = ["pseudonymise"]

KEY_COLUMNS = ["kind", "original_id", "original", "pseudonym_id", "pseudonym"]
_TITLES = {"cllr", "councillor", "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord",
           "lady", "baroness", "baron", "prof", "professor", "rev"}  # fmt: skip
_APOS, _DASH = "'\u2018\u2019", "-\u2013\u2014\u2012\u2212"
#: Words that make no name: with the codebook's role words, a name form needs another one.
_GENERIC = {"the", "of", "and", "a", "an", "your", "our", "council", "borough", "city", "county",
            "district", "london", "metropolitan", "royal", "authority", "interim", "acting",
            "former", "not", "named", "unnamed"}  # fmt: skip


# ---------------------------------------------------------------- names
def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def _strip_title(name):
    """``"Cllr Kim Bromley-Derry CBE (inspector)"`` -> ``"Kim Bromley-Derry"``: titles,
    post-nominal letters and parentheses off."""
    words = re.sub(r"\([^)]*\)", " ", str(name)).split()
    while words and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1].isupper() and words[-1].isalpha():
        words = words[:-1]
    return " ".join(words)


def _letters(n):
    """0 -> A, 25 -> Z, 26 -> AA, ... (bijective base 26)."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _forms(names, generic):
    """The name forms of a list of names and aliases: titles off, and only those with a
    capitalised word that is not ``generic`` (``the Council``, ``the Leader`` are roles)."""
    out = []
    for n in names:
        f = _strip_title(n)
        proper = [w for w in re.findall(r"[\w'\u2019-]+", f)
                  if w[0].isupper() and w.lower() not in generic]  # fmt: skip
        if proper and f not in out:
            out.append(f)
    return out


def _read_key(key):
    from .merge import _read_text_csv

    if key is None or not Path(key).is_file():
        return pd.DataFrame(columns=KEY_COLUMNS)
    k = _read_text_csv(key)
    if missing := [c for c in KEY_COLUMNS if c not in k.columns]:
        raise ParameterError(f"key {key}: not a pseudonym key (no column {missing})")
    return k[KEY_COLUMNS]


def _prefix(row, keep_roles):
    if keep_roles and isinstance(row["role"], str):
        return row["role"].replace("-", " ").capitalize()
    return "Person"


def _entries(case, key, keep_roles, councils):
    """Key rows (old ones reused, new ones added) and, per key row, its name forms."""
    key = key.copy()
    a = case.actors.astype(object).where(case.actors.notna(), None)
    wanted = []  # (kind, original_id, original, prefix, names)
    for _, r in a[a["kind"] == "person"].iterrows():
        aliases = [x.strip() for x in (r["aliases"] or "").split(";") if x.strip()]
        wanted.append(("person", r["id"], r["name"], _prefix(r, keep_roles), [r["name"], *aliases]))
    if councils and case.meta.get("council"):
        c = a[(a["kind"] == "organisation") & (a["role"] == "council")]
        names = [str(case.meta["council"]), *c["name"]]
        names += [x.strip() for al in c["aliases"].dropna() for x in al.split(";")]
        wanted.append(("council", "", str(case.meta["council"]), "Council", names))
    taken = set(key["pseudonym_id"]) | set(a["id"])
    roles = case.codebook.roles
    generic = _GENERIC | _TITLES | {w.lower() for t in [*roles.index, *roles["label"].dropna()]
                                    for w in re.findall(r"\w+", str(t))}  # fmt: skip
    forms = {}
    for kind, oid, orig, prefix, names in wanted:
        same = (key["kind"] == kind) & (key["original_id"] == oid)
        old = key[same & (key["original"] == orig)] if kind == "council" else key[same]
        if old.empty:
            n = 0
            while _slug(f"{prefix} {_letters(n)}") in taken:
                n += 1
            pseudo = f"{prefix} {_letters(n)}"
            taken.add(_slug(pseudo))
            key.loc[len(key)] = [kind, oid, orig, _slug(pseudo), pseudo]
            old = key.iloc[[-1]]
        forms[old.index[0]] = _forms(names, generic)
    return key.reset_index(drop=True), forms


# ---------------------------------------------------------------- substitution
def _pattern(form):
    """A regex for a name form: any run of white space between words, any apostrophe/dash."""
    parts = []
    for ch in form:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _APOS:
            parts.append(f"[{_APOS}]")
        elif ch in _DASH:
            parts.append(f"[{_DASH}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _norm_key(text):
    t = " ".join(str(text).lower().split())
    return t.translate(str.maketrans({c: "'" for c in _APOS} | {c: "-" for c in _DASH}))


class _Substitution:
    """Every name form of the key's entries and what it becomes.

    Full names and aliases (titles off) and slugs/ids match case-insensitively; a surname alone
    (the last word of a person's name, or a one-word alias) matches as written or in
    capitals, and only where no other entry has that word as a surname.
    """

    def __init__(self, key, forms):
        full, single = {}, {}
        for i, fs in forms.items():
            label, pid = key.loc[i, "pseudonym"], key.loc[i, "pseudonym_id"]
            for f in fs:
                words = f.split()
                person = key.loc[i, "kind"] == "person"
                if len(words) > 1 or not person:
                    full[_norm_key(f)] = label
                if person and re.fullmatch(r"[A-Z][\w'\u2019-]+", words[-1]):
                    single.setdefault(words[-1], set()).add(label)
                if "-" in _slug(f):  # the name as an id: tony-buckley
                    full[_norm_key(_slug(f))] = pid
            if key.loc[i, "original_id"]:
                full[_norm_key(key.loc[i, "original_id"])] = pid
        self.full = full
        self.single = {w: ls.pop() for w, ls in single.items() if len(ls) == 1}
        for w in list(self.single):
            self.single[w.upper()] = self.single[w]
        alt = "|".join(_pattern(f) for f in sorted(full, key=len, reverse=True))
        self._full = re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE) if full else None
        alt = "|".join(map(re.escape, sorted(self.single, key=len, reverse=True)))
        self._single = re.compile(rf"(?<!\w)(?:{alt})(?!\w)") if self.single else None

    def __call__(self, text):
        if self._full is not None:
            text = self._full.sub(self._replace, text)
        if self._single is not None:
            text = self._single.sub(lambda m: self.single[m.group(0)], text)
        return text

    def _replace(self, m):
        """The pseudonym, or its id where the name was written as one (lower case, no space)."""
        new, old = self.full[_norm_key(m.group(0))], m.group(0)
        return _slug(new) if old.islower() and not any(c.isspace() for c in old) else new

    def survivors(self, text):
        """The original name forms still in ``text``."""
        return [m.group(0) for p in (self._full, self._single) if p is not None
                for m in p.finditer(text)]  # fmt: skip


def _apply(sub, df):
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == "string":
            vals = out[c].dropna().unique()
            out[c] = out[c].map({v: sub(v) for v in vals}, na_action="ignore").astype("string")
    return out


def _apply_meta(sub, value):
    if isinstance(value, str):
        return sub(value)
    if isinstance(value, dict):
        return {k: _apply_meta(sub, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_apply_meta(sub, v) for v in value]
    return value


# ---------------------------------------------------------------- checks and writing
def _default_key(out):
    return Path(out).parent / f"{Path(out).name}-key.csv"


def _check_paths(out, key, case_dir):
    check_apart(out, (case_dir,))
    out = Path(out)
    key = Path(key) if key else _default_key(out)
    o, k = out.resolve(), key.resolve()
    if k == o or o in k.parents:
        raise ParameterError(f"--key {key} lies inside --out {out}: the key must never be "
                             "published with the case; keep it elsewhere")
    return out, key


def _survivors(sub, folder):
    """Problems (file, row = line, value) for each original name form left in ``folder``."""
    rows = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for hit in sub.survivors(line):
                rows.append({"file": str(p.relative_to(folder)), "row": n, "column": None,
                             "value": hit, "reason": "an original name survives",
                             "code": "name-survives"})  # fmt: skip
    return rows


def _write(case, sub, folder):
    """Write the pseudonymised case into ``folder``; source texts go through ``sub`` too."""
    from .case import write_case

    tables = {t: _apply(sub, getattr(case, t))
              for t in ("sources", "actors", "tenures", "relations", "events")}  # fmt: skip
    write_case(replace(case, meta=_apply_meta(sub, case.meta), **tables), folder)
    files = zip(case.sources["file"], tables["sources"]["file"], strict=True)
    for old, new in files:
        if pd.notna(old) and (case.path / str(old)).is_file():
            text = (case.path / str(old)).read_text(encoding="utf-8-sig")
            (folder / str(new)).parent.mkdir(parents=True, exist_ok=True)
            (folder / str(new)).write_text(sub(text), encoding="utf-8")


def pseudonymise(case, out, key=None, keep_roles=False, councils=False):
    """Write a copy of a case with consistent pseudonyms for its persons (and its council).

    Every person (actor of kind ``person``) gets a pseudonym, ``Person A``, ``Person B``, ...
    (with ``keep_roles``, named after the role in actors.csv: ``Leader A``, ``Chief executive
    A``), and a pseudonym id (``person-a``). Every text of the case -- every cell of every
    table, ``case.yml`` and the source texts -- is rewritten the same way, so quotes still
    stand in the pseudonymised texts: the person's name and aliases with their titles taken
    off (``Cllr Tony Buckley`` and ``Tony Buckley`` -> ``Cllr Person A`` and ``Person A``;
    case-insensitive, any white space between the words), the surname alone where no other
    person has it (as written or in capitals: ``Buckley``, ``BUCKLEY``; also where it is an
    ordinary word, as in "White Paper" for a Simon White), and the actor id and
    the name as an id (``cllr-tony-buckley``, ``tony-buckley`` -> ``person-a``). Roles, posts,
    sides, parties and dates are kept. With ``councils``, the council named in ``case.yml``
    and the organisations of role ``council`` become ``Council A`` the same way. A name or alias
    with no capitalised word other than titles, role words of the codebook and words such
    as "council" or "authority" (``the council``, ``the Leader``, ``the Council``) is a role
    phrase and stays; a person named only in
    the texts, not in actors.csv, is not pseudonymised (add them as an actor).

    The key (kind, original_id, original, pseudonym_id, pseudonym) is written to ``key``,
    never into ``out``; given again, it maps the same persons (by actor id) to the same
    pseudonyms (new
    persons get the next free letters). The copy must validate with no errors, and no
    original name form may survive anywhere in it; otherwise nothing is written and the
    error lists each problem (file, line, the name found).

    Parameters
    ----------
    case : govnet.Case or path
    out : str or pathlib.Path
        The folder to create (it must not exist).
    key : str or pathlib.Path, optional
        The key file, read if it exists and written (default ``<out>-key.csv`` beside ``out``).
    keep_roles : bool, default False
        Name pseudonyms after the persons' roles.
    councils : bool, default False
        Pseudonymise the council's name too.

    Returns
    -------
    pandas.DataFrame
        The key.

    Raises
    ------
    ParameterError
        ``out`` exists, or ``key`` lies inside ``out``.
    DataValidationError
        The copy does not validate, or an original name survives in it.

    Examples
    --------
    >>> import tempfile, govnet
    >>> with tempfile.TemporaryDirectory() as d:
    ...     key = govnet.pseudonymise(govnet.datasets.example_case(), f"{d}/anon")
    ...     back = govnet.load_case(f"{d}/anon")
    >>> key.set_index("original_id").loc["cllr-ada-jones", ["pseudonym_id", "pseudonym"]].tolist()
    ['person-a', 'Person A']
    >>> back.tenures.loc[1, "quote"]
    'Cllr Person A became leader'
    """
    from .agreement import _as_case
    from .merge import _staged
    from .validate import _COLUMNS, validate_case

    case = _as_case(case, "case")
    out, key_path = _check_paths(out, key, case.path)
    table, forms = _entries(case, _read_key(key_path), keep_roles, councils)
    sub = _Substitution(table, forms)
    with _staged(out) as folder:
        _write(case, sub, folder)
        errors, warnings = validate_case(folder)
        if len(errors):
            raise DataValidationError(errors, warnings, path=out)
        if left := _survivors(sub, folder):
            raise DataValidationError(pd.DataFrame(left, columns=_COLUMNS), path=out)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(key_path, index=False, lineterminator="\n")
    return table
