"""The prose of a case study: key findings, section paragraphs, methods notes, cross-case lines."""

import inspect
import math
import re

from ..exceptions import ParameterError
from ..plot import _n
from .markup import escape, escape_html

__all__ = [
    "fmt_sign",
    "plural",
    "key_findings",
    "case_narrative",
    "methods_notes",
    "cross_case_lines",
]


def fmt_sign(x, digits=2):
    """A mean sign as text: "+0.50 (positive)", "−1.00 (negative)", "no ties".

    Parameters
    ----------
    x : float or None
        A mean sign in [-1, 1]; None or NaN when there are no ties.
    digits : int
        Decimals shown.

    Returns
    -------
    str
        The signed number and its word: positive from 0.25, negative to -0.25, else mixed.

    Examples
    --------
    >>> fmt_sign(-1.0), fmt_sign(None), fmt_sign(0.04)
    ('-1.00 (negative)', 'no ties', '+0.04 (mixed)')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "no ties"
    word = "positive" if x >= 0.25 else "negative" if x <= -0.25 else "mixed"
    return f"{x:+.{digits}f} ({word})"


def plural(k, word, plural_form=None):
    """A count with its noun, singular or plural: "1 tie", "2 ties" (never "tie(s)").

    Parameters
    ----------
    k : int
        The count.
    word : str
        The noun, singular.
    plural_form : str, optional
        The plural when it is not ``word + "s"``.

    Returns
    -------
    str

    Examples
    --------
    >>> plural(1, "tie"), plural(0, "tie"), plural(2, "person", "people")
    ('1 tie', '0 ties', '2 people')
    """
    return _n(k, word, plural_form)


def key_findings(results, names=None, graphs=None, page=""):
    """The case at a glance: climate and key dyad per snapshot, the ladder's climb, the camps, churn.

    A finding resting on fewer than :data:`govnet.MIN_INDEPENDENT` independent observations or
    on one reporter (``support`` in ``results``, :func:`govnet.support`) is marked
    "(thin: rests on N observations from one reporter)". With ``graphs``, each finding about
    ties links the observations it rests on (:func:`govnet.page.evidence_links`, anchors of
    :func:`govnet.page.evidence_appendix`): the member–officer ties for the climate, the key
    dyad's two ties, the frustrated ties of the camps; the disagreeing accounts of contested
    ties link theirs from ``results`` alone.

    Parameters
    ----------
    results : dict
        As :func:`headline_results` returns.
    names : dict, optional
        Actor id -> display name (ids are shown otherwise).
    graphs : dict, optional
        Snapshot date -> the graph of that snapshot (``case.graph(at=date)``).
    page : str
        The page holding the evidence appendix, relative to this one (:func:`evidence_page`);
        default this page.

    Returns
    -------
    str
        An HTML list (``<ul class="gv-findings">``); every number is taken from ``results``,
        every text from the data escaped.

    Examples
    --------
    >>> r = {"snapshots": [{"date": "2021", "climate": {"interface": 1.0, "interface_ties": 4}},
    ...                    {"date": "2024", "climate": {"interface": -1.0, "interface_ties": 1}}],
    ...      "ladder": [{"date": "2023", "stage": 1, "stage_label": "peer challenge"},
    ...                 {"date": "2024", "stage": 2, "stage_label": "review <or> inspection"}]}
    >>> print(key_findings(r))
    <ul class="gv-findings">
    <li><strong>Interface climate</strong> (mean sign of member–officer ties): 2021 +1.00 (positive, 4 ties) → 2024 -1.00 (negative, 1 tie).</li>
    <li><strong>Oversight ladder</strong>: peer challenge (2023) → review &lt;or&gt; inspection (2024); highest stage 2.</li>
    </ul>
    """
    from ..support import thin_note

    names, graphs = names or {}, graphs or {}
    snaps = results.get("snapshots", [])
    out = []
    if snaps:
        out.append(_climate_finding(snaps, graphs, page))
    dyads = [_key_dyad_text(s, names, graphs.get(s["date"]), page) for s in snaps]
    if any(dyads):
        out.append("<strong>Key dyad</strong> (top member and chief executive in office): "
                   + "; ".join(d for d in dyads if d) + ".")
    lad = results.get("ladder", [])
    climb = [f"{escape_html(e['stage_label'])} ({escape_html(e['date'])})" for e in lad]
    if climb:
        out.append(f"<strong>Oversight ladder</strong>{escape_html(thin_note((results.get('support') or {}).get('ladder')))}: "
                   f"{' → '.join(climb)}; highest stage {_ladder_peak(results)}.")
    with_camps = [s for s in snaps if len((s.get("camps") or {}).get("sizes") or []) > 1]
    if with_camps:
        out.append(_camps_text(with_camps[-1], names, graphs.get(with_camps[-1]["date"]), page))
    if results.get("churn"):
        out.append("<strong>Churn</strong>: " + escape_html(case_narrative(results, "churn")
                                                    + thin_note((results.get("support") or {}).get("churn"))))
    p = results.get("perception") or {}
    if p.get("pairs_with_several_accounts"):
        out.append(_contested_finding(p, page))
    return "\n".join(['<ul class="gv-findings">', *(f"<li>{x}</li>" for x in out), "</ul>"])


def _climate_finding(snaps, graphs, page):
    """The interface climate of each snapshot, with its thin mark and evidence, in one line."""
    from ..support import thin_note

    steps = []
    for s in snaps:
        cl = s.get("climate") or {}
        n = cl.get("interface_ties") or 0
        when = escape_html(s.get("label", s["date"]))
        steps.append(f"{when} {fmt_sign(cl.get('interface'))[:-1]}, {_n(n, 'tie')})"
                     + escape_html(thin_note((s.get("support") or {}).get("climate")))
                     + _links(graphs.get(s["date"]), _interface_tie, page) if n else f"{when} no ties")
    return ("<strong>Interface climate</strong> (mean sign of member–officer ties): "
            + " → ".join(steps) + ".")


def _contested_finding(p, page):
    """Ties reported by several sources, how many they disagree on, the disagreeing accounts."""
    k = p["pairs_with_several_accounts"]
    ids = [o for d in p.get("disagreements", []) for o in d.get("observations", [])]
    return (f"<strong>Contested accounts</strong>: {_n(k, 'tie')} {'is' if k == 1 else 'are'} "
            f"reported by more than one source; they disagree in sign on "
            f"{p.get('pairs_in_disagreement', 0)}." + (" " + _evidence(ids, page) if ids else ""))


def _links(G, where, page=""):
    """Evidence links to the observations of the ties of ``G`` that ``where(G)`` keeps ("" without G)."""
    if G is None:
        return ""
    from ..page import tie_observations

    ids = tie_observations(G, where(G))
    return " " + _evidence(ids, page) if ids else ""


def _evidence(ids, page=""):
    """:func:`govnet.page.evidence_links` to observation ids, sorted as relations.csv numbers them."""
    from ..page import evidence_links

    return evidence_links(sorted(set(ids), key=_natural), page=page)


def _natural(s):
    """Sort key putting r9 before r10."""
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", str(s))]


def _interface_tie(G):
    """``where`` of :func:`govnet.page.tie_observations`: informal member–officer ties of G."""
    def keep(u, v, d):
        return ((d.get("layer") or "informal") == "informal"
                and {G.nodes[u].get("side"), G.nodes[v].get("side")} == {"member", "officer"})
    return keep


def _key_dyad_text(s, names, G, page):
    """One snapshot's key dyad: who, sign, ties, thin mark and evidence; or why there is none."""
    from ..support import thin_note

    k = (s.get("support") or {}).get("key_dyad") or {}
    when = escape_html(s.get("label", s["date"]))
    if k.get("note"):
        return f"{when}: none ({escape_html(k['note'])})"
    if not k.get("a"):
        return ""
    pair = f"{escape_html(names.get(k['a'], k['a']))}–{escape_html(names.get(k['b'], k['b']))}"
    if not k.get("n_ties"):
        return f"{when} {pair}: no ties"
    dyad = {(k["a"], k["b"]), (k["b"], k["a"])}
    return (f"{when} {pair} {fmt_sign(k.get('value'))} over {_n(k['n_ties'], 'tie')}"
            f"{escape_html(thin_note(k))}" + _links(G, lambda G_: lambda u, v, d: (u, v) in dyad, page))


