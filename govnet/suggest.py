"""Suggested relations: candidate observations from a source's text, by rules and a cue lexicon."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .exceptions import ParameterError
from .validate import _TRANS

__all__ = ["suggest", "load_cues", "split_sentences"]

_CUES = Path(__file__).with_name("data") / "cues.yml"
_EXTRA = ["score", "cue", "status"]
#: Abbreviations after which a full stop does not end a sentence.
_ABBREV = {"mr", "mrs", "ms", "dr", "cllr", "prof", "st", "no", "nos", "co", "ltd", "rev", "rt",
           "hon", "gen", "e.g", "i.e", "etc", "vs", "cf", "para", "paras", "p", "pp", "s", "ss",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-\u2022*\u25aa\u25e6]|\d{1,3}[.)]|\([a-z0-9]{1,4}\))\s")
_WORD = re.compile(r"[\w'\u2019-]+")
_FUZZY_CUTOFF = 88


# ---------------------------------------------------------------- text
def split_sentences(text):
    """Split a paragraph into sentences by rules: no model.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by
    white space and a capital letter, a digit or an opening quote -- except after a title or
    common abbreviation (Mr, Cllr, Dr, St, No, e.g., para, month names, ...) or a single
    capital initial.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of tuple
        ``(start, end)`` character offsets of each sentence in ``text``.

    Examples
    --------
    >>> from govnet.suggest import split_sentences
    >>> t = "Cllr A. Smith met Mr White. They agreed. 'Fine,' he said."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Cllr A. Smith met Mr White.', 'They agreed.', "'Fine,' he said."]
    """
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        words = _WORD.findall(text[start:m.start() + 1].rstrip(".!?"))
        last = words[-1] if words else ""
        if text[m.start()] == "." and (last.lower() in _ABBREV or re.fullmatch(r"[A-Z]", last)):
            continue
        end = m.start() + len(m.group().rstrip())
        out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def _sentences(text):
    """Every sentence of a text copy, in order: dicts with ``locator`` and ``text``.

    Paragraphs and locators as :func:`govnet.sources_in.read_paragraphs`; inside a paragraph a
    line that starts with a bullet (``-``, ``•``, ``1.``, ``(a)``) starts a new sentence.
    """
    from .sources_in import _paragraph_lines

    out = []
    for loc, lines in _paragraph_lines(text):
        segments, cur = [], []
        for ln in lines:
            if cur and _BULLET.match(ln):
                segments.append(cur)
                cur = []
            cur.append(ln)
        segments.append(cur)
        for seg in segments:
            seg_text = " ".join(" ".join(seg).split())
            out.extend({"locator": loc, "text": seg_text[a:b]}
                       for a, b in split_sentences(seg_text))
    return out


# ---------------------------------------------------------------- lexicon
def load_cues(path=None):
    """Read a cue lexicon (default: the one shipped with govnet, ``govnet/data/cues.yml``).

    Parameters
    ----------
    path : str or pathlib.Path, optional

    Returns
    -------
    dict
        The YAML as read: ``cues`` (entries of ``type``, optional ``sign``, ``phrases``),
        ``negators``, ``negation_window``, ``opposites``, ``modifiers``, ``hedges``,
        ``singular_references``, ``plural_references``, ``reciprocals``, ``first_person``,
        ``speech`` and ``role_phrases``.

    Examples
    --------
    >>> import govnet
    >>> cues = govnet.load_cues()
    >>> any("lack* of trust" in c["phrases"] for c in cues["cues"] if c["type"] == "distrust")
    True
    """
    path = Path(path) if path else _CUES
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParameterError(f"cannot read the cue lexicon {path}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cues"), list):
        raise ParameterError(f"{path}: a cue lexicon needs a `cues:` list (see govnet/data/cues.yml)")
    return raw


def _cues_for(case_dir):
    """The first cues.yml in the case folder, its parent or grandparent, else the shipped one."""
    for d in (case_dir, case_dir.parent, case_dir.parent.parent):
        if (d / "cues.yml").is_file():
            return load_cues(d / "cues.yml")
    return load_cues()


def _regex(phrases, stems=True):
    """One case-insensitive regex for phrases at word boundaries, longest first; with
    ``stems``, a word ending in ``*`` matches any ending."""
    def one(p):
        words = str(p).translate(_TRANS).lower().split()
        return r"\s+".join(re.escape(w[:-1]) + r"\w*" if stems and w.endswith("*")
                           else re.escape(w) for w in words)
    alts = sorted({one(p) for p in phrases if str(p).strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I) if alts else None


# ---------------------------------------------------------------- actors
@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    entity: str  # the actor after post resolution at the source's date
    fuzzy: bool = False
    borrowed: bool = False  # not named in the sentence: a reference, "I", or the speaker


def _role_actor(actors, role, lo, hi):
    """The one actor a role phrase names: of that role, a post, else a group, else an
    organisation, else a person, existing at the date; None when that is not one actor."""
    a = actors[(actors["role"] == role)
               & ~(actors["start_lo"] > hi).fillna(False) & ~(actors["end_hi"] < lo).fillna(False)]
    for kind in ("post", "group", "organisation", "person"):
        ids = a.loc[a["kind"] == kind, "id"].tolist()
        if ids:
            return ids[0] if len(ids) == 1 else None
    return None


def _names(case, cues, lo, hi):
    """Phrase (lower case) -> actor id, from names, aliases, ids and role phrases; a phrase two
    actors share is dropped (ambiguous), and role phrases never override a name."""
    a = case.actors
    table = {}
    for rec in a.itertuples(index=False):
        words = [rec.name, rec.id.replace("-", " ")]
        words += str(rec.aliases).split(";") if pd.notna(rec.aliases) else []
        for w in map(_key, words):
            if len(w) > 1:
                table.setdefault(w, set()).add(rec.id)
    names = {w: next(iter(ids)) for w, ids in table.items() if len(ids) == 1}
    for role, phrases in (cues.get("role_phrases") or {}).items():
        actor = _role_actor(a, role, lo, hi)
        for p in phrases if actor else ():
            names.setdefault(_key(p), actor)
    return names


def _key(phrase):
    """A phrase as looked up: typographic quotes and dashes plain, lower case, single spaces."""
    return " ".join(str(phrase).translate(_TRANS).lower().split())


def _holders(case, lo, hi):
    """Post -> its one holder over [lo, hi] (tenures after handovers), where exactly one."""
    from .positions import _holdings

    if case.tenures.empty:
        return {}
    t = _holdings(case.actors, case.tenures)[0]
    t = t[(t["_what"] == "post") & (t["_tlo"] <= hi) & (t["_thi"] >= lo)]
    n = t.groupby("post")["actor"].nunique()
    return t[t["post"].isin(n.index[n == 1])].drop_duplicates("post").set_index("post")["actor"].to_dict()


class _Finder:
    """Actor mentions in a sentence: exact names, aliases and role phrases (longest first),
    then spelling variants of capitalised names (rapidfuzz ratio >= 88)."""

    def __init__(self, names, holders):
        self.names, self.holders = names, holders
        self.exact = _regex(names, stems=False)
        self.fuzzy = {}
        for n in names:
            if len(n) >= 6 and not n.startswith("the "):
                self.fuzzy.setdefault(len(n.split()), []).append(n)

    def __call__(self, text):
        from rapidfuzz import fuzz, process

        low = text.translate(_TRANS).lower()
        found = [_Mention(m.start(), m.end(), self.names[_key(m.group())], "")
                 for m in (self.exact.finditer(low) if self.exact else ())]
        taken = [(m.start, m.end) for m in found]
        words = list(_WORD.finditer(text))
        for k, choices in self.fuzzy.items():
            for i in range(len(words) - k + 1):
                a, b = words[i].start(), words[i + k - 1].end()
                if not text[a].isupper() or any(a < e and s < b for s, e in taken):
                    continue
                hit = process.extractOne(low[a:b], choices, scorer=fuzz.ratio,
                                         score_cutoff=_FUZZY_CUTOFF)
                if hit:
                    found.append(_Mention(a, b, self.names[hit[0]], "", fuzzy=True))
                    taken.append((a, b))
        for m in found:
            m.entity = self.holders.get(m.actor, m.actor)
        return sorted(found, key=lambda m: m.start)


def _entities(mentions):
    """One mention per entity, in order of first mention; a named person beats its post."""
    best = {}
    for m in mentions:
        cur = best.get(m.entity)
        if cur is None or (cur.actor != cur.entity and m.actor == m.entity):
            best[m.entity] = m if cur is None else _Mention(min(cur.start, m.start), m.end,
                                                             m.actor, m.entity, m.fuzzy)
    return sorted(best.values(), key=lambda m: m.start)


# ---------------------------------------------------------------- cues
class _Cues:
    """The lexicon compiled: cue matches in a sentence with type, sign, negation and hedging."""

    def __init__(self, raw, codebook):
        self.default = codebook.relation_types["sign"]
        entries = []
        for e in raw["cues"]:
            if e.get("type") not in self.default.index:
                raise ParameterError(f"cue lexicon: {e.get('type')!r} is not a codebook relation type")
            sign = int(e["sign"]) if e.get("sign") is not None else int(self.default[e["type"]])
            for p in e.get("phrases") or ():
                entries.append((p, e["type"], sign, bool(e.get("weak"))))
        self.regex = _regex([p for p, *_ in entries])
        self.by_phrase = {}  # one regex per phrase, to tell which phrase a match is
        for p, *rest in entries:
            rx = _regex([p])
            self.by_phrase.setdefault(rx.pattern, (rx, *rest))
        self.negators = _regex(raw.get("negators") or [])
        self.window = int(raw.get("negation_window", 3))
        self.opposites = raw.get("opposites") or {}
        self.hedges = _regex(raw.get("hedges") or [])
        mods = raw.get("modifiers") or {}
        self.modifiers = [(1, _regex(mods.get("positive") or [])),
                          (-1, _regex(mods.get("negative") or []))]
        self.singular = _regex(raw.get("singular_references") or [])
        # an older lexicon's one `references` list of pronoun-like words: read as plural ones
        self.plural = _regex(raw.get("plural_references", raw.get("references")) or [])
        self.first_person = _regex(raw.get("first_person") or [])
        self.speech = _regex(raw.get("speech") or [])
        self.reciprocals = _regex(raw.get("reciprocals") or [])

    def _lookup(self, phrase):
        """(type, sign, weak) of the phrase a cue match comes from (the first listed)."""
        for rx, *rest in self.by_phrase.values():
            if rx.fullmatch(phrase):
                return rest
        raise AssertionError(phrase)  # every match comes from one of the phrases

    def _negator(self, text, start, weak):
        """The negator span before a cue at ``start`` (within the window; anywhere in the
        sentence for a weak cue), or None."""
        if not self.negators:
            return None
        if weak:
            hit = self.negators.search(text)
            return hit.span() if hit else None
        words = list(re.finditer(r"\S+", text[:start]))
        lo = 0 if len(words) <= self.window else words[-self.window].start()
        hits = list(self.negators.finditer(text, lo, start))
        return hits[-1].span() if hits else None

    def find(self, text, mentions):
        """Cues of ``text`` outside actor mentions: dicts start, end, cue, type, sign, weak.

        A negated cue is reversed; a cue that negates the next one ("undermine trust") is
        not a cue itself.
        """
        out, used = [], []
        for m in self.regex.finditer(text) if self.regex else ():
            if any(m.start() < x.end and x.start < m.end() for x in mentions):
                continue
            ctype, sign, weak = self._lookup(m.group())
            mod = self._modifier(text, m.start()) if weak else None
            if mod:  # "poor working relationships": the modifier gives the sign
                out.append({"start": m.start(), "end": m.end(), "type": ctype, "sign": mod[0],
                            "weak": weak, "cue": " ".join(text[mod[1]:m.end()].lower().split())})
                continue
            neg = self._negator(text, m.start(), weak)
            if neg:
                used.append(neg)
                if ctype in self.opposites:
                    ctype = self.opposites[ctype]
                    sign = int(self.default[ctype])
                else:
                    sign = -sign if sign else -1
            out.append({"start": m.start(), "end": m.end(), "type": ctype, "sign": sign,
                        "weak": weak, "cue": ("not " if neg else "") + m.group().lower()})
        return [c for c in out if not any(c["start"] < b and a < c["end"] for a, b in used)]

    def _modifier(self, text, start):
        """(sign, start) of an evaluative modifier in the window before a weak cue, or None."""
        words = list(re.finditer(r"\S+", text[:start]))
        lo = 0 if len(words) <= self.window else words[-self.window].start()
        for sign, rx in self.modifiers:
            hit = rx.search(text, lo, start) if rx else None
            if hit:
                return sign, hit.start()
        return None

    def hedged(self, text):
        """Whether the sentence has a hedge."""
        return bool(self.hedges and self.hedges.search(text))


def _best_cue(cues, a, b):
    """The cue nearest the stretch from mention ``a`` to mention ``b`` (inside = distance 0),
    a weak cue only where the sentence has no other; returns (cue, distance)."""
    if not cues:
        return None, None
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    key = [(c["weak"], max(lo - c["end"], c["start"] - hi, 0), -(c["end"] - c["start"]),
            c["start"]) for c in cues]
    best = key.index(min(key))
    return cues[best], key[best][1]


# ---------------------------------------------------------------- candidates
#: ", who ... ," or ", which ... ," between a name and its verb (an appositive clause).
_APPOSITIVE = re.compile(r",\s+(?:who|which)\b[^,;:\"\u201c\u201d]{0,200},\s+(?:\w+\s+)?")
#: Actor kinds that are one person (a singular pronoun's referents).
_ONE = ("person", "post")
#: How many sentences back a reference (a pronoun, "the two men") may reach.
_REACH = 3


def _speaker(text, own, refs, speech):
    """The actor named, or referred to by a pronoun, at most three words before a speech verb
    ("the team said", "Inspectors have found", "He said") or before an appositive clause and the
    verb ("Cllr X, who was deputy leader, said"), or None."""
    for m in own if speech else ():  # "X, who was deputy leader, said": X
        hit = _APPOSITIVE.match(text, m.end)
        if hit and speech.match(text, hit.end()):
            return m
    for m in reversed(own if speech else ()):
        hit = speech.search(text, m.end, m.end + 40)
        if hit and len(text[m.end:hit.start()].split()) <= 3:
            return m
    for m, at in refs if speech else ():
        hit = speech.search(text, at[1], at[1] + 20)
        if hit and len(text[at[1]:hit.start()].split()) <= 1:
            return m
    return None


def _borrow(m, span):
    """A mention of an actor the sentence refers to, at the referring words' ``span``."""
    return _Mention(*span, m.actor, m.entity, m.fuzzy, borrowed=True)


