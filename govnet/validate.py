"""Reading and validating case folders: every problem at once, with file, row, column and reason."""

import csv
import difflib
import io
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ._datadir import find_data_dir
from ._safeio import SOURCE_LIMIT, TABLE_LIMIT, YAML_LIMIT, Refused, load_yaml, read_bytes
from .codebook import _codebook_for, _version_note
from .dates import _parse_dates
from .exceptions import DataValidationError

__all__ = ["validate_case", "TABLES"]

TABLES = ("sources", "actors", "tenures", "relations", "events")
_SCHEMAS = Path(__file__).with_name("schemas")
_MAX_COLUMNS = 200  # a header wider than this is refused before pandas reads the file
_MAX_NAME = 1000  # characters in a column name (the format's longest has 15)
_COLUMNS = ["file", "row", "column", "value", "reason", "code"]
_RESERVED = ("index.html", "cross-case")  # names the report site uses beside case folders
_ID = r"[a-z0-9-]+"  # the id rule of data/README.md
_QUOTE_KINDS = ("verbatim", "paraphrase")
_CASE_KEYS = ("id", "title", "council", "period", "summary", "coders", "licence", "codebook_version")
_TRANS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " "})


def _schema(table):
    return json.loads((_SCHEMAS / f"{table}.json").read_text(encoding="utf-8"))


def _fields(table):
    return _schema(table)["fields"]


class _Collector:
    def __init__(self):
        self.errors, self.warnings = [], []
        self.lines = {}  # table -> line number of each row (a quoted field may span lines)
        self.unreadable = set()  # tables whose file exists but cannot be read

    def add(self, file, rows, column, values, reason, code, warning=False):
        """Add one problem per row; rows/values (and reason) may be scalars or aligned sequences."""
        target = self.warnings if warning else self.errors
        if not isinstance(rows, (list, tuple, pd.Index, pd.Series)):
            rows, values = [rows], [values]
        reasons = [reason] * len(rows) if isinstance(reason, str) else list(reason)
        for r, v, why in zip(rows, values, reasons, strict=False):
            v = None if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else str(v)
            target.append({"file": file, "row": None if r is None else int(r), "column": column,
                           "value": v, "reason": why, "code": code})

    def frame(self, warning=False):
        df = pd.DataFrame(self.warnings if warning else self.errors, columns=_COLUMNS)
        df["row"] = df["row"].astype("Int64")
        return df.sort_values(["file", "row", "column", "code"], na_position="first",
                              kind="stable").reset_index(drop=True)