def _camps_text(s, names, G, page):
    """The camps of a snapshot, each camp's members, and the frustrated ties as evidence."""
    from ..support import thin_note

    cp = s["camps"]
    part = cp["partition"]
    groups = {}
    for a, k in sorted(part.items()):
        groups.setdefault(k, []).append(escape_html(names.get(a, a)))
    sides = "; ".join(f"camp {chr(65 + i)}: " + ", ".join(v) for i, (_, v) in enumerate(sorted(groups.items())))

    def frustrated(G_):
        def keep(u, v, d):
            if (d.get("layer") or "informal") != "informal" or u not in part or v not in part:
                return False
            return (d.get("sign") or 0) < 0 if part[u] == part[v] else (d.get("sign") or 0) > 0
        return keep

    n = cp.get("frustration") or 0
    why = str(cp.get("interpretation") or "")
    return (f"<strong>Camps in {escape_html(s.get('label', s['date']))}</strong> ({_n(n, 'tie')} frustrated): "
            f"{sides}. {escape_html(why[:1].upper() + why[1:])}{escape_html(thin_note((s.get('support') or {}).get('camps')))}."
            + _links(G, frustrated, page))


def _ladder_peak(results):
    """Highest stage in force (:func:`govnet.oversight_ladder` ``peak``; older results: stage < 5)."""
    if "ladder_peak" in results:
        return results["ladder_peak"]
    return max([e["stage"] for e in results.get("ladder", []) if e["stage"] < 5], default=0)