def _referents(text, recent, kinds, cues):
    """Actors the sentence refers to without naming them, from the ``recent`` sentences'
    actors (most recent last): ``(mentions, where, reciprocal)``.

    - a singular personal pronoun (he, his, she, her) is the person (or post) named last;
    - a plural one (they, their, them) is the first group or organisation named in the
      sentence before (persons and posts are one person each);
    - a reciprocal reference (each other, the two, mutual, both sides) is the first two
      persons (or posts) of the last recent sentence naming two or more, else every actor of
      the last sentence naming two or more actors.
    ``where`` maps an actor to the span of the pronoun that refers to it (the reference's
    place, for direction and for a pronoun speaker: "He said").
    """
    out, where = [], {}
    if cues.reciprocals and cues.reciprocals.search(text):
        people = [[m for m in ents if kinds.get(m.entity) in _ONE] for ents in recent]
        for ents in [p[:2] for p in reversed(people)] + list(reversed(recent)):
            if len(ents) >= 2:
                return list(ents), where, True
    hit = cues.singular.search(text) if cues.singular else None
    last = [m for ents in recent for m in ents if kinds.get(m.entity) in _ONE]
    if hit and last:
        out.append(last[-1])
        where[last[-1].entity] = hit.span()
    hit = cues.plural.search(text) if cues.plural else None
    bodies = [m for m in (recent[-1] if recent else ()) if kinds.get(m.entity) not in _ONE]
    if hit and bodies and bodies[0] not in out:
        out.append(bodies[0])
        where.setdefault(bodies[0].entity, hit.span())
    return out, where, False