def _scan(text):
    """First line and field count of every non-blank CSV record (csv module, strict quoting).

    Returns ``(lines, counts, error)``; ``error`` is ``(line, message)`` for a record the csv
    module cannot parse (an unbalanced double quote), else None.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines, counts, prev = [], [], 0
    try:
        for rec in reader:
            if rec:  # blank lines are skipped, as pandas does
                lines.append(prev + 1)
                counts.append(len(rec))
            prev = reader.line_num
    except csv.Error as exc:
        return lines, counts, (prev + 1, str(exc))
    return lines, counts, None


_QUOTE_AFTER = np.zeros(256, bool)  # bytes that may follow a closing quote: " , LF CR
_QUOTE_AFTER[[34, 44, 10, 13]] = True
_QUOTE_BEFORE = np.zeros(256, bool)  # bytes that may precede an opening quote: " , LF
_QUOTE_BEFORE[[34, 44, 10]] = True


def _fast_scan(raw):
    """:func:`_scan` for plain files, vectorised over the bytes; None means "use _scan".

    Plain: quotes pair up, open only after a delimiter and close only before one, and every CR
    is part of a CRLF. A delimiter (comma, LF) counts only outside quotes (an even number of
    quotes before it). Returns ``(lines, counts)`` of the non-blank records.
    """
    a = np.frombuffer(raw, dtype=np.uint8)[3 if raw[:3] == b"\xef\xbb\xbf" else 0:]
    n = len(a)
    q = np.flatnonzero(a == 34)
    if len(q) % 2:
        return None
    after, before = q[1::2] + 1, q[0::2] - 1
    if not (_QUOTE_AFTER[a[after[after < n]]].all() and _QUOTE_BEFORE[a[before[before >= 0]]].all()):
        return None
    cr = np.flatnonzero(a == 13) + 1
    if len(cr) and (cr[-1] >= n or not (a[cr] == 10).all()):
        return None
    nl = np.flatnonzero(a == 10)
    k = np.flatnonzero((np.searchsorted(q, nl) & 1) == 0)  # the LFs that end a record
    ends = nl[k]
    if n and a[-1] != 10:  # a last record without a line break
        ends, k = np.append(ends, n), np.append(k, len(nl))
    commas = np.flatnonzero(a == 44)
    commas = commas[(np.searchsorted(q, commas) & 1) == 0]
    counts = np.diff(np.searchsorted(commas, ends), prepend=0) + 1
    starts = np.concatenate([[0], ends + 1])[:-1]
    lines = np.concatenate([[1], k + 2])[:-1]
    size = ends - starts
    blank = (size == 0) | ((size == 1) & (a[np.minimum(starts, max(n - 1, 0))] == 13))
    return lines[~blank], counts[~blank]


def _header(text):
    """The names in the first non-blank record of a CSV text, stripped; None for a name longer
    than any column name of the format could be (``_MAX_NAME``), whatever the csv module's field
    limit (other libraries raise it process-wide: frictionless does)."""
    try:
        first = next((r for r in csv.reader(io.StringIO(text, newline="")) if r), [])
    except csv.Error:
        return None
    return None if any(len(c) > _MAX_NAME for c in first) else [c.strip() for c in first]


def _read_csv(raw, table, col):
    """Read one CSV's bytes as strings, or record why it cannot be read. Returns a DataFrame or None."""
    name = f"{table}.csv"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col.add(name, line, None, None, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8",
                "encoding")
        return None
    if _semicolon_separated(text, table):
        col.add(name, 1, None, None, "this file looks semicolon-separated; save it as "
                "comma-separated (in Excel: CSV UTF-8 (Comma delimited))", "malformed-csv")
        return None
    fast = _fast_scan(raw)
    lines, counts, error = (*fast, None) if fast is not None else _scan(text)
    if error:
        col.add(name, error[0], None, None,
                f"unbalanced double quote (a quoted field does not close properly: {error[1]})",
                "malformed-csv")
        return None
    if not len(counts):
        col.add(name, 1, None, None, "file is empty (no header row)", "malformed-csv")
        return None
    if counts[0] > _MAX_COLUMNS:
        col.add(name, lines[0], None, None, f"header has {counts[0]} columns; no table of the "
                f"format has more than {_MAX_COLUMNS}", "malformed-csv")
        return None
    header = _header(text)
    del text  # pandas reads the bytes (no second copy of the text as str)
    if header is None:
        col.add(name, lines[0], None, None, "a column name in the header is too long",
                "malformed-csv")
        return None
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        col.add(name, [lines[0]] * len(twice), None, twice, "column name used twice in the header",
                "malformed-csv")
        return None
    counts, lines = pd.Series(counts), pd.Series(lines)
    ragged = counts != counts.iloc[0]
    if ragged.any():
        for n in sorted(counts[ragged].unique()):
            at = ragged & (counts == n)
            col.add(name, list(lines[at]), None, [None] * int(at.sum()),
                    f"ragged row: {n} fields where the header has {counts.iloc[0]}", "malformed-csv")
        return None
    try:
        df = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False,
                         na_filter=False, skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:  # not expected after _scan
        col.add(name, None, None, None, f"cannot parse CSV: {exc}", "malformed-csv")
        return None
    if len(df) != len(lines) - 1:  # a line pandas and csv disagree on (e.g. whitespace-only)
        col.add(name, None, None, None, "cannot align CSV records with lines", "malformed-csv")
        return None
    col.lines[table] = pd.Series(lines.to_numpy()[1:], index=df.index)
    df.columns = [c.strip() for c in df.columns]
    for c in df.columns:
        df[c] = _strip(df[c])
    extra = [c for c in df.columns if c not in {f["name"] for f in _fields(table)}]
    for c in extra:
        col.add(name, 1, c, c, "unknown column (ignored)", "unknown-column", warning=True)
    return df


def _semicolon_separated(text, table):
    """Whether the header is the format's column names separated by ``;`` (as some locales save)."""
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    names = {f["name"] for f in _fields(table)}
    return "," not in header and len(names & {c.strip().strip('"') for c in header.split(";")}) > 1


def _strip(s):
    """Strip whitespace, empty -> NA, as a string column; repeated values are stripped once."""
    codes, uniques = pd.factorize(s)
    if len(uniques) * 2 < len(s):
        u = pd.Series(uniques, dtype=object).str.strip().replace("", None)
        out = pd.Series(pd.array(np.append(u.to_numpy(), None)[np.where(codes < 0, len(u), codes)],
                                 dtype="string"), index=s.index)
        return out
    return s.str.strip().replace("", pd.NA).astype("string")


def _empty(table):
    return pd.DataFrame({f["name"]: pd.Series(dtype="string") for f in _fields(table)})


def _lines(col, table, df):
    """Line number in the file of each row (header = line 1)."""
    lines = col.lines.get(table)
    return lines if lines is not None and len(lines) == len(df) else df.index.to_series() + 2