def _when(s):
    """A snapshot's name in a Markdown narrative: its label (an era's), else its date."""
    return escape(s.get("label", s["date"]))


def case_narrative(results, section):
    """A paragraph for one section of the case study, with numbers taken from ``results``.

    Parameters
    ----------
    results : dict
        As :func:`headline_results` returns.
    section : {"case", "climate", "perception", "balance", "camps", "power", "ladder", "churn"}

    Returns
    -------
    str
        Markdown text.

    Examples
    --------
    >>> r = {"snapshots": [{"date": "2021", "climate": {"interface": -1.0, "interface_ties": 2,
    ...       "member_to_officer": -1.0, "officer_to_member": -1.0, "cascade": {}}}]}
    >>> case_narrative(r, "climate").splitlines()[0]
    '- **2021**: across the member–officer interface the mean sign is -1.00 (negative) over 2 ties (members → officers -1.00 (negative), officers → members -1.00 (negative)).'
    """
    write = _SECTIONS.get(section)
    if write is None:
        raise ParameterError(f"unknown section {section!r}")
    return write(results)


def _case_text(results):
    """The case in one paragraph: title, council, period and what was coded."""
    c, n = results["case"], results["counts"]
    kinds = ", ".join(f"{v} {escape(k)}{'s' if v != 1 else ''}" for k, v in n["actors_by_kind"].items())
    layers = ", ".join(f"{v} {escape(k)}" for k, v in n["relations_by_layer"].items())
    synth = " **This case is invented** (a synthetic example)." if c.get("synthetic") else ""
    return (
        f"**{escape(c['title'])}** ({escape(c['council'])}, {escape(c['period'].get('start'))}–"
        f"{escape(c['period'].get('end'))}) is "
        f"coded from {n['sources']} sources: {n['actors']} actors ({kinds}), {n['tenures']} tenures, "
        f"{n['relations']} relation observations ({layers}) and {n['events']} events.{synth}"
    )