def _pairs(sents, finder, cues, kinds, reporter):
    """Candidate dicts for every sentence: pairs of its own actors, of its own actors with
    the actors it refers to (:func:`_referents`, or "I"/"we": the speaker, else the source's
    author), and those among themselves after a reciprocal or where the sentence names no
    actor. Each candidate carries the sentence's speaker: named (or
    a pronoun) before a speech verb in it, else carried from earlier in its paragraph or into
    a paragraph that opens with a quotation mark."""
    recent, out, speaker, last = [], [], None, None
    for s in sents:
        text = s["text"]
        own = _entities(finder(text))
        refs, where, among = _referents(text, recent, kinds, cues)
        said = _speaker(text, own, [(m, where[m.entity]) for m in refs if m.entity in where],
                        cues.speech)
        if said or not (s["locator"] == last or text[:1] in "\"'\u201c\u2018"):
            speaker = said
        last = s["locator"]
        seen = {m.entity for m in own}
        me = speaker or reporter
        first = cues.first_person.search(text) if cues.first_person else None
        if me and first:  # "I", "we": the speaker (the author outside a quotation)
            refs, where = [me, *refs], {**where, me.entity: first.span()}
        borrowed = []
        for m in refs:
            if m.entity not in seen:
                seen.add(m.entity)
                borrowed.append(_borrow(m, where.get(m.entity, (0, len(text)))))
        found, hedged = cues.find(text, own), cues.hedged(text)
        pairs = [(a, b) for a, b in itertools.combinations(
                     sorted(own + borrowed, key=lambda m: m.start), 2)
                 if not (a.borrowed and b.borrowed) or among or not own]
        for a, b in pairs:
            out.append({**_candidate(s, a, b, found, hedged, len(pairs)), "speaker": speaker})
        recent = (recent + [own])[-_REACH:]
    return out