def _typed(table, df, col, check=True):
    """Add missing optional columns, check required ones, convert types, add date intervals."""
    name = f"{table}.csv"
    fields = _fields(table)
    df = _drop_empty_rows(table, df, col, check)
    for f in fields:
        c = f["name"]
        required = f.get("constraints", {}).get("required", False)
        if c not in df.columns:
            if required and check:
                col.add(name, 1, c, None, "required column is missing", "missing-column")
            df[c] = pd.Series(pd.NA, index=df.index, dtype="string")
        elif required and check:
            miss = df[c].isna()
            if miss.any() and not (table == "relations" and c == "quote"):
                col.add(name, list(_lines(col, table, df)[miss]), c, [None] * int(miss.sum()),
                        "required value is missing", "missing-value")
    df = df[[f["name"] for f in fields] + [c for c in df.columns if c not in
                                            {f["name"] for f in fields}]].copy()
    for f in fields:
        c = f["name"]
        if f.get("partialDate"):
            d = _parse_dates(df[c], c)
            df[c + "_lo"], df[c + "_hi"], df[c + "_uncertain"] = d["lo"], d["hi"], d["uncertain"]
            for reason, bad in (d.groupby("problem").groups.items() if check else ()):
                col.add(name, list(_lines(col, table, df)[bad]), c, list(df.loc[bad, c]), reason,
                        "bad-date")
        elif f["type"] == "boolean":
            v = df[c].str.lower()
            truth = v.map({**dict.fromkeys(f["trueValues"], True),
                           **dict.fromkeys(f["falseValues"], False)})
            bad = v.notna() & truth.isna()
            if check and bad.any():
                col.add(name, list(_lines(col, table, df)[bad]), c, list(df.loc[bad, c]), "not yes/no",
                        "bad-boolean")
            df[c] = truth.astype("boolean")
        elif f["type"] == "integer":  # the sign: exactly as the format writes it
            codes = {str(v): v for v in f.get("constraints", {}).get("enum", [-1, 0, 1])}
            bad = df[c].notna() & ~df[c].isin(list(codes))
            if check and bad.any():
                values = df.loc[bad, c]
                why = {v: _sign_reason(v) for v in values.unique()}
                col.add(name, list(_lines(col, table, df)[bad]), c, list(values),
                        list(values.map(why)), "bad-sign")
            df[c] = df[c].map(codes).astype("Int64")
    return df


def _drop_empty_rows(table, df, col, check):
    """Drop rows whose every cell is empty (``,,,,,`` lines a spreadsheet leaves); one warning."""
    if not len(df.columns) or not df.iloc[:, 0].isna().any():  # cheap test first
        return df
    empty = df.isna().all(axis=1)
    if not empty.any():
        return df
    lines = _lines(col, table, df)
    if check:
        col.add(f"{table}.csv", int(lines[empty].iloc[0]), None, None,
                f"{int(empty.sum())} empty row(s) (only commas) ignored, the first on this line; "
                "a spreadsheet leaves them: delete them to silence this", "empty-rows",
                warning=True)
    keep = ~empty
    col.lines[table] = pd.Series(lines[keep].to_numpy(), index=pd.RangeIndex(int(keep.sum())))
    return df[keep].reset_index(drop=True)


def _sign_reason(value):
    """Why a sign cell is not ``-1``, ``0`` or ``1``, and how to write it."""
    odd = [ch for ch in value if not ch.isascii()]
    if odd:
        ch = odd[0]
        fixed = value.translate(_TRANS)
        return (f"sign must be -1, 0 or 1; found the character {ch!r} (U+{ord(ch):04X} "
                f"{unicodedata.name(ch, 'unnamed')}): type the ASCII hyphen-minus '-'"
                + (f" (write {fixed!r})" if fixed in ("-1", "0", "1") else ""))
    try:
        number = float(value)
    except ValueError:
        return "sign must be -1, 0 or 1 (a number, not a word)"
    if number in (-1, 0, 1):
        return (f"sign must be written exactly -1, 0 or 1 (no '+', decimals or '-0'): "
                f"write {int(number)}")
    return "sign must be -1, 0 or 1"


def _norm(s):
    """Normalise a text for quote matching: typographic quotes/dashes, whitespace."""
    return " ".join(str(s).translate(_TRANS).split())


def _check_meta(case_dir, meta, col):
    """Required case.yml keys, id = folder name, a readable period."""
    for k in _CASE_KEYS:
        if meta.get(k) in (None, "", []):
            col.add("case.yml", None, k, None, "required key is missing", "missing-value")
    if meta.get("id") and str(meta["id"]) != case_dir.name:
        col.add("case.yml", None, "id", meta["id"],
                f"id differs from the folder name {case_dir.name!r}", "bad-id")
    period = meta.get("period")
    if period in (None, "", []):
        return
    if not isinstance(period, dict) or not period.get("start"):
        col.add("case.yml", None, "period", period, "period needs a start (and an end)",
                "missing-value")
        return
    values = [str(period.get(k) or "") for k in ("start", "end")]
    d = _parse_dates(pd.Series(values))
    lo, hi = d["lo"], d["hi"]
    for i, k in enumerate(("start", "end")):
        if pd.notna(d["problem"].iloc[i]):
            col.add("case.yml", None, f"period.{k}", values[i], d["problem"].iloc[i], "bad-date")
    if pd.notna(hi.iloc[1]) and pd.notna(lo.iloc[0]) and hi.iloc[1] < lo.iloc[0]:
        col.add("case.yml", None, "period.end", values[1], "end is before start",
                "end-before-start")


def _is_dir(path):
    """``path.is_dir()``, False for a path the file system cannot even look up."""
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long for the file system
        return False