def _climate_text(results):
    """One bullet per snapshot: the interface climate, its interval, directions and tiers."""
    from ..support import thin_note

    lines = []
    for s in results.get("snapshots", []):
        cl, sup = s.get("climate") or {}, s.get("support") or {}
        casc = "; ".join(
            f"tier {escape(t)}: {fmt_sign(v['mean_sign'])} over {v['ties']}"
            f"{thin_note((sup.get('cascade') or {}).get(t))}"
            for t, v in cl.get("cascade", {}).items()
        )
        ci = sup.get("climate") or {}
        ci = (f" (95% bootstrap interval {ci['ci_low']:+.2f} to {ci['ci_high']:+.2f})"
              if ci.get("ci_low") is not None else "") + thin_note(ci)
        if not cl.get("interface_ties"):
            lines.append(f"- **{_when(s)}**: no informal ties across the member–officer interface.")
            continue
        lines.append(
            f"- **{_when(s)}**: across the member–officer interface the mean sign is "
            f"{fmt_sign(cl.get('interface'))} over {_n(cl['interface_ties'], 'tie')}{ci} "
            f"(members → officers {fmt_sign(cl.get('member_to_officer'))}, officers → members "
            f"{fmt_sign(cl.get('officer_to_member'))})." + (f" By tier: {casc}." if casc else "")
        )
    return "\n".join(lines) or "No snapshot dates."


def _balance_text(results):
    """One bullet per snapshot: signed ties, balanced triangles, the frustration index."""
    lines = []
    for s in results.get("snapshots", []):
        b = s.get("balance") or {}
        if not b.get("signed_ties"):
            lines.append(f"- **{_when(s)}**: no informal signed ties.")
            continue
        tb = b.get("triangle_balance")
        txt = f"- **{_when(s)}**: {b['signed_ties']} informal signed ties, {b['negative_ties']} negative"
        if tb is not None:
            txt += f"; {tb:.0%} of signed triangles are balanced"
        if "frustration" in b:
            txt += (f"; the frustration index is {b['frustration']} (normalised balance "
                    f"{b['frustration_normalized']:.2f}: 1 means perfectly two camps)")
        lines.append(txt + ".")
    return "\n".join(lines)


def _camps_lines(results):
    """One bullet per snapshot: the camps, the ties they leave frustrated, what they follow."""
    lines = []
    for s in results.get("snapshots", []):
        cp = s.get("camps")
        if not cp or not cp.get("sizes"):
            lines.append(f"- **{_when(s)}**: no informal signed ties, so no camps.")
            continue
        p = cp.get("p")
        sig = f" (significant: p = {p:.3f} against shuffled signs)" if p is not None and p <= 0.05 else ""
        sizes = cp["sizes"]
        split = (f"two camps of {sizes[0]} and {sizes[1]} actors" if len(sizes) > 1
                 else f"a single camp of {sizes[0]} actors")
        lines.append(
            f"- **{_when(s)}**: {split} leave{'s' if len(sizes) == 1 else ''} "
            f"{_n(cp.get('frustration') or 0, 'tie')} frustrated{sig}; {escape(cp.get('interpretation', ''))}."
        )
    return "\n".join(lines)


def _perception_text(results):
    """How many ties several accounts report, and who reports each contested tie how."""
    p = results.get("perception") or {}
    n, k = p.get("pairs_with_several_accounts", 0), p.get("pairs_in_disagreement", 0)
    if not n:
        return "No tie is reported by more than one account, so perceptions cannot be compared."
    head = (f"{_n(n, 'tie')} {'is' if n == 1 else 'are'} reported by more than one account; the "
            f"accounts disagree in sign on {k} of them.")
    word = {1: "positive", 0: "neutral", -1: "negative"}
    by_pair = {}
    for d in p.get("disagreements", []):
        by_pair.setdefault((escape(d["source_name"]), escape(d["target_name"]), d.get("period")), []).append(
            f"{escape(d['reporter_name'])} reports it {word[d['sign']]}")
    lines = [f"- **{a} → {b}**" + (f" ({escape(t)})" if t else "") + ": " + "; ".join(v) + "."
             for (a, b, t), v in by_pair.items()]
    return "\n".join([head, "", *lines]) if lines else head


