"""Reading and validating case folders: every problem at once, with file, row, column and reason."""

import csv
import io
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .codebook import _codebook_for
from .dates import _parse_dates
from .exceptions import DataValidationError

__all__ = ["validate_case", "TABLES"]

TABLES = ("sources", "actors", "tenures", "relations", "events")
_SCHEMAS = Path(__file__).with_name("schemas")
_COLUMNS = ["file", "row", "column", "value", "reason", "code"]
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
        """Add one problem per row; rows/values may be scalars or aligned sequences."""
        target = self.warnings if warning else self.errors
        if not isinstance(rows, (list, tuple, pd.Index, pd.Series)):
            rows, values = [rows], [values]
        for r, v in zip(rows, values, strict=False):
            v = None if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else str(v)
            target.append({"file": file, "row": None if r is None else int(r), "column": column,
                           "value": v, "reason": reason, "code": code})

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


def _read_csv(path, table, col):
    """Read one CSV as strings, or record why it cannot be read. Returns a DataFrame or None."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col.add(name, line, None, None, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8",
                "encoding")
        return None
    fast = _fast_scan(raw)
    lines, counts, error = (*fast, None) if fast is not None else _scan(text)
    del text  # pandas reads the bytes (no second copy of the text as str)
    if error:
        col.add(name, error[0], None, None,
                f"unbalanced double quote (a quoted field does not close properly: {error[1]})",
                "malformed-csv")
        return None
    if not len(counts):
        col.add(name, 1, None, None, "file is empty (no header row)", "malformed-csv")
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
        elif f["type"] == "integer":
            num = pd.to_numeric(df[c], errors="coerce")
            ok = num.isin(f.get("constraints", {}).get("enum", [-1, 0, 1]))
            bad = df[c].notna() & ~ok
            if check and bad.any():
                col.add(name, list(_lines(col, table, df)[bad]), c, list(df.loc[bad, c]),
                        "sign must be -1, 0 or 1", "bad-sign")
            df[c] = num.where(ok).astype("Int64")
    return df


def _unknown(col, table, df, column, allowed, what, warning=False):
    v = df[column]
    bad = v.notna() & ~v.isin(list(allowed))
    if bad.any():
        col.add(f"{table}.csv", list(_lines(col, table, df)[bad]), column, list(v[bad]),
                f"unknown {what}", "unknown-id", warning=warning)


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


def _read(case_dir, check=True):
    """Read a case folder into typed tables and collect problems. Returns (meta, codebook, tables, collector)."""
    case_dir = Path(case_dir)
    col = _Collector()
    meta = {}
    if not case_dir.is_dir():
        col.add(str(case_dir), None, None, None, "no such case folder", "missing-file")
        return meta, None, {t: _typed(t, _empty(t), col, False) for t in TABLES}, col
    yml = case_dir / "case.yml"
    if not yml.is_file():
        col.add("case.yml", None, None, None, "case.yml is missing", "missing-file")
    else:
        try:
            meta = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        except UnicodeDecodeError as exc:
            col.add("case.yml", None, None, None, f"not UTF-8: {exc}", "encoding")
        except yaml.YAMLError as exc:
            col.add("case.yml", None, None, None, f"not valid YAML: {exc}", "malformed-yaml")
        if not isinstance(meta, dict):
            col.add("case.yml", None, None, None, "must be a mapping of keys (id: ..., title: ...)",
                    "malformed-yaml")
            meta = {}
        if check:
            _check_meta(case_dir, meta, col)
    try:
        cb = _codebook_for(case_dir)
    except DataValidationError as exc:
        col.errors.extend(exc.problems.to_dict("records"))
        return meta, None, {t: _typed(t, _empty(t), col, False) for t in TABLES}, col
    if check and meta.get("codebook_version") and str(meta["codebook_version"]) != cb.version:
        col.add("case.yml", None, "codebook_version", meta["codebook_version"],
                f"coded with codebook {meta['codebook_version']}, codebook here is {cb.version}",
                "codebook-version", warning=True)
    tables = {}
    for t in TABLES:
        p = case_dir / f"{t}.csv"
        if not p.is_file():
            if t != "tenures" and check:
                col.add(f"{t}.csv", None, None, None, "file is missing", "missing-file")
            df = _empty(t)
        else:
            df = _read_csv(p, t, col)
            if df is None:
                col.unreadable.add(t)
                df = _empty(t)
        tables[t] = _typed(t, df, col, check)
    return meta, cb, tables, col


def _check(case_dir, meta, cb, tb, col):
    """Cross-table checks (vectorised)."""
    case_dir = Path(case_dir)
    s, a, te, r, e = (tb[t] for t in TABLES)
    for t, df in tb.items():
        dup = df["id"].notna() & df["id"].duplicated(keep="first")
        if dup.any():
            col.add(f"{t}.csv", list(_lines(col, t, df)[dup]), "id", list(df.loc[dup, "id"]),
                    "duplicate id", "duplicate-id")
    if col.unreadable:  # cross-file checks would only repeat that one fault
        return
    actors, sources = set(a["id"].dropna()), set(s["id"].dropna())
    _unknown(col, "sources", s, "type", cb.source_types, "source type (codebook source_types)")
    _unknown(col, "actors", a, "kind", cb.actor_kinds, "actor kind (codebook actor_kinds)")
    _unknown(col, "actors", a, "side", cb.sides, "side (codebook sides)")
    _unknown(col, "actors", a, "role", cb.roles.index, "role (codebook roles)")
    for c in ("actor", "post"):
        _unknown(col, "tenures", te, c, actors, "actor id")
    _unknown(col, "tenures", te, "source_id", sources, "source id")
    for c in ("source", "target", "reported_by"):
        _unknown(col, "relations", r, c, actors, "actor id")
    _unknown(col, "relations", r, "source_id", sources, "source id")
    _unknown(col, "relations", r, "type", cb.relation_types.index, "relation type (codebook relation_types)")
    _unknown(col, "relations", r, "theme", cb.themes.index, "theme (codebook themes)")
    _unknown(col, "relations", r, "confidence", cb.confidence, "confidence (codebook confidence)")
    if meta.get("coders"):
        coders = {str(c) for c in (meta["coders"] if isinstance(meta["coders"], list) else [meta["coders"]])}
        listed = r["coder"].str.split(";").explode().str.strip().isin(list(coders)).groupby(level=0).all()
        coders |= set(r.loc[listed[listed].index, "coder"])  # several coders: "ann;bob" (merged)
        _unknown(col, "relations", r, "coder", coders, "coder (not listed in case.yml coders)", warning=True)
    _unknown(col, "events", e, "type", cb.event_types.index, "event type (codebook event_types)")
    _unknown(col, "events", e, "source_id", sources, "source id")
    ev_actors = e["actors"].str.split(";").explode().str.strip()
    bad = ev_actors.notna() & (ev_actors != "") & ~ev_actors.isin(list(actors))
    if bad.any():
        col.add("events.csv", list(_lines(col, "events", e)[ev_actors.index[bad]]), "actors", list(ev_actors[bad]),
                "unknown actor id", "unknown-id")
    # end before start
    for t in ("actors", "tenures", "relations"):
        df = tb[t]
        bad = df["end_hi"].notna() & df["start_lo"].notna() & (df["end_hi"] < df["start_lo"])
        if bad.any():
            col.add(f"{t}.csv", list(_lines(col, t, df)[bad]), "end", list(df.loc[bad, "end"]),
                    "end is before start", "end-before-start")
    _check_tenures(col, a, te)
    # relation dated outside its actors' existence
    lo = r["start_lo"]
    hi = r["end_hi"].fillna(r["start_hi"])
    spans = a.drop_duplicates("id").set_index("id")[["start_lo", "end_hi"]]
    for c in ("source", "target"):
        alo = r[c].map(spans["start_lo"])
        ahi = r[c].map(spans["end_hi"])
        bad = lo.notna() & ((ahi.notna() & (lo > ahi)) | (alo.notna() & (hi < alo)))
        if bad.any():
            col.add("relations.csv", list(_lines(col, 'relations', r)[bad]), c, list(r.loc[bad, c]),
                    "relation is dated outside the actor's start-end", "outside-actor-span")
    # relation on a post nobody holds at its date (warning: the post stays a post node)
    posts = set(a.loc[a["kind"] == "post", "id"])
    if posts:
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
    # quotes: missing is a warning; present and source text available -> must stand in it
    noquote = r["quote"].isna() & r["id"].notna()
    if noquote.any():
        col.add("relations.csv", list(_lines(col, 'relations', r)[noquote]), "quote", [None] * int(noquote.sum()),
                "relation has no quote", "missing-quote", warning=True)
    files = s.dropna(subset=["file"]).drop_duplicates("id").set_index("id")["file"]
    for sid, rel in files.items():
        p = case_dir / str(rel)
        if not p.is_file():
            col.add("sources.csv", int(_lines(col, 'sources', s)[s["id"] == sid].iloc[0]), "file", rel,
                    "source text file not found", "missing-file")
            continue
        try:
            text = _norm(p.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            col.add(str(rel), None, None, None, "source text is not UTF-8", "encoding")
            continue
        for t in ("relations", "events", "tenures"):
            df = tb[t]
            mine = (df["source_id"] == sid).fillna(False) & df["quote"].notna()
            if not mine.any():
                continue
            q = df.loc[mine, "quote"]
            uniq = q.drop_duplicates()
            found = pd.Series([_norm(x) in text for x in uniq], index=uniq.to_numpy(), dtype=bool)
            bad = ~q.map(found).astype(bool)
            if bad.any():
                col.add(f"{t}.csv", list(_lines(col, t, df)[bad.index[bad]]), "quote", list(q[bad]),
                        f"quote not found in the text of source {sid} ({rel})", "quote-not-found")
    # sign differing from the type's default non-zero sign
    default = r["type"].map(cb.relation_types["sign"].astype(object).to_dict())
    differs = r["sign"].notna() & default.notna() & (default != 0) & (r["sign"].astype(object) != default)
    if differs.any():
        col.add("relations.csv", list(_lines(col, 'relations', r)[differs]), "sign", list(r.loc[differs, "sign"]),
                "sign differs from the relation type's default", "sign-differs", warning=True)


def _check_tenures(col, a, te):
    """Warnings: two holders of one post whose tenures truly overlap (beyond a handover within
    the precision of the dates, see :func:`govnet.positions`), and a tenure dated wholly outside
    the start-end of its actor or post."""
    from .positions import _holdings

    lines = _lines(col, "tenures", te)

    def span(i):
        s, e = te.at[i, "start"], te.at[i, "end"]
        return f"{'open' if pd.isna(s) else s} to {'open' if pd.isna(e) else e}"

    # a bad date or an end before the start is its own error: such tenures are not checked here
    te = te[((te["start"].isna() | te["start_lo"].notna()) & (te["end"].isna() | te["end_lo"].notna())
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
        alo, ahi = te[c].map(spans["start_lo"]), te[c].map(spans["end_hi"])
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
    """Columns the loader adds: relations.layer and default directed, actors.tier."""
    r, a = tb["relations"], tb["actors"]
    r["layer"] = r["type"].map(cb.relation_types["layer"].to_dict()).astype("string")
    r["directed"] = r["directed"].fillna(
        r["type"].map(cb.relation_types["directed"].astype(object).to_dict()).astype("boolean"))
    a["tier"] = a["role"].map(cb.roles["tier"].astype(object).to_dict()).astype("Int64")
    tb["tenures"]["interim"] = tb["tenures"]["interim"].fillna(False)
    return tb


def validate_case(path):
    """Check a case folder and return every problem without raising.

    Parameters
    ----------
    path : str or pathlib.Path
        A case folder.

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
    meta, cb, tb, col = _read(path)
    if cb is not None:
        _check(path, meta, cb, tb, col)
    return col.frame(), col.frame(warning=True)