def _read_meta(case_dir, col):
    """case.yml as a dict, or None after recording why it cannot be read."""
    try:
        meta = load_yaml(read_bytes(case_dir / "case.yml", case_dir, YAML_LIMIT))
    except Refused as exc:
        reason = "case.yml is missing" if exc.code == "missing-file" else exc.reason
        col.add("case.yml", None, None, None, reason, exc.code)
        return None
    if meta is not None and not isinstance(meta, dict):
        col.add("case.yml", None, None, None, "must be a mapping of keys (id: ..., title: ...)",
                "malformed-yaml")
        return None
    return meta or {}


def _table_bytes(case_dir, table, col, check):
    """The bytes of ``<table>.csv``, or None after recording why not (a missing one when ``check``)."""
    try:
        return read_bytes(case_dir / f"{table}.csv", case_dir, TABLE_LIMIT)
    except Refused as exc:
        if exc.code != "missing-file":
            col.add(f"{table}.csv", None, None, None, exc.reason, exc.code)
            col.unreadable.add(table)
        elif table != "tenures" and check:
            col.add(f"{table}.csv", None, None, None, "file is missing", "missing-file")
            col.unreadable.add(table)  # every reference to it would be unknown
        return None


def _read(case_dir, check=True, codebook=None):
    """Read a case folder into typed tables and collect problems. Returns (meta, codebook, tables, collector).

    ``codebook``: a codebook.yml used instead of those of the folders above the case.
    """
    case_dir = Path(case_dir)
    col = _Collector()
    if not _is_dir(case_dir):
        col.add(str(case_dir), None, None, None, "no such case folder", "missing-file")
        return {}, None, {t: _typed(t, _empty(t), col, False) for t in TABLES}, col
    if check and (case_dir.name in _RESERVED or case_dir.name.startswith(".")):
        col.add(str(case_dir), None, None, case_dir.name, "reserved name for a case folder (the "
                "report site uses it); rename the folder and its id", "reserved-name")
    meta = _read_meta(case_dir, col)
    if meta is not None and check:
        _check_meta(case_dir, meta, col)
    meta = meta or {}
    try:
        cb = _codebook_for(case_dir, codebook)
    except DataValidationError as exc:
        col.errors.extend(exc.problems.to_dict("records"))
        return meta, None, {t: _typed(t, _empty(t), col, False) for t in TABLES}, col
    note = check and meta.get("codebook_version") and _version_note(meta["codebook_version"], cb)
    if note:
        col.add("case.yml", None, "codebook_version", meta["codebook_version"], note,
                "codebook-version", warning=True)
    tables = {}
    for t in TABLES:
        raw = _table_bytes(case_dir, t, col, check)
        df = None if raw is None else _read_csv(raw, t, col)
        if df is None:
            if raw is not None:
                col.unreadable.add(t)
            df = _empty(t)
        tables[t] = _typed(t, df, col, check)
    return meta, cb, tables, col


def _check(case_dir, meta, cb, tb, col):
    """Cross-table checks (vectorised)."""
    s, a, te, r, e = (tb[t] for t in TABLES)
    for t, df in tb.items():
        dup = df["id"].notna() & df["id"].duplicated(keep="first")
        if dup.any():
            col.add(f"{t}.csv", list(_lines(col, t, df)[dup]), "id", list(df.loc[dup, "id"]),
                    "duplicate id", "duplicate-id")
        _check_id_rule(col, t, df)
    if col.unreadable:  # cross-file checks would only repeat that one fault
        return
    _check_vocabularies(meta, cb, tb, col)
    actors, sources = set(a["id"].dropna()), set(s["id"].dropna())
    for c in ("actor", "post"):
        _unknown(col, "tenures", te, c, actors, "actor id")
    for c in ("source", "target", "reported_by"):
        _unknown(col, "relations", r, c, actors, "actor id")
    _unknown(col, "events", e, "actors", actors, "actor id", listed=True)
    for t in ("relations", "events", "tenures"):
        _unknown(col, t, tb[t], "source_id", sources, "source id", listed=True)
    loop = r["source"].notna() & (r["source"] == r["target"])
    if loop.any():
        col.add("relations.csv", list(_lines(col, "relations", r)[loop]), "target",
                list(r.loc[loop, "target"]), "a relation from an actor to itself (source = "
                "target): a tie needs two actors", "self-loop")
    for t in ("actors", "tenures", "relations"):
        df = tb[t]
        bad = df["end_hi"].notna() & df["start_lo"].notna() & (df["end_hi"] < df["start_lo"])
        if bad.any():
            col.add(f"{t}.csv", list(_lines(col, t, df)[bad]), "end", list(df.loc[bad, "end"]),
                    "end is before start", "end-before-start")
    _check_tenures(col, a, te)
    _check_spans(col, r, a)
    _check_posts(col, r, a, te)
    rids = _split(r["source_id"])
    _check_quotes(Path(case_dir), col, tb, rids)
    _check_publication(col, r, s, rids)
    _check_signs(col, r, cb)