def _power_text(results):
    """Centralization of formal responsibility, its most central actors, the main brokers."""
    p = results.get("power") or {}
    c = p.get("centralization")
    if c is None:
        return "No formal responsibility ties (line management, delegation, decision routing, appointment) are coded."
    txt = (f"Formal responsibility is centralised to degree {c:.2f} (Freeman; 1 = one actor holds "
           f"every tie) over {p.get('formal_ties_nodes')} of the council's own actors (external "
           f"bodies left out); the most central: "
           f"{', '.join(escape(n) for n in p.get('most_central_names', [])) or 'none'}.")
    if p.get("top_brokers"):
        txt += " The main brokers between sides: " + ", ".join(
            f"{escape(b['name'])} ({b['total']} brokerage roles)" for b in p["top_brokers"]) + "."
    return txt


def _ladder_text(results):
    """The oversight ladder's highest stage, the stage in force at the end, and its steps."""
    lad = results.get("ladder", [])
    if not lad:
        return "No oversight-ladder events are coded: the council stayed at stage 0 (none)."
    steps = "; ".join(f"{e['date']}: stage {e['stage']} ({escape(e['stage_label'])}, {escape(e['type'])})"
                      for e in lad)
    top, now = _ladder_peak(results), results.get("ladder_in_force")
    end = f"; stage {now} is in force at the end" if now is not None and now != top else ""
    return f"The oversight ladder reaches stage {top} by the end of the period{end}. Steps: {steps}."


def _churn_text(results):
    """Departures from key posts (tenures), reported turnover, interim holders, absences."""
    ch = results.get("churn", [])
    tot = sum(c.get("departures") or 0 for c in ch)
    rep = sum(c.get("departure_events") or 0 for c in ch)
    interim = [str(c["year"]) for c in ch if (c.get("interim_posts") or 0) > 0]
    if not ch or (tot == 0 and rep == 0 and not interim):
        return "No departures from key posts (tiers 1–2) are coded in the period."
    parts = []
    if tot:
        parts += _tenure_departures(ch, tot)
    if rep:
        parts.append(_reported_departures(ch, rep))
    if interim:
        parts.append(f"Interim holders of key posts appear in {', '.join(interim)}.")
    absent = sum(c.get("absences") or 0 for c in ch)
    if absent:
        parts.append(f"Holders of key posts are suspended or step aside {_n(absent, 'time')} "
                     "(not counted as departures).")
    return " ".join(parts)


def _tenure_departures(ch, tot):
    """The sentences on departures coded from tenures: how many, the peak year, the persons."""
    peak = max(ch, key=lambda c: (c.get("departures") or 0, -int(c["year"])))
    parts = [f"{tot} departures from key posts (tiers 1–2) are coded from tenures over "
             f"{len(ch)} years; the most in {peak['year']} ({peak['departures']})."]
    persons = sum(c.get("departing_persons", c.get("departures")) or 0 for c in ch)
    if persons < tot:
        parts.append(f"They concern {_n(persons, 'person')}: some left several posts at once.")
    return parts


def _reported_departures(ch, rep):
    """The sentence on turnover the sources report without names (departure events)."""
    years = ", ".join(f"{c['year']} ({c['departure_events']})" for c in ch
                      if c.get("departure_events"))
    first = min(int(c["year"]) for c in ch if c.get("departure_events"))
    none_before = all(not c.get("departure_events") for c in ch if int(c["year"]) < first)
    return (f"The sources report turnover of senior staff without names or dates "
            f"{_n(rep, 'time')}, coded as departure events: {years}"
            + (f"; none before {first}." if none_before and first > int(ch[0]["year"]) else "."))


#: The sections of :func:`case_narrative`, each written by one function of ``results``.
_SECTIONS = {"case": _case_text, "climate": _climate_text, "balance": _balance_text,
             "camps": _camps_lines, "perception": _perception_text, "power": _power_text,
             "ladder": _ladder_text, "churn": _churn_text}


_ROLE = re.compile(r":(?:func|data|class|meth|mod):`~?([^`]+)`")


def _rules(func):
    """The rules a function's docstring states: its text from the second paragraph to
    Parameters, in Markdown (``x`` and :func:`x` roles become code)."""
    doc = inspect.getdoc(func).split("\nParameters\n")[0]
    body = doc.split("\n\n", 1)[1] if "\n\n" in doc else doc
    return _ROLE.sub(r"`\1`", body.replace("``", "`")).strip()