def _candidate(s, a, b, found, hedged, n_pairs):
    """One candidate: the pair, its cue (a borrowed actor spans the whole sentence), a score."""
    borrowed = a.borrowed or b.borrowed
    cue, dist = _best_cue(found, a, b)
    if cue and not borrowed and _passive(s["text"], a, b, cue):
        a, b = b, a
    score = (1.0 / (1 + dist / 40) if cue else 0.25)
    score *= (0.8 if borrowed else 1) * (0.75 if hedged else 1) * (0.9 if a.fuzzy or b.fuzzy else 1)
    score /= 1 + 0.25 * (max(n_pairs, 1) - 1)
    return {"s": s, "a": a, "b": b, "cue": cue, "hedged": hedged, "score": round(score, 3)}


def _passive(text, a, b, cue):
    """``cue ... by B`` between the two mentions (``A was criticised by B``): B is the source."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = text[cue["end"]:second.start] if first.end <= cue["start"] <= second.start else ""
    return bool(re.search(r"\bby\s+(?:the\s+)?$", gap, re.I))


def _reporter(source, names):
    """The actor whose name or alias is the source's publisher (else author), or empty."""
    for col in ("publisher", "author"):
        v = source.get(col)
        if pd.notna(v) and _key(v) in names:
            return names[_key(v)]
    return ""