def _check_vocabularies(meta, cb, tb, col):
    """Every codebook id, quote_kind and coder is known."""
    s, a, _, r, e = (tb[t] for t in TABLES)
    _unknown(col, "sources", s, "type", cb.source_types, "source type (codebook source_types)")
    _unknown(col, "actors", a, "kind", cb.actor_kinds, "actor kind (codebook actor_kinds)")
    _unknown(col, "actors", a, "side", cb.sides, "side (codebook sides)")
    _unknown(col, "actors", a, "role", cb.roles.index, "role (codebook roles)")
    _unknown(col, "relations", r, "type", cb.relation_types.index,
             "relation type (codebook relation_types)")
    _unknown(col, "relations", r, "theme", cb.themes.index, "theme (codebook themes)")
    _unknown(col, "relations", r, "confidence", cb.confidence, "confidence (codebook confidence)")
    _unknown(col, "events", e, "type", cb.event_types.index, "event type (codebook event_types)")
    for t in ("relations", "events", "tenures"):
        _unknown(col, t, tb[t], "quote_kind", _QUOTE_KINDS, "quote_kind (verbatim or paraphrase)")
    if meta.get("coders"):
        coders = {str(c) for c in (meta["coders"] if isinstance(meta["coders"], list) else [meta["coders"]])}
        _unknown(col, "relations", r, "coder", coders, "coder (not listed in case.yml coders)",
                 warning=True, listed=True)  # a merged case lists several: "ann;bob"


def _check_id_rule(col, table, df):
    """Ids are lower-case letters, digits and hyphens (``chief-executive``)."""
    ids = df["id"].dropna()
    if not re.search(r"[^a-z0-9-]", "-".join(ids.to_numpy(dtype=object))):  # one scan: usually fine
        return
    bad = ~df["id"].str.fullmatch(_ID).fillna(True).astype(bool)
    ids = df.loc[bad, "id"]
    fixed = ids.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    col.add(f"{table}.csv", list(_lines(col, table, df)[bad]), "id", list(ids),
            list("an id uses only lower-case letters, digits and hyphens: write '" + fixed +
                 "' (and use that id wherever it is referred to)"), "bad-id")


def _check_spans(col, r, a):
    """A relation dated wholly outside the start-end of its source or target actor."""
    lo = r["start_lo"]
    hi = r["end_hi"].fillna(r["start_hi"])
    spans = a.drop_duplicates("id").set_index("id")
    for c in ("source", "target"):
        alo, ahi = _actor_span(spans, r[c])
        bad = lo.notna() & ((ahi.notna() & (lo > ahi)) | (alo.notna() & (hi < alo)))
        if not bad.any():
            continue
        b, actor = r[bad], r.loc[bad, c]
        why = ("relation (" + b["start"] + "–" + b["end"].fillna("") + ") is dated outside the "
               "actor's start-end (" + actor.map(spans["start"]).fillna("") + "–" +
               actor.map(spans["end"]).fillna("") + ")")
        col.add("relations.csv", list(_lines(col, "relations", r)[bad]), c, list(actor),
                list(why), "outside-actor-span")


def _check_posts(col, r, a, te):
    """A relation on a post nobody holds at its date (warning: the post stays a post node)."""
    posts = set(a.loc[a["kind"] == "post", "id"])
    if not posts:
        return
    lo = r["start_lo"]
    hi = r["end_hi"].fillna(r["start_hi"])
    obs = pd.DataFrame({"row": _lines(col, 'relations', r), "lo": lo, "hi": hi})
    for c in ("source", "target"):
        on_post = r[c].isin(list(posts)) & lo.notna()
        if not on_post.any():
            continue
        left = obs[on_post].assign(post=r.loc[on_post, c].astype(object))
        ten = te.assign(post=te["post"].astype(object))[["post", "start_lo", "end_hi"]]
        m = left.reset_index().merge(ten, on="post", how="left", indicator=True)
        held = (m["_merge"] == "both") & (m["start_lo"].isna() | (m["start_lo"] <= m["hi"])) & (
            m["end_hi"].isna() | (m["end_hi"] >= m["lo"]))
        anyheld = held.groupby(m["index"]).any()
        nobody = anyheld[~anyheld].index
        if len(nobody):
            col.add("relations.csv", list(obs.loc[nobody, "row"]), c, list(r.loc[nobody, c]),
                    "post is held by no one (in tenures.csv) at the relation's date; it stays a post node",
                    "post-unheld", warning=True)


def _source_texts(case_dir, col, s):
    """``(files, texts)``: the ``file`` of each source that has one (by id), and the normalised
    text of each readable one."""
    files = s.dropna(subset=["id", "file"]).drop_duplicates("id").set_index("id")["file"]
    texts = {}
    for sid, rel in files.items():
        try:
            texts[sid] = _norm(read_bytes(case_dir / str(rel), case_dir,
                                          SOURCE_LIMIT).decode("utf-8-sig"))
        except Refused as exc:
            col.add("sources.csv", int(_lines(col, 'sources', s)[s["id"] == sid].iloc[0]), "file", rel,
                    f"source text file {exc.reason}", exc.code)
        except UnicodeDecodeError:
            col.add(str(rel), None, None, None, "source text is not UTF-8", "encoding")
    return files, texts