def _param(func, name):
    """The description of one parameter in a numpydoc docstring, on one line."""
    lines = inspect.getdoc(func).splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith(f"{name} :"))
    desc = []
    for ln in lines[i + 1:]:
        if not ln.startswith("    "):
            break
        desc.append(ln.strip())
    return _ROLE.sub(r"`\1`", " ".join(desc).replace("``", "`"))


def methods_notes():
    """The rules behind the report's findings, as govnet's docstrings and constants state them.

    Generated, never typed by hand: the change points of eras (:func:`govnet.eras`), the key
    dyad in office (:func:`govnet.key_dyad`), camps and their thresholds
    (:func:`govnet.camps`, :data:`govnet.MIN_COVERAGE`, :data:`govnet.N_NULL`), churn
    (:func:`govnet.departures`, :func:`govnet.churn`), the ladder in force
    (:func:`govnet.ladder_stage`), thin findings (:func:`govnet.support`,
    :data:`govnet.MIN_INDEPENDENT`) and the robustness variants (:func:`govnet.robustness`,
    :data:`govnet.RULES`).

    Returns
    -------
    str
        Markdown: one bold heading per rule set and its text.

    Examples
    --------
    >>> text = methods_notes()
    >>> "**Eras.**" in text and "at least 3 independent observations" in text
    True
    """
    from ..balance import N_NULL
    from ..camps import MIN_COVERAGE, camps
    from ..eras import eras
    from ..interface import key_dyad
    from ..robustness import RULES, robustness
    from ..support import MIN_INDEPENDENT, support
    from ..timeseries import churn, departures, ladder_stage

    parts = [
        ("Eras", "Each snapshot of this report is an era of the case. " + _rules(eras)),
        ("Key dyad in office", "The key dyad of an era: " + _param(key_dyad, "a, b").removeprefix("Node ids. ")),
        ("Camps", _rules(camps) + f"\n\nThresholds: coverage at least {MIN_COVERAGE:.0%}; "
         f"significance from {N_NULL} sign shufflings."),
        ("Churn", _rules(departures) + "\n\n" + _rules(churn)),
        ("Oversight ladder in force", _rules(ladder_stage)),
        ("How much each finding rests on", _rules(support).split("\n\nThe findings")[0]
         + f"\n\nA finding is marked *thin* unless it rests on at least {MIN_INDEPENDENT} "
         "independent observations from more than one reporter."),
        ("Robustness", _rules(robustness) + "\n\nWhen a finding holds:\n\n"
         + "\n".join(f"* *{k}*: {v}" for k, v in RULES.items())),
    ]
    return "\n\n".join(f"**{title}.** {text}" for title, text in parts)


def cross_case_lines(summary):
    """The cross-case summary as Markdown bullets, one per case (data text escaped).

    Parameters
    ----------
    summary : pandas.DataFrame
        As :func:`cross_case_summary` returns.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame([{"case": "x_1", "interface climate per snapshot": "−0.50 → +1.00",
    ...                    "thin snapshots": "1 of 2", "highest ladder stage": 3,
    ...                    "ladder thin": True, "departures (key posts)": 1,
    ...                    "reported departures": 0}])
    >>> print(cross_case_lines(s))  # doctest: +NORMALIZE_WHITESPACE
    - **x\\_1**: the interface climate per snapshot is −0.50 → +1.00 (1 of 2 snapshots with ties
    thin: fewer than 3 independent observations or one reporter); the ladder reaches stage 3
    (thin); 1 departure from key posts (tenures) and 0 reported departures of senior staff.
    """
    from ..support import MIN_INDEPENDENT

    return "\n".join(
        f"- **{escape(s['case'])}**: the interface climate per snapshot is "
        f"{s['interface climate per snapshot']} ({s['thin snapshots']} snapshots with ties thin: "
        f"fewer than {MIN_INDEPENDENT} independent observations or one reporter); the ladder "
        f"reaches stage {s['highest ladder stage']}{' (thin)' if s['ladder thin'] else ''}; "
        f"{plural(s['departures (key posts)'], 'departure')} from key posts (tenures) and "
        f"{s['reported departures']} reported departures of senior staff."
        for s in summary.to_dict("records"))