def _notes(c, source, absent):
    """The candidate's notes: post holders, spelling variants, borrowed and absent actors."""
    a, b = c["a"], c["b"]
    notes = [f"{m.actor} = {m.entity} at {source['date']}" for m in (a, b) if m.actor != m.entity]
    notes += ["spelling variant" for m in (a, b) if m.fuzzy][:1]
    notes += [f"{m.actor} not named here: a reference to an earlier sentence, or 'I'/'we'"
              for m in (a, b) if m.borrowed]
    notes += [f"{m.actor} does not exist at {source['date']} (actors.csv start/end): date the tie"
              for m in (a, b) if m.actor in absent]
    return "; ".join(notes)


def _rows(case, source, cands, names, lo, hi):
    """The candidate table: relations.csv columns plus score, cue and status."""
    from .validate import _fields

    coders = case.meta.get("coders") or [""]
    reporter = _reporter(source, names)
    act = case.actors
    absent = set(act.loc[(act["start_lo"] > hi).fillna(False) | (act["end_hi"] < lo).fillna(False),
                         "id"])
    rows = []
    for i, c in enumerate(cands, start=1):
        cue, a, b = c["cue"], c["a"], c["b"]
        rows.append({
            "id": f"{source['id']}-c{i:03d}", "source": a.actor, "target": b.actor,
            "type": cue["type"] if cue else "", "sign": str(cue["sign"]) if cue else "",
            "directed": "", "start": source["date"], "end": "",
            "reported_by": c["speaker"].actor if c["speaker"] else reporter,
            "source_id": source["id"], "locator": c["s"]["locator"], "quote": c["s"]["text"],
            "coder": str(coders[0]), "confidence": "low" if c["hedged"] else "medium",
            "theme": "", "notes": _notes(c, source, absent), "score": c["score"],
            "cue": cue["cue"] if cue else "", "status": "candidate"})
    columns = [f["name"] for f in _fields("relations")] + _EXTRA
    return pd.DataFrame(rows, columns=columns).astype({"score": float})