def _check_quotes(case_dir, col, tb, rids):
    """Quotes and locators against the sources' text copies.

    A missing relation quote is a warning. A verbatim quote (``quote_kind`` empty or
    ``verbatim``) must stand in the text copy of at least one of its sources; when one of them
    has no text copy and the quote is in none of the others, it is not checked, and each such
    source gets one ``quote-unchecked`` warning. Paraphrases are never checked. A relation's
    ``locator`` is required when one of its sources has a text copy.
    """
    s, r = tb["sources"], tb["relations"]
    noquote = r["quote"].isna() & r["id"].notna()
    if noquote.any():
        col.add("relations.csv", list(_lines(col, 'relations', r)[noquote]), "quote", [None] * int(noquote.sum()),
                "relation has no quote", "missing-quote", warning=True)
    files, texts = _source_texts(case_dir, col, s)
    nolocator = r["locator"].isna() & rids.isin(list(files.index)).groupby(level=0).any().reindex(
        r.index, fill_value=False)
    if nolocator.any():
        col.add("relations.csv", list(_lines(col, "relations", r)[nolocator]), "locator",
                [None] * int(nolocator.sum()), "locator is required when a source has a text copy "
                "(sources.csv file): give the paragraph, page, section or line", "missing-value")
    known = set(s["id"].dropna())
    unchecked = {}
    for t in ("relations", "events", "tenures"):
        df = tb[t]
        verbatim = df["quote"].notna() & df["quote_kind"].ne("paraphrase").fillna(True)
        if not verbatim.any():
            continue
        sid = _split(df.loc[verbatim, "source_id"])
        pairs = pd.DataFrame({"row": sid.index, "sid": sid.to_numpy(),
                              "quote": df.loc[sid.index, "quote"].to_numpy()})
        pairs = pairs[pairs["sid"].isin(list(known))]
        pairs = pairs.assign(text=pairs["sid"].isin(list(texts)),
                             file=pairs["sid"].isin(list(files.index)))
        each = pairs.loc[pairs["text"], ["sid", "quote"]].drop_duplicates()
        each["found"] = [_norm(q) in texts[x]
                         for x, q in zip(each["sid"], each["quote"], strict=True)]
        pairs = pairs.merge(each, on=["sid", "quote"], how="left")
        by_row = pairs.assign(found=pairs["found"].eq(True)).groupby("row")
        found, text, every = by_row["found"].any(), by_row["text"].any(), by_row["file"].all()
        missing = found.index[~found & text & every]
        if len(missing):
            cited = pairs[pairs["row"].isin(missing)].drop_duplicates(["row", "sid"])
            where = (cited["sid"] + " (" + cited["sid"].map(files) + ")").groupby(
                cited["row"]).agg(lambda x: ("s " if len(x) > 1 else " ") + ", ".join(sorted(x)))
            col.add(f"{t}.csv", list(_lines(col, t, df)[missing]), "quote",
                    list(df.loc[missing, "quote"]),
                    list("quote not found in the text of source" + where[missing]),
                    "quote-not-found")
        blind = pairs[pairs["row"].isin(found.index[~found & ~every]) & ~pairs["file"]]
        for x, n in blind.drop_duplicates(["row", "sid"])["sid"].value_counts().items():
            unchecked[x] = unchecked.get(x, 0) + int(n)
    for sid, n in sorted(unchecked.items()):
        col.add("sources.csv", int(_lines(col, "sources", s)[s["id"] == sid].iloc[0]), "file", None,
                f"{n} verbatim quote(s) cite this source, which has no text copy: they are not "
                "checked (add its text as file, or mark paraphrases quote_kind = paraphrase)",
                "quote-unchecked", warning=True)


def _check_publication(col, r, s, ids):
    """A relation that starts after the latest publication date of its sources (warning)."""
    published = s.drop_duplicates("id").set_index("id")
    hi = pd.Series(published["date_hi"].reindex(ids).to_numpy(), index=ids.index)  # not map: see
    latest = hi.groupby(level=0).max().reindex(r.index)  # _actor_span
    after = r["start_lo"].notna() & latest.notna() & (r["start_lo"] > latest)
    if not after.any():
        return
    cited = ids[ids.index.isin(r.index[after]) & ids.isin(list(published.index))]
    dates = (cited + " " + cited.map(published["date"])).groupby(level=0).agg(", ".join)
    col.add("relations.csv", list(_lines(col, "relations", r)[after]), "start",
            list(r.loc[after, "start"]), list("relation starts after its source was published (" +
                                              dates[r.index[after]] + "); check the date"),
            "after-publication", warning=True)


def _check_signs(col, r, cb):
    """A sign other than the type's default: a warning to confirm it.

    A signed tie of a type whose default is 0 (a formal tie) is warned about only when its
    ``notes`` do not say why.
    """
    default = r["type"].map(cb.relation_types["sign"].astype(object).to_dict())
    differs = r["sign"].notna() & default.notna() & (r["sign"].astype(object) != default)
    zero = (default == 0).fillna(False)
    for at, reason in ((differs & ~zero, "sign differs from the relation type's default"),
                       (differs & zero & r["notes"].isna(),
                        "this type's default sign is 0 (a formal tie): say in notes why this one "
                        "is signed (e.g. withheld delegation, -1)")):
        if at.any():
            col.add("relations.csv", list(_lines(col, 'relations', r)[at]), "sign",
                    list(r.loc[at, "sign"]), reason, "sign-differs", warning=True)