def _table(df):
    if df.empty:
        return ""
    show = df.drop(columns="code").astype(object).where(df.drop(columns="code").notna(), "")
    return show.to_string(index=False, max_colwidth=70)


def _case_folders(paths):
    """Each path as a case folder, or the case folders (with a case.yml) inside it, sorted."""
    out = []
    for p in map(Path, paths):
        if not p.is_dir() or (p / "case.yml").is_file() or any(p.glob("*.csv")):
            out.append(p)
        else:
            out.extend(sorted(d for d in p.iterdir() if (d / "case.yml").is_file()))
    return out


def validate_main(paths, fmt="table"):
    """``govnet validate``: print the problems of each case folder.

    Parameters
    ----------
    paths : list of str or pathlib.Path
        Case folders, or folders of case folders; empty = every case under
        :func:`govnet.find_data_dir`.
    fmt : {"table", "json"}
        A table per case for people, or one JSON list for machines.

    Returns
    -------
    int
        The exit status: 1 if any case has errors, else 0 (warnings do not count).

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
    from .case import find_data_dir

    paths = _case_folders(paths or [find_data_dir()])
    if not paths and fmt != "json":
        print("no case folders found")
    status, out = 0, []
    for p in paths:
        errors, warnings = validate_case(p)
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


def _raise_if(path, errors, warnings):
    if len(errors):
        raise DataValidationError(errors, warnings, path=path)