def suggest(case, source_id, min_score=0.0, cues=None, progress=False):
    """Candidate relations from a source's text copy, for a coder to accept, edit or reject.

    The text is split into paragraphs (locators as :func:`govnet.sources_in.read_paragraphs`)
    and sentences (:func:`split_sentences`; a bulleted line starts a sentence). In each
    sentence, actors are found by name, alias, id (hyphens as spaces) and role phrase (the
    ``role_phrases`` of the cue lexicon: "the chief executive" names the case's post of role
    ``chief-executive``), exactly or as a spelling variant of a capitalised name (rapidfuzz);
    a post is resolved to its one holder at the source's date where the tenures give one (the
    candidate keeps the post, as the codebook asks; the notes name the holder), and a post and
    its holder in one sentence are one actor. Every pair of actors in a sentence is a
    candidate, with the sentence as the quote. A sentence also speaks of actors it does not
    name (up to three sentences back): "he"/"she" is the person named last, "they" the first
    group or organisation of the sentence before, "I"/"we" the speaker (else the source's
    author), and a reciprocal reference ("each other", "the two men", "mutual") the last two
    persons named together (else the actors of the last sentence naming several); its own
    actors pair with those, scored lower, and a reciprocal reference (or a sentence naming no
    actor: "They blamed him.") pairs them with each other.

    The type and sign come from the cue nearest the pair (the cue lexicon, ``cues.yml``; a
    negator just before a cue reverses it: "no lack of trust" is trust; a weak cue such as
    "relationships" takes its sign from a modifier before it: "poor", "good"); the source is
    the actor named (or referred to) first, unless the cue is passive ("criticised by"). A
    hedge ("may", "appears")
    lowers the score and sets confidence ``low``. A pair with no cue is a candidate with empty
    type and sign (fill them in before accepting it).

    Parameters
    ----------
    case : govnet.Case or str or pathlib.Path
        A loaded case, or a case folder.
    source_id : str
        A source of the case with a text copy (``file`` in sources.csv).
    min_score : float, default 0
        Leave out candidates scoring lower.
    cues : dict, optional
        A cue lexicon (:func:`load_cues`); default the case's ``cues.yml`` (in the case
        folder, its parent or grandparent) or the shipped one.
    progress : bool, default False
        Show a tqdm progress bar of the sentences on standard error (when it is a terminal):
        a long source (the 20 MiB limit) takes about a minute and a half.

    Returns
    -------
    pandas.DataFrame
        One row per candidate in text order: the relations.csv columns (ids
        ``<source_id>-cNNN``, ``start`` the source's date, ``reported_by`` the sentence's
        speaker -- an actor named just before a speech verb, in the sentence, earlier in its
        paragraph or before a quoted paragraph -- else the actor that is the source's
        publisher or author where there is one, ``coder`` the case's first coder, ``notes``
        the post holders and what the coder must check), plus ``score`` (0-1, higher is likelier), ``cue`` (the words that fired,
        "not ..." when negated) and ``status`` ("candidate").

    Examples
    --------
    >>> import govnet
    >>> case = govnet.load_case("waltham-forest")
    >>> c = govnet.suggest(case, "s000")
    >>> c.loc[0, ["source", "target", "type", "sign", "locator", "cue"]].tolist()
    ['cllr-tony-buckley', 'simon-white', 'conflict', '-1', 'para 1', 'rift']
    """
    from .case import Case, load_case

    if not isinstance(case, Case):
        case = load_case(case)
    src = case.sources[case.sources["id"] == source_id]
    if src.empty:
        raise ParameterError(f"no source {source_id!r} in {case.id} (sources: {list(case.sources['id'])})")
    source = src.iloc[0].to_dict()
    if pd.isna(source.get("file")):
        raise ParameterError(f"source {source_id!r} has no text copy (`file` in sources.csv)")
    try:
        text = (case.path / source["file"]).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"cannot read the text copy of {source_id!r}: {exc}") from None
    from .dates import parse_partial_date

    lo, hi = parse_partial_date(str(source["date"]))
    raw = cues if cues is not None else _cues_for(case.path)
    names = _names(case, raw, lo, hi)
    holders = _holders(case, lo, hi)
    finder = _Finder(names, holders)
    kinds = dict(zip(case.actors["id"], case.actors["kind"], strict=True))
    rep = _reporter(source, names)
    rep = _Mention(0, 0, rep, holders.get(rep, rep)) if rep else None
    sents = _sentences(text)
    if progress:
        from tqdm.auto import tqdm

        sents = tqdm(sents, desc=f"suggest {source_id}", unit="sentence", disable=None, leave=False)
    cands = _pairs(sents, finder, _Cues(raw, case.codebook), kinds, rep)
    out = _rows(case, source, cands, names, lo, hi)
    return out[out["score"] >= min_score].reset_index(drop=True)