def _split(values):
    """``;``-separated ids as one id per row (the index repeats the cell's); empties dropped."""
    values = values.dropna()
    if ";" not in "\n".join(values.to_numpy(dtype=object)):  # one scan: usually single ids
        return values
    multi = values.str.contains(";", regex=False)
    parts = values[multi].str.split(";").explode().str.strip()
    out = pd.concat([values[~multi], parts[parts != ""]])
    return out.sort_index(kind="stable").astype("string")


def _unknown(col, table, df, column, allowed, what, warning=False, listed=False):
    """Values not in ``allowed`` (each id of a ``;``-list with ``listed``), with a hint each."""
    v = _split(df[column]) if listed else df[column].dropna()
    bad = ~v.isin(list(allowed))
    if not bad.any():
        return
    v = v[bad]
    hints = {x: _hint(x, allowed, listed) if i < 100 else "" for i, x in enumerate(v.unique())}
    # (a did-you-mean for the first 100 distinct values: difflib is slow, and one is enough)
    col.add(f"{table}.csv", list(_lines(col, table, df).loc[v.index]), column, list(v),
            list(f"unknown {what}" + v.map(hints)), "unknown-id", warning=warning)


def _hint(value, allowed, listed):
    """How to fix an unknown value: the list separator, a did-you-mean from ``allowed``."""
    allowed = [str(x) for x in allowed]
    parts = [p.strip() for p in value.split(",")]
    if listed and len(parts) > 1:
        return (f"; separate several with ';', not ',' (write {';'.join(parts)!r}); each id is "
                "then checked")
    lower = {x.lower(): x for x in allowed}
    if value.lower() in lower:
        return f"; did you mean {lower[value.lower()]!r}? (lower case)"
    close = difflib.get_close_matches(value.lower(), list(lower), n=1, cutoff=0.6)
    return f"; did you mean {lower[close[0]]!r}?" if close else ""


def _actor_span(spans, ids):
    """(start_lo, end_hi) of the actor each of ``ids`` names, aligned with ``ids`` (NaT if none).

    ``reindex``, not ``map``: mapping through an empty datetime column (a header-only actors.csv)
    raises inside pandas.
    """
    lo = pd.Series(spans["start_lo"].reindex(ids).to_numpy(), index=ids.index)
    hi = pd.Series(spans["end_hi"].reindex(ids).to_numpy(), index=ids.index)
    return lo, hi


def _check_tenures(col, a, te):
    """Warnings: two holders of one post whose tenures truly overlap (beyond a handover within
    the precision of the dates, see :func:`govnet.positions`), and a tenure dated wholly outside
    the start-end of its actor or post."""
    from .positions import _holdings

    lines = _lines(col, "tenures", te)

    def span(i):
        s, e = te.at[i, "start"], te.at[i, "end"]
        return f"{'open' if pd.isna(s) else s} to {'open' if pd.isna(e) else e}"

    # a missing actor or post, a bad date or an end before the start is its own error: such
    # tenures are not checked here
    te = te[(te["actor"].notna() & te["post"].notna()
             & (te["start"].isna() | te["start_lo"].notna()) & (te["end"].isna() | te["end_lo"].notna())
             & ~(te["end_hi"] < te["start_lo"]).fillna(False)).to_numpy(bool)]
    for i, j in _holdings(a, te)[1]:
        col.add("tenures.csv", int(lines[j]), "post", te.at[j, "post"],
                f"holders of post {te.at[j, 'post']} overlap: tenure {te.at[i, 'id']} "
                f"({te.at[i, 'actor']}, {span(i)}) and tenure {te.at[j, 'id']} ({te.at[j, 'actor']}, "
                f"{span(j)}); a post has one holder at a time, and while both hold it the post is not "
                f"resolved to either: give the end of the one and the start of the other where "
                f"the sources allow (a handover within the precision of the dates, e.g. end "
                f"2020-10 and start 2020-10, is fine)",
                "tenure-overlap", warning=True)
    spans = a.drop_duplicates("id").set_index("id")
    for c in ("actor", "post"):
        alo, ahi = _actor_span(spans, te[c])
        bad = ((ahi.notna() & te["start_lo"].notna() & (te["start_lo"] > ahi))
               | (alo.notna() & te["end_hi"].notna() & (te["end_hi"] < alo)))  # fmt: skip
        for i in te.index[bad.fillna(False).to_numpy(bool)]:
            who = spans.loc[te.at[i, c]]
            col.add("tenures.csv", int(lines[i]), c, te.at[i, c],
                    f"tenure {te.at[i, 'id']} ({span(i)}) lies outside the start-end of {c} "
                    f"{te.at[i, c]} ({'open' if pd.isna(who['start']) else who['start']} to "
                    f"{'open' if pd.isna(who['end']) else who['end']})",
                    "tenure-outside-span", warning=True)


def _derive(cb, tb):
    """Columns the loader adds or fills: relations.layer and default directed, actors.tier,
    ``quote_kind`` (``verbatim`` where a quote has none)."""
    r, a = tb["relations"], tb["actors"]
    r["layer"] = r["type"].map(cb.relation_types["layer"].to_dict()).astype("string")
    r["directed"] = r["directed"].fillna(
        r["type"].map(cb.relation_types["directed"].astype(object).to_dict()).astype("boolean"))
    a["tier"] = a["role"].map(cb.roles["tier"].astype(object).to_dict()).astype("Int64")
    tb["tenures"]["interim"] = tb["tenures"]["interim"].fillna(False)
    for t in ("relations", "events", "tenures"):  # a quote is verbatim unless marked paraphrase
        df = tb[t]
        df["quote_kind"] = df["quote_kind"].mask(df["quote"].notna() & df["quote_kind"].isna(),
                                                 "verbatim")
    return tb


def validate_case(path, codebook=None):
    """Check a case folder and return every problem without raising.

    Parameters
    ----------
    path : str or pathlib.Path
        A case folder.
    codebook : str or pathlib.Path, optional
        A ``codebook.yml`` to check against instead of those in the folders above the case (the
        case folder's own ``codebook.yml`` still adds its terms).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(errors, warnings)``, each with columns file, row (line number in the file,
        header = line 1), column, value, reason, code.

    Examples
    --------
    >>> import govnet
    >>> errors, warnings = govnet.validate_case(govnet.datasets.example_case().path)
    >>> len(errors)
    0
    """
    meta, cb, tb, col = _read(path, codebook=codebook)
    if cb is not None:
        _check(path, meta, cb, tb, col)
    return col.frame(), col.frame(warning=True)


def _table(df):
    if df.empty:
        return ""
    show = df.drop(columns="code").astype(object).where(df.drop(columns="code").notna(), "")
    return show.to_string(index=False)


def _case_folders(paths):
    """Each path as a case folder, or the case folders (with a case.yml) inside it, sorted."""
    out = []
    for p in map(Path, paths):
        try:
            if not p.is_dir() or (p / "case.yml").is_file() or any(p.glob("*.csv")):
                out.append(p)
            else:
                out.extend(sorted(d for d in p.iterdir() if (d / "case.yml").is_file()))
        except (OSError, ValueError):  # unlistable: validate_case says what is wrong with it
            out.append(p)
    return out


def _internal_error(exc):
    """A problem table for a case whose validation failed unexpectedly (a govnet bug)."""
    col = _Collector()
    col.add("", None, None, None, f"internal error: {type(exc).__name__}: {exc} (please report "
            "this as a govnet bug)", "internal-error")
    return col.frame(), col.frame(warning=True)


def _report(paths, fmt, codebook=None):
    status, out = 0, []
    for p in paths:
        try:
            errors, warnings = validate_case(p, codebook=codebook)
        except Exception as exc:  # noqa: BLE001 - one case's failure must not stop the others
            errors, warnings = _internal_error(exc)
        status = status or int(len(errors) > 0)
        if fmt == "json":
            out.append({"case": str(p), "errors": json.loads(errors.to_json(orient="records")),
                        "warnings": json.loads(warnings.to_json(orient="records"))})
        else:
            print(f"{p}: {len(errors)} error(s), {len(warnings)} warning(s)")
            if len(errors):
                print(_table(errors))
            if len(warnings):
                print("warnings:")
                print(_table(warnings))
    if fmt == "json":
        json.dump(out, sys.stdout, indent=2)
        print()
    return status


def validate_main(paths, fmt="table", codebook=None):
    """``govnet validate``: print the problems of each case folder.

    Parameters
    ----------
    paths : list of str or pathlib.Path
        Case folders, or folders of case folders; empty = every case under
        :func:`govnet.find_data_dir`.
    fmt : {"table", "json"}
        A table per case for people, or one JSON list for machines.
    codebook : str or pathlib.Path, optional
        Passed to :func:`validate_case`.

    Returns
    -------
    int
        The exit status: 1 if any case has errors, else 0 (warnings do not count); 2 when no
        case folder is found; 141 when the reader of the output goes away (``| head``).

    Examples
    --------
    >>> import govnet
    >>> from govnet.validate import validate_main
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = validate_main([govnet.datasets.example_path()])
    >>> status, out.getvalue().strip().endswith("example: 0 error(s), 0 warning(s)")
    (0, True)
    """
    folders = _case_folders(paths or [find_data_dir()])
    if not folders:
        where = ", ".join(map(str, paths)) if paths else "the data folder"
        print(f"no case folders found in {where}", file=sys.stderr)
        return 2
    try:
        status = _report(folders, fmt, codebook)
        sys.stdout.flush()
    except BrokenPipeError:  # the Python documentation's recipe for SIGPIPE
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command cut off by `| head`
    return status


def _quotes_as_shown(df):
    """The ``quote`` column as readers see it: a paraphrase begins ``(paraphrase)``."""
    if "quote_kind" not in df:
        return df["quote"]
    para = df["quote_kind"].eq("paraphrase").fillna(False)
    return df["quote"].mask(para, "(paraphrase) " + df["quote"])


def _raise_if(path, errors, warnings):
    if len(errors):
        raise DataValidationError(errors, warnings, path=path)
