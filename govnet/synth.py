"""Synthetic councils with planted structure, for method validation and benchmarks."""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import yaml

from .exceptions import ParameterError

__all__ = ["SyntheticTruth", "synthetic_case", "synthetic_eras_case", "synthetic_corpus"]

# Relation types used for informal ties, chosen by the (noisy) sign of each observation so
# that a row's sign always agrees with its type's default sign (no codebook warnings).
_POSITIVE = np.array(["trust", "support", "cooperation", "alliance"])
_NEGATIVE = np.array(["distrust", "criticism", "conflict", "pressure", "perceived-bias"])
_UNDIRECTED = {"cooperation", "alliance", "conflict"}

# Senior officer posts: (id, name, role). Directors are added by number.
_STATUTORY = [
    ("chief-executive", "Chief Executive", "chief-executive"),
    ("monitoring-officer", "Monitoring Officer", "monitoring-officer"),
    ("chief-finance-officer", "Chief Finance Officer", "chief-finance-officer"),
]
_EXTERNAL = [
    ("peer-team", "LGA peer challenge team", "peer-team"),
    ("inspectorate", "Best Value inspection team", "inspectorate"),
    ("government", "Secretary of State", "government"),
    ("commissioners", "Commissioners", "envoy"),
    ("improvement-agency", "Improvement agency", "improvement-agency"),
]
# The default planted escalation: (event type, years after its start, month, ladder stage).
_LADDER = [
    ("peer-challenge", 0, 3, 1),
    ("inspection", 1, 2, 2),
    ("proposed-directions", 1, 11, 3),
    ("directions", 2, 5, 4),
    ("de-escalation", 4, 7, 5),
]
_LADDER_ACTOR = {
    "peer-challenge": ("peer-team", "improvement-support", 1),
    "inspection": ("inspectorate", "oversight", 0),
    "proposed-directions": ("government", "intervention", 0),
    "directions": ("commissioners", "intervention", 0),
    "de-escalation": ("government", "intervention", 0),
}
_COLUMNS = {
    "sources": ["id", "title", "publisher", "author", "date", "type", "url", "file", "notes"],
    "actors": ["id", "name", "kind", "side", "role", "party", "organisation", "start", "end",
               "aliases", "notes"],
    "tenures": ["id", "actor", "post", "start", "end", "interim", "source_id", "locator", "quote",
                "notes"],
    "relations": ["id", "source", "target", "type", "sign", "directed", "start", "end",
                  "reported_by", "source_id", "locator", "quote", "coder", "confidence", "theme",
                  "notes"],
    "events": ["id", "date", "type", "description", "actors", "source_id", "locator", "quote"],
}


@dataclass
class SyntheticTruth:
    """The structure planted in a synthetic case.

    Attributes
    ----------
    path : pathlib.Path
        The case folder written.
    camps : dict
        Person id -> planted camp (by default 0 = the executive and its political office,
        1 = senior officers), sorted by id. Only persons with informal ties are listed.
    churn : pandas.DataFrame
        One row per year and post tier (1 or 2): ``year``, ``tier``, ``posts`` (posts of the
        tier, all held every year), ``departures`` and ``arrivals`` (tenures ending / starting
        in the year; the open start and end of the case period are not counted),
        ``interim_arrivals``, ``interim_posts`` (posts held by an interim at some time in the
        year) and ``interim_share`` (interim_posts / posts).
    ladder : pandas.DataFrame
        The planted oversight events by date: ``date``, ``event``, ``type``, ``stage``.
    control : pandas.DataFrame
        Ruling party per term: ``start`` (year), ``party``, ``change`` (True at a change of
        control).
    n_relations : int
        Rows written to relations.csv.
    eras : pandas.DataFrame or None
        :func:`synthetic_eras_case` only: the planted eras, as :func:`govnet.eras` gives them
        (``era``, ``start``, ``end``, ``top_member``, ``chief_executive``, ``control``,
        ``ladder_stage``).
    departures : pandas.DataFrame or None
        :func:`synthetic_eras_case` only: every planted departure from a key post, as
        :func:`govnet.departures` gives them (``date``, ``post``, ``person``, ``successor``).
    """

    path: pathlib.Path
    camps: dict = field(default_factory=dict)
    churn: pd.DataFrame | None = None
    ladder: pd.DataFrame | None = None
    control: pd.DataFrame | None = None
    n_relations: int = 0
    eras: pd.DataFrame | None = None
    departures: pd.DataFrame | None = None


@functools.cache
def _codebook_version():
    path = pathlib.Path(__file__).with_name("data") / "codebook.yml"
    with open(path, encoding="utf-8") as fh:
        return str(yaml.safe_load(fh)["version"])


def _check(n_members, n_officers, years, n_cabinet, n_directors, sign_noise, informal_per_year):
    if int(years) < 1:
        raise ParameterError(f"years must be at least 1, got {years!r}")
    if int(n_members) < n_cabinet + 4:
        raise ParameterError(f"n_members must be at least n_cabinet + 4 = {n_cabinet + 4}, "
                             f"got {n_members!r}")
    if int(n_officers) < n_directors:
        raise ParameterError(f"n_officers must be at least n_directors = {n_directors}, "
                             f"got {n_officers!r}")
    if not 0 <= float(sign_noise) <= 0.5:
        raise ParameterError(f"sign_noise must lie in [0, 0.5], got {sign_noise!r}")
    if int(informal_per_year) < 0:
        raise ParameterError(f"informal_per_year must be >= 0, got {informal_per_year!r}")


def _rates(churn, year_list):
    """Per-year probability that a senior post changes holder."""
    if isinstance(churn, Mapping):
        default = float(churn.get("default", 0.15))
        rates = np.array([float(churn.get(y, default)) for y in year_list])
    else:
        rates = np.full(len(year_list), float(churn))
    if (rates < 0).any() or (rates > 1).any():
        raise ParameterError(f"churn rates must lie in [0, 1], got {churn!r}")
    return rates


def _senior_tenures(rng, posts, year_list, rates, interim_rate, first_person):
    """Vectorised planted churn: one Bernoulli change per post and year after the first."""
    n_posts, n_years = len(posts), len(year_list)
    change = rng.random((n_posts, n_years)) < rates[None, :]
    change[:, 0] = False
    month = rng.integers(1, 12, size=(n_posts, n_years))  # leave month 1..11, arrive next month
    interim = rng.random((n_posts, n_years)) < interim_rate
    seg = np.cumsum(change, axis=1)  # segment (holder) index per post and year
    p_idx, y_idx = np.nonzero(np.ones((n_posts, n_years), dtype=bool))
    df = pd.DataFrame({"p": p_idx, "y": y_idx, "seg": seg.ravel(), "chg": change.ravel(),
                       "month": month.ravel(), "interim": interim.ravel()})
    first = df.groupby(["p", "seg"], sort=True).first().reset_index()
    last = df.groupby(["p", "seg"], sort=True)["y"].max().reset_index(name="y_last")
    ten = first.merge(last, on=["p", "seg"])
    # A segment that starts with a change starts in that year's month+1; the initial one is open.
    ys = np.asarray(year_list)[ten["y"].to_numpy()]
    ten["start"] = np.where(ten["seg"] > 0,
                            pd.Series(ys).astype(str).str.cat(
                                (ten["month"] + 1).map("{:02d}".format), sep="-"), "")
    ten["interim"] = ten["interim"] & (ten["seg"] > 0)
    # Its end is the next segment's change month (in the next segment's first year), else open.
    nxt = ten.groupby("p")["start"].shift(-1)
    nxt_month = ten.groupby("p")["month"].shift(-1)
    nxt_year = pd.Series(np.asarray(year_list)[np.minimum(ten["y_last"].to_numpy() + 1,
                                                            n_years - 1)])
    has_next = nxt.notna().to_numpy()
    ten["end"] = np.where(has_next,
                          nxt_year.astype(str) + "-" + nxt_month.fillna(1).astype(int).map(
                              "{:02d}".format), "")
    ten["post"] = np.asarray([p[0] for p in posts])[ten["p"].to_numpy()]
    ten["role"] = np.asarray([p[2] for p in posts])[ten["p"].to_numpy()]
    ten["y_first"] = ten["y"]
    ten["person"] = [f"officer-{first_person + i:04d}" for i in range(len(ten))]
    return ten[["post", "role", "person", "start", "end", "interim", "y_first", "y_last"]]


def synthetic_case(
    path,
    n_members: int = 51,
    n_officers: int = 30,
    years: int = 20,
    parties: Mapping[str, float] | Sequence[str] = ("Labour", "Conservative", "Liberal Democrat"),
    camps: Mapping[str, int] | None = None,
    sign_noise: float = 0.1,
    churn: float | Mapping = 0.15,
    seed: int = 0,
    *,
    start_year: int = 2005,
    executive: str = "leader",
    n_cabinet: int = 8,
    n_directors: int = 4,
    n_political_office: int = 3,
    interim_rate: float = 0.3,
    control_change: float = 0.3,
    informal_per_year: int = 115,
    ladder: str | Sequence | None = "random",
    case_id: str | None = None,
):
    """Write a synthetic council case folder with planted camps, churn and oversight ladder.

    The case follows the format of ``data/README.md``: a leader (or mayor) and cabinet
    portfolios whose holders change with political control at four-yearly May elections,
    three statutory officer posts and ``n_directors`` corporate directors whose holders churn
    at the planted annual rate (a share of arrivals interim), a political office, heads of
    service line-managed by the directors, opposition scrutiny, external bodies and a planted
    climb of the oversight ladder. Informal ties run only among the planted camps: by default
    camp 0 is every person who holds the executive posts plus the political office staff,
    camp 1 every holder of a senior officer post (see ``camps``); ties within a camp are positive and across camps negative,
    then a share ``sign_noise`` of observations has its sign flipped (the type follows the
    final sign). Formal ties (line management, delegation, advice, scrutiny, oversight) are
    coded on posts.

    Quotes are marked as synthetic (``"[synthetic] ..."``) and no source has a text copy
    (``file`` is empty), so quote verification is skipped for these cases by design.
    ``case.yml`` carries ``synthetic: true``. Everything is drawn from one
    ``numpy.random.default_rng(seed)`` with vectorised numpy/pandas: the same arguments give
    byte-identical files.

    Parameters
    ----------
    path : str or pathlib.Path
        The case folder to write (created; existing files are overwritten). Its name is the
        case id unless ``case_id`` is given.
    n_members : int
        Councillors (persons, side member).
    n_officers : int
        Heads of service below the directors (persons, side officer). Senior post holders are
        extra persons, one per tenure.
    years : int
        Length of the case period in whole years from ``start_year``.
    parties : mapping of name to seat share, or sequence of names
        Party groups; a sequence gets shares 0.45, 0.35, 0.2, ... renormalised. Control
        alternates between the two largest parties.
    camps : mapping, optional
        Camp (0 or 1) of each planted group: keys ``"executive"`` (leader or mayor and
        cabinet), ``"political-office"`` and ``"senior-officers"``. Default
        ``{"executive": 0, "political-office": 0, "senior-officers": 1}`` (the "two councils"
        split); ``{"executive": 0, "political-office": 1, "senior-officers": 1}`` plants a
        split that cuts across the member/officer line.
    sign_noise : float
        Share of informal observations whose sign is flipped, in [0, 0.5].
    churn : float or mapping
        Annual probability that a senior officer post (chief executive, statutory officers,
        directors) changes holder; a mapping ``{year: rate, "default": rate}`` plants a
        changing rate (e.g. churn rising after a given year).
    seed : int
        Seed of the random generator.
    start_year : int, keyword-only
        First year of the period.
    executive : {"leader", "mayor"}, keyword-only
        Leader and cabinet, or directly elected mayor and cabinet.
    n_cabinet, n_directors, n_political_office : int, keyword-only
        Sizes of the cabinet, the corporate directors and the political office staff.
    interim_rate : float, keyword-only
        Probability that an arrival in a senior officer post is interim.
    control_change : float, keyword-only
        Probability that control changes at an election.
    informal_per_year : int, keyword-only
        Informal observations per year (formal rows come on top, ~50 per year by default,
        so the defaults give about 3,300 relation rows over 20 years).
    ladder : "random", sequence of (date, event_type), or None, keyword-only
        "random" plants peer challenge, inspection, proposed directions, directions and
        de-escalation starting in a random year of the period (events falling after the period
        are dropped); a sequence plants exactly those events; None plants none.
    case_id : str, optional
        The case id (default: the folder name).

    Returns
    -------
    SyntheticTruth
        The folder written and the planted truth (camps, churn table, ladder, control).

    References
    ----------
    Heider, F. (1946). Attitudes and cognitive organization. *Journal of Psychology* 21, 107-112.
    Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modelling and computational study of the
    frustration index in signed networks. *Networks* 75(1), 95-110.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from govnet.synth import synthetic_case
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     truth = synthetic_case(pathlib.Path(tmp) / "synthetic-001", years=5, seed=1)
    ...     files = sorted(p.name for p in truth.path.iterdir())
    >>> files
    ['actors.csv', 'case.yml', 'events.csv', 'relations.csv', 'sources.csv', 'tenures.csv']
    >>> sorted(set(truth.camps.values()))
    [0, 1]
    >>> list(truth.churn.columns)
    ['year', 'tier', 'posts', 'departures', 'arrivals', 'interim_arrivals', 'interim_posts',
     'interim_share']
    """
    if executive not in ("leader", "mayor"):
        raise ParameterError(f"executive must be 'leader' or 'mayor', got {executive!r}")
    _check(n_members, n_officers, years, n_cabinet, n_directors, sign_noise, informal_per_year)
    path = pathlib.Path(path)
    case_id = case_id or path.name
    rng = np.random.default_rng(seed)
    year_list = np.arange(start_year, start_year + int(years))
    names, seats, members, member_party = _members(parties, n_members)
    control, ruling_party = _control(rng, year_list, control_change, seats, names)
    exec_posts = [(executive, "Leader of the council" if executive == "leader" else "Mayor",
                   executive)] + [(f"cabinet-member-{j}", f"Cabinet member, portfolio {j}",
                                   "cabinet-member") for j in range(1, n_cabinet + 1)]
    exec_ten = _executive_tenures(rng, exec_posts, control, ruling_party, members, member_party,
                                  year_list)
    scrutiny_chair = _member_roles(members, exec_ten, names[ruling_party[0]])
    senior_posts = _STATUTORY + [(f"director-{j}", f"Corporate Director {j}", "corporate-director")
                                 for j in range(1, n_directors + 1)]
    senior_ten = _senior_tenures(rng, senior_posts, year_list, _rates(churn, year_list),
                                 interim_rate, 1)
    political = pd.DataFrame({"person": [f"political-adviser-{j}"
                                         for j in range(1, n_political_office + 1)]})
    heads = pd.DataFrame({"id": [f"head-of-service-{j:03d}" for j in range(1, n_officers + 1)],
                          "director": [f"director-{1 + j % n_directors}"
                                       for j in range(n_officers)]})
    ten = pd.concat([exec_ten, senior_ten], ignore_index=True)
    people = _people(ten, political, _camp_map(camps), senior_posts, len(year_list))
    rel = _relations(rng, year_list, people, heads, exec_posts, senior_posts, scrutiny_chair,
                     sign_noise, informal_per_year)
    events, ladder_tab = _events(control, _ladder(rng, ladder, year_list))
    rel = _finish_relations(rel, ladder_tab)
    tables = {
        "sources": _sources(year_list),
        "actors": _actors(members, names, exec_posts, senior_posts, senior_ten, political, heads,
                          executive, case_id),
        "tenures": _tenure_rows(ten, year_list), "relations": rel, "events": events,
    }  # fmt: skip
    _write_case(path, _case_meta(case_id, year_list, sign_noise, seed), tables)
    camp_truth = dict(zip(people["person"], people["camp"].astype(int), strict=True))
    informal = rel.loc[rel["type"].isin(np.r_[_POSITIVE, _NEGATIVE])]
    used = set(informal["source"]) | set(informal["target"])
    camp_truth = {k: camp_truth[k] for k in sorted(camp_truth) if k in used}
    return SyntheticTruth(path=path, camps=camp_truth, churn=_churn_truth(ten, year_list),
                          ladder=ladder_tab, control=control, n_relations=len(rel))


def _members(parties, n_members):
    """Party names, seats per party, the councillors (``id``, ``party``) and their parties'
    numbers."""
    if isinstance(parties, Mapping):
        names = list(parties)
        shares = np.array([float(parties[p]) for p in names])
    else:
        names = list(parties)
        shares = np.array([0.45, 0.35, 0.2, 0.1, 0.05, 0.05][: len(names)]
                          + [0.05] * max(0, len(names) - 6))
    if len(names) < 2:
        raise ParameterError("parties needs at least two parties")
    shares = shares / shares.sum()
    seats = np.maximum(np.floor(shares * n_members).astype(int), 1)
    seats[0] += n_members - seats.sum()
    member_party = np.repeat(np.arange(len(names)), seats)
    members = pd.DataFrame({"id": [f"cllr-{i:03d}" for i in range(1, n_members + 1)],
                            "party": np.asarray(names)[member_party]})
    return names, seats, members, member_party


def _control(rng, year_list, control_change, seats, names):
    """Control per term (elections every four years, in May), alternating between the two
    largest parties; and the ruling party's number per term."""
    elections = year_list[(year_list - year_list[0]) % 4 == 0]
    flips = rng.random(len(elections)) < control_change
    flips[0] = False
    ruling = np.cumsum(flips) % 2
    order = np.argsort(-seats, kind="stable")[:2]
    ruling_party = order[ruling]
    control = pd.DataFrame({"start": elections, "party": np.asarray(names)[ruling_party],
                            "change": flips})
    return control, ruling_party


def _executive_tenures(rng, exec_posts, control, ruling_party, members, member_party,
                       year_list):
    """Executive posts (leader or mayor and cabinet) filled from the ruling party at the start of
    each term in which control changed (and at the first)."""
    start_year, n_years = int(year_list[0]), len(year_list)
    elections, flips = control["start"].to_numpy(), control["change"].to_numpy()
    regime_start = np.flatnonzero(np.r_[True, flips[1:]])
    exec_rows = []
    for r, t in enumerate(regime_start):  # few regimes: loop over terms, not rows
        party_members = np.flatnonzero(member_party == ruling_party[t])
        chosen = rng.choice(party_members, size=min(len(exec_posts), len(party_members)),
                            replace=False)
        y0 = int(elections[t])
        nxt = int(elections[regime_start[r + 1]]) if r + 1 < len(regime_start) else None
        for (pid, _name, role), m in zip(exec_posts, chosen, strict=False):
            exec_rows.append((pid, role, members["id"].iloc[m], "" if r == 0 else f"{y0}-05",
                              "" if nxt is None else f"{nxt}-05", y0 - start_year,
                              (nxt - start_year - 1) if nxt is not None else n_years - 1))
    exec_ten = pd.DataFrame(exec_rows, columns=["post", "role", "person", "start", "end",
                                                "y_first", "y_last"])
    exec_ten["interim"] = False
    return exec_ten


def _member_roles(members, exec_ten, first_ruling):
    """Set each councillor's ``role`` (in place): an executive member's the highest post they
    held first, one opposition member chairs scrutiny, the rest are councillors. Returns the
    scrutiny chair."""
    first_role = exec_ten.drop_duplicates("person").set_index("person")["role"]
    members["role"] = members["id"].map(first_role).fillna("councillor")
    opposition = members.index[~members["id"].isin(exec_ten["person"])
                               & (members["party"] != first_ruling)]
    scrutiny_chair = members["id"].iloc[opposition[0] if len(opposition) else -1]
    members.loc[members["id"] == scrutiny_chair, "role"] = "scrutiny-chair"
    return scrutiny_chair


def _actors(members, names, exec_posts, senior_posts, senior_ten, political, heads, executive,
            case_id):
    """actors.csv: councillors, party groups, posts, officers, the council, external bodies."""
    office_name = "Mayor's Office" if executive == "mayor" else "Leader's Office"
    return pd.concat([
        pd.DataFrame({"id": members["id"], "name": "Councillor " + members["id"].str[5:],
                      "kind": "person", "side": "member", "role": members["role"],
                      "party": members["party"]}),
        pd.DataFrame({"id": [f"group-{_slug(p)}" for p in names],
                      "name": [f"{p} group" for p in names], "kind": "group",
                      "side": "member", "role": "party-group", "party": names}),
        pd.DataFrame({"id": [p[0] for p in exec_posts], "name": [p[1] for p in exec_posts],
                      "kind": "post", "side": "member", "role": [p[2] for p in exec_posts]}),
        pd.DataFrame({"id": [p[0] for p in senior_posts], "name": [p[1] for p in senior_posts],
                      "kind": "post", "side": "officer", "role": [p[2] for p in senior_posts]}),
        pd.DataFrame({"id": senior_ten["person"],
                      "name": "Officer " + senior_ten["person"].str[8:],
                      "kind": "person", "side": "officer", "role": senior_ten["role"]}),
        pd.DataFrame({"id": ["political-office"], "name": [office_name], "kind": "group",
                      "side": "officer", "role": "political-office"}),
        pd.DataFrame({"id": political["person"],
                      "name": "Political adviser " + political["person"].str[18:],
                      "kind": "person", "side": "officer", "role": "political-office"}),
        pd.DataFrame({"id": heads["id"], "name": "Head of service " + heads["id"].str[16:],
                      "kind": "person", "side": "officer", "role": "service-head"}),
        pd.DataFrame({"id": ["council"], "name": [f"Synthetic Council {case_id}"],
                      "kind": "organisation", "side": "mixed", "role": "council"}),
        pd.DataFrame({"id": [e[0] for e in _EXTERNAL], "name": [e[1] for e in _EXTERNAL],
                      "kind": "organisation", "side": "external", "role": [e[2] for e in _EXTERNAL],
                      "organisation": [e[1] for e in _EXTERNAL]}),
    ], ignore_index=True)


def _tenure_rows(ten, year_list):
    """tenures.csv from the planted executive and senior officer tenures."""
    return pd.DataFrame({
        "id": [f"t{i:05d}" for i in range(1, len(ten) + 1)],
        "actor": ten["person"], "post": ten["post"], "start": ten["start"], "end": ten["end"],
        "interim": np.where(ten["interim"], "yes", "no"),
        "source_id": "s-" + (year_list[ten["y_first"].to_numpy()]).astype(str),
        "locator": "appointments",
    })


def _churn_truth(ten, year_list):
    """The planted churn per year and tier of the posts (see :class:`SyntheticTruth`)."""
    ten_tier = np.where(ten["role"].isin(["leader", "mayor", "chief-executive"]), 1, 2)
    ten = ten.assign(tier=ten_tier,
                     y_start=np.where(ten["start"] != "", ten["start"].str[:4], "0").astype(int),
                     y_end=np.where(ten["end"] != "", ten["end"].str[:4], "0").astype(int))
    grid = pd.MultiIndex.from_product([year_list, [1, 2]], names=["year", "tier"])
    dep = ten[ten["y_end"] > 0].groupby(["y_end", "tier"]).size()
    arr = ten[ten["y_start"] > 0].groupby(["y_start", "tier"]).size()
    iarr = ten[(ten["y_start"] > 0) & ten["interim"]].groupby(["y_start", "tier"]).size()
    # interim share: posts held by an interim at some time in the year / posts of the tier
    it = ten[ten["interim"]]
    lo = it["y_start"].to_numpy()
    hi = np.where(it["y_end"] > 0, it["y_end"], year_list[-1])
    rep = (hi - lo + 1).clip(min=0)
    span_year = pd.DataFrame({"year": np.repeat(lo, rep) + _ranges(rep),
                              "tier": np.repeat(it["tier"].to_numpy(), rep),
                              "post": np.repeat(it["post"].to_numpy(), rep)})
    held = span_year.drop_duplicates().groupby(["year", "tier"]).size()
    n_posts_tier = pd.Series(ten_tier).groupby(ten["post"].to_numpy()).first().value_counts()
    churn_tab = pd.DataFrame(index=grid).reset_index()
    key = pd.MultiIndex.from_frame(churn_tab[["year", "tier"]])
    churn_tab["posts"] = churn_tab["tier"].map(n_posts_tier).astype(int)
    churn_tab["departures"] = dep.reindex(key, fill_value=0).to_numpy()
    churn_tab["arrivals"] = arr.reindex(key, fill_value=0).to_numpy()
    churn_tab["interim_arrivals"] = iarr.reindex(key, fill_value=0).to_numpy()
    churn_tab["interim_posts"] = held.reindex(key, fill_value=0).to_numpy()
    churn_tab["interim_share"] = churn_tab["interim_posts"] / churn_tab["posts"]
    return churn_tab


def _people(ten, political, camp_of, senior_posts, n_years):
    """Persons with informal ties: ``person``, planted ``camp``, years active ``y0``..``y1``."""
    is_senior = ten["role"].isin([p[2] for p in senior_posts]).to_numpy()
    return pd.concat([
        pd.DataFrame({"person": ten["person"],
                      "camp": np.where(is_senior, camp_of["senior-officers"],
                                       camp_of["executive"]),
                      "y0": ten["y_first"], "y1": ten["y_last"]}),
        pd.DataFrame({"person": political["person"], "camp": camp_of["political-office"],
                      "y0": 0, "y1": n_years - 1}),
    ], ignore_index=True)


def _events(control, ladder_tab):
    """events.csv (elections, changes of control, the ladder) and the ladder with event ids."""
    # The ruling party's group is named first: govnet.eras reads control from it.
    ev = [pd.DataFrame({"date": [f"{y}-05" for y in control["start"]], "type": "election",
                        "description": [f"Local elections; {p} control"
                                        for p in control["party"]],
                        "actors": [f"group-{_slug(p)};council" for p in control["party"]]})]
    chg = control[control["change"]]
    ev.append(pd.DataFrame({"date": [f"{y}-05" for y in chg["start"]], "type": "change-of-control",
                            "description": [f"Control passes to {p}" for p in chg["party"]],
                            "actors": [f"group-{_slug(p)};council" for p in chg["party"]]}))
    ev.append(pd.DataFrame({"date": ladder_tab["date"], "type": ladder_tab["type"],
                            "description": "Planted oversight event: " + ladder_tab["type"],
                            "actors": [_LADDER_ACTOR.get(t, ("government",))[0] + ";council"
                                       for t in ladder_tab["type"]]}))
    events = pd.concat(ev, ignore_index=True)
    events = events.sort_values("date", kind="stable").reset_index(drop=True)
    events["id"] = [f"e{i:04d}" for i in range(1, len(events) + 1)]
    events["source_id"] = "s-" + events["date"].str[:4]
    events["locator"] = "events"
    events["quote"] = "[synthetic] " + events["description"]
    ladder_tab = ladder_tab.merge(events[["date", "type", "id"]], on=["date", "type"])
    return events, ladder_tab.rename(columns={"id": "event"})[["date", "event", "type", "stage"]]


def _finish_relations(rel, ladder_tab):
    """relations.csv: ``rel`` plus the ladder's formal ties (the external body to the council,
    at the event's date), sorted by date, numbered, sourced and quoted."""
    lad_rel = pd.DataFrame({
        "source": [_LADDER_ACTOR[t][0] for t in ladder_tab["type"]], "target": "council",
        "type": [_LADDER_ACTOR[t][1] for t in ladder_tab["type"]],
        "sign": [_LADDER_ACTOR[t][2] for t in ladder_tab["type"]], "start": ladder_tab["date"]})
    lad_rel["reported_by"] = lad_rel["source"]
    rel = pd.concat([rel, lad_rel], ignore_index=True)
    rel = rel.sort_values("start", kind="stable").reset_index(drop=True)
    n = len(rel)
    rel["id"] = [f"r{i:06d}" for i in range(1, n + 1)]
    rel["source_id"] = "s-" + rel["start"].str[:4]
    rel["locator"] = "para " + (np.arange(n) % 97 + 1).astype(str)
    rel["quote"] = ("[synthetic] " + rel["source"] + " " + rel["type"] + " " + rel["target"])
    rel["coder"] = "synth"
    rel["confidence"] = "high"
    return rel


def _sources(year_list):
    """sources.csv: one invented record per year, without a text copy."""
    return pd.DataFrame({"id": [f"s-{y}" for y in year_list],
                         "title": [f"Synthetic governance record {y}" for y in year_list],
                         "publisher": "govnet.synth", "date": year_list.astype(str),
                         "type": "report",
                         "notes": "Invented source of a synthetic case; quotes are synthetic."})


def _case_meta(case_id, year_list, sign_noise, seed):
    """case.yml of a synthetic case."""
    return {
        "id": case_id,
        "title": f"Synthetic council {case_id}",
        "council": f"Synthetic Council {case_id}",
        "period": {"start": str(year_list[0]), "end": str(year_list[-1])},
        "summary": ("An invented council generated by govnet.synth with planted camps "
                    f"(sign noise {sign_noise}), senior-officer churn and an oversight ladder; "
                    f"seed {seed}."),
        "coders": ["synth"],
        "licence": "CC0-1.0",
        "codebook_version": _codebook_version(),
        "synthetic": True,
    }


def _write_case(path, meta, tables):
    """Write case.yml and the tables (name -> frame) as the case format's CSV files."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "case.yml", "w", encoding="utf-8") as fh:
        yaml.safe_dump(meta, fh, sort_keys=False, allow_unicode=True)
    _write_tables(path, tables)


def _write_tables(path, tables):
    for name, df in tables.items():
        df.reindex(columns=_COLUMNS[name]).to_csv(path / f"{name}.csv", index=False,
                                                  lineterminator="\n")


# The planted eras story of synthetic_eras_case (2005-2012): oversight events (date, type).
_STORY_LADDER = [("2005-09", "peer-challenge"), ("2006-02", "inspection"),
                 ("2006-11", "proposed-directions"), ("2008-03", "directions"),
                 ("2010-03", "peer-challenge"), ("2012-06", "de-escalation")]
_STORY_FIXED = {"years", "start_year", "churn", "control_change", "ladder", "executive"}


def synthetic_eras_case(path, seed: int = 0, **kwargs):
    """Write a synthetic council (2005-2012) with a planted sequence of eras.

    A :func:`synthetic_case` with no random churn, control changing at the 2009 election and
    the oversight events of the story, into which the story is written:

    * the leader (A, the ruling party's leader from the open start) and the chief executive
      (X) break down from January to August 2007: X leaves in August; an interim chief
      executive (Y) arrives in September and works well with A (ties: A and X negative
      January-August 2007, A and Y positive September-December 2007, reported by each);
      Y is made permanent in January 2008 (the same person: no departure, no new era);
    * control changes at the May 2009 election and a new leader (B) takes over;
    * a mayor (M, of the ruling party) is elected in May 2011 mid-term and the leader post
      ends;
    * the ladder climbs (peer challenge 2005-09, inspection 2006-02, proposed directions
      2006-11) to statutory directions in 2008-03, which stay in force across a later peer
      challenge (2010-03) until the de-escalation of 2012-06.

    Parameters
    ----------
    path : str or pathlib.Path
        The case folder to write.
    seed : int
        Seed of :func:`synthetic_case`.
    **kwargs
        Passed to :func:`synthetic_case`, except ``years``, ``start_year``, ``churn``,
        ``control_change``, ``ladder`` and ``executive``, which the story fixes.

    Returns
    -------
    SyntheticTruth
        As :func:`synthetic_case` (its ``churn`` table is None: see ``departures``), with
        ``eras`` and ``departures`` planted.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     truth = synthetic_eras_case(pathlib.Path(tmp) / "eras-001")
    >>> truth.eras["start"].dt.strftime("%Y-%m").tolist()
    ['2005-01', '2005-09', '2006-02', '2006-11', '2007-09', '2008-03', '2009-05', '2011-05', '2012-06']
    """
    bad = sorted(_STORY_FIXED & set(kwargs))
    if bad:
        raise ParameterError(f"synthetic_eras_case fixes {bad}; leave them out")
    truth = synthetic_case(path, years=8, start_year=2005, churn=0.0, control_change=1.0,
                           ladder=_STORY_LADDER, executive="leader", seed=seed, **kwargs)
    t = {n: pd.read_csv(truth.path / f"{n}.csv", dtype=str, keep_default_na=False)
         for n in ("actors", "tenures", "relations", "events")}
    a_id, b_id, x_id, m_id, y_id = _story_cast(t["tenures"], t["actors"],
                                               truth.control["party"].iloc[-1])
    t["tenures"] = _story_tenures(t["tenures"], b_id, m_id, y_id)
    t["actors"] = pd.concat([t["actors"], pd.DataFrame([
        {"id": "mayor", "name": "Mayor", "kind": "post", "side": "member", "role": "mayor"},
        {"id": y_id, "name": f"Officer {y_id[8:]}", "kind": "person", "side": "officer",
         "role": "chief-executive"},
    ])], ignore_index=True).fillna("")
    t["relations"] = _story_relations(t["relations"], a_id, x_id, y_id)
    t["events"] = _story_rows(t["events"], "e", 4, [
        {"date": "2011-05", "type": "election", "description": "Mayoral election: a mayor is elected",
         "actors": "mayor;council", "quote": "[synthetic] Mayoral election"},
    ], source_id="s-{year}", locator="events")
    _write_tables(truth.path, t)
    truth.churn, truth.n_relations = None, len(t["relations"])
    truth.eras = _story_eras(a_id, b_id, m_id, x_id, y_id, list(truth.control["party"]))
    truth.departures = _story_departures(t["tenures"], a_id, b_id, x_id, y_id)
    return truth


def _story_cast(ten, act, ruling):
    """Ids of the story's leaders A and B, chief executives X and Y, and mayor M (a councillor of
    the ``ruling`` party without a post); Y is a new officer."""
    a_id, b_id = ten.loc[ten["post"] == "leader", "actor"].tolist()  # regimes 2005 and 2009
    x_id = ten.loc[ten["post"] == "chief-executive", "actor"].iloc[0]
    free = act[(act["party"] == ruling) & (act["kind"] == "person") & ~act["id"].isin(ten["actor"])]
    m_id = free["id"].iloc[0]
    y_id = f"officer-{int(act.loc[act['id'].str.startswith('officer-'), 'id'].str[8:].astype(int).max()) + 1:04d}"
    return a_id, b_id, x_id, m_id, y_id


def _story_tenures(ten, b_id, m_id, y_id):
    """Tenures of the story: B's leadership ends when M becomes mayor (2011-05); X leaves in
    2007-08 and Y follows, interim to 2007-12 and permanent from 2008-01."""
    ten.loc[ten["actor"] == b_id, "end"] = np.where(ten.loc[ten["actor"] == b_id, "post"] == "leader",
                                                    "2011-05", ten.loc[ten["actor"] == b_id, "end"])
    ten.loc[ten["post"] == "chief-executive", "end"] = "2007-08"
    return _story_rows(ten, "t", 5, [
        {"actor": y_id, "post": "chief-executive", "start": "2007-09", "end": "2007-12", "interim": "yes"},
        {"actor": y_id, "post": "chief-executive", "start": "2008-01", "end": "", "interim": "no"},
        {"actor": m_id, "post": "mayor", "start": "2011-05", "end": "", "interim": "no"},
    ], source_id="s-{year}", locator="appointments")


def _story_relations(rel, a_id, x_id, y_id):
    """Relations of the story: the leader post's 2012 formal ties pass to the mayor post; A and
    X are negative January-August 2007, A and Y positive September-December 2007."""
    ties = [(a_id, x_id, "distrust", -1, "2007-02"), (x_id, a_id, "criticism", -1, "2007-05"),
            (a_id, x_id, "conflict", -1, "2007-07"), (a_id, y_id, "trust", 1, "2007-10"),
            (y_id, a_id, "support", 1, "2007-11"), (a_id, y_id, "cooperation", 1, "2007-12")]
    for end in ("source", "target"):
        rel.loc[(rel[end] == "leader") & (rel["start"] == "2012"), end] = "mayor"
    return _story_rows(rel, "r", 6, [
        {"source": u, "target": v, "type": ty, "sign": str(sg), "start": d, "reported_by": u,
         "directed": "no" if ty in _UNDIRECTED else "yes", "coder": "synth", "confidence": "high",
         "quote": f"[synthetic] {u} {ty} {v}"} for u, v, ty, sg, d in ties
    ], source_id="s-{year}", locator="dyad")


def _story_rows(df, prefix, width, rows, source_id, locator):
    """``df`` with ``rows`` appended, numbered on from its last id, dated sources and locator."""
    new = pd.DataFrame(rows)
    date = new["start"] if "start" in new.columns else new["date"]
    new["source_id"] = [source_id.format(year=d[:4]) for d in date]
    new["locator"] = locator
    new["id"] = [f"{prefix}{len(df) + i + 1:0{width}d}" for i in range(len(new))]
    return pd.concat([df, new], ignore_index=True).fillna("")


def _story_eras(a_id, b_id, m_id, x_id, y_id, parties):
    """The eras planted by :func:`synthetic_eras_case` (worked out from the story)."""
    first, second = parties[0], parties[-1]
    rows = [("2005-01-01", a_id, x_id, first, 0), ("2005-09-01", a_id, x_id, first, 1),
            ("2006-02-01", a_id, x_id, first, 2), ("2006-11-01", a_id, x_id, first, 3),
            ("2007-09-01", a_id, y_id, first, 3), ("2008-03-01", a_id, y_id, first, 4),
            ("2009-05-01", b_id, y_id, second, 4), ("2011-05-01", m_id, y_id, second, 4),
            ("2012-06-01", m_id, y_id, second, 5)]
    out = pd.DataFrame(rows, columns=["start", "top_member", "chief_executive", "control",
                                      "ladder_stage"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = [*(out["start"].iloc[1:] - pd.Timedelta(days=1)), pd.Timestamp("2012-12-31")]
    out.insert(0, "era", range(1, len(out) + 1))
    return out[["era", "start", "end", "top_member", "chief_executive", "control", "ladder_stage"]]


def _story_departures(ten, a_id, b_id, x_id, y_id):
    """The departures planted: X (2007-08), A and the first cabinet (2009-05), B (2011-05)."""
    cab = ten[ten["post"].str.startswith("cabinet-member-")]
    first = cab[cab["end"] == "2009-05"].set_index("post")["actor"]
    after = cab[cab["start"] == "2009-05"].set_index("post")["actor"]
    rows = [("2007-08-31", "chief-executive", x_id, y_id), ("2009-05-31", "leader", a_id, b_id)]
    rows += [("2009-05-31", p, first[p], after[p]) for p in sorted(first.index)]
    rows += [("2011-05-31", "leader", b_id, pd.NA)]
    out = pd.DataFrame(rows, columns=["date", "post", "person", "successor"])
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["date", "post"], kind="stable").reset_index(drop=True)


_DEFAULT_CAMPS = {"executive": 0, "political-office": 0, "senior-officers": 1}


def _camp_map(camps):
    if camps is None:
        return dict(_DEFAULT_CAMPS)
    if not isinstance(camps, Mapping) or set(camps) - set(_DEFAULT_CAMPS):
        raise ParameterError(f"camps must map groups {sorted(_DEFAULT_CAMPS)} to 0 or 1, "
                             f"got {camps!r}")
    out = {**_DEFAULT_CAMPS, **camps}
    if set(out.values()) != {0, 1}:
        raise ParameterError(f"camps must use both camps 0 and 1, got {out!r}")
    return out


def _slug(text):
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _ranges(counts):
    """Concatenated aranges: [0..c0-1, 0..c1-1, ...] without a Python loop."""
    counts = np.asarray(counts, dtype=int)
    if counts.sum() == 0:
        return np.zeros(0, dtype=int)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(counts.sum()) - starts


def _relations(rng, year_list, people, heads, exec_posts, senior_posts, scrutiny_chair,
               sign_noise, informal_per_year):
    """Informal ties among the planted camps plus formal ties on posts, one frame."""
    n_years = len(year_list)
    # Active persons per year: tenure years [y_first, y_last]; political office always.
    rep = (people["y1"] - people["y0"] + 1).to_numpy()
    active = pd.DataFrame({"y": np.repeat(people["y0"].to_numpy(), rep) + _ranges(rep),
                           "person": np.repeat(people["person"].to_numpy(), rep),
                           "camp": np.repeat(people["camp"].to_numpy(), rep)})
    active = active.drop_duplicates(["y", "person"]).sort_values(["y", "person"],
                                                                 kind="stable")
    counts = active.groupby("y").size().reindex(range(n_years), fill_value=0).to_numpy()
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    m = int(informal_per_year) * n_years
    y = np.repeat(np.arange(n_years), int(informal_per_year))
    a = rng.integers(0, counts[y])
    b = rng.integers(0, counts[y] - 1)
    b = b + (b >= a)  # distinct pair in the same year
    pa = active["person"].to_numpy()[offsets[y] + a]
    pb = active["person"].to_numpy()[offsets[y] + b]
    ca = active["camp"].to_numpy()[offsets[y] + a]
    cb = active["camp"].to_numpy()[offsets[y] + b]
    sign = np.where(ca == cb, 1, -1)
    sign = np.where(rng.random(m) < sign_noise, -sign, sign)
    typ = np.where(sign > 0, _POSITIVE[rng.integers(0, len(_POSITIVE), m)],
                   _NEGATIVE[rng.integers(0, len(_NEGATIVE), m)])
    month = rng.integers(1, 13, m)
    informal = pd.DataFrame({"source": pa, "target": pb, "type": typ, "sign": sign,
                             "start": pd.Series(year_list[y]).astype(str) + "-"
                             + pd.Series(month).map("{:02d}".format)})
    informal["reported_by"] = informal["source"]

    # Formal ties on posts, one observation per year each (start = the year).
    ys = year_list.astype(str)
    leader = exec_posts[0][0]
    cabinet = [p[0] for p in exec_posts[1:]]
    directors = [p[0] for p in senior_posts[3:]]
    pairs = ([("chief-executive", d, "line-management") for d in directors]
             + [("chief-executive", "monitoring-officer", "line-management"),
                ("chief-executive", "chief-finance-officer", "line-management"),
                ("chief-executive", leader, "advice"),
                ("monitoring-officer", leader, "advice"),
                ("chief-finance-officer", leader, "advice")]
             + [(leader, c, "delegation") for c in cabinet]
             + [(scrutiny_chair, c, "scrutiny") for c in cabinet]
             + list(zip(heads["director"], heads["id"], ["line-management"] * len(heads),
                        strict=True)))
    fp = pd.DataFrame(pairs, columns=["source", "target", "type"])
    formal = pd.DataFrame({"source": np.tile(fp["source"].to_numpy(), n_years),
                           "target": np.tile(fp["target"].to_numpy(), n_years),
                           "type": np.tile(fp["type"].to_numpy(), n_years),
                           "sign": 0, "start": np.repeat(ys, len(fp))})
    formal["reported_by"] = "council"
    rel = pd.concat([informal, formal], ignore_index=True)
    rel["directed"] = np.where(rel["type"].isin(list(_UNDIRECTED)), "no", "yes")
    return rel


def _ladder(rng, ladder, year_list):
    stages = {"peer-challenge": 1, "review": 2, "inspection": 2, "proposed-directions": 3,
              "directions": 4, "de-escalation": 5}
    if ladder is None:
        rows = []
    elif isinstance(ladder, str):
        if ladder != "random":
            raise ParameterError(f"ladder must be 'random', a list or None, got {ladder!r}")
        y0 = int(year_list[0] + rng.integers(0, max(1, len(year_list) - 2)))
        rows = [(f"{y0 + dy}-{mo:02d}", t) for t, dy, mo, _ in _LADDER
                if y0 + dy <= year_list[-1]]
    else:
        rows = [(str(d), str(t)) for d, t in ladder]
        bad = [t for _, t in rows if t not in stages]
        if bad:
            raise ParameterError(f"ladder event types must be ladder types {sorted(stages)}, "
                                 f"got {bad}")
    df = pd.DataFrame(rows, columns=["date", "type"])
    df["stage"] = df["type"].map(stages).astype(int)
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def synthetic_corpus(path, n_cases: int = 300, *, years: int = 20, seed: int = 0,
                     progress: bool = True, **kwargs):
    """Write ``n_cases`` synthetic councils into ``path`` (one folder per case).

    Case ``i`` is ``synthetic_case(path / f"synthetic-{i:03d}", years=years,
    seed=seed * 100_003 + i, **kwargs)``; the leader/mayor model alternates (every third
    council has a directly elected mayor) unless ``executive`` is given. With the defaults,
    300 councils × 20 years give about 1M relation rows.

    Parameters
    ----------
    path : str or pathlib.Path
        Folder to hold the case folders (created).
    n_cases : int
        Number of councils.
    years : int, keyword-only
        Years per case.
    seed : int, keyword-only
        Base seed; each case gets its own derived seed.
    progress : bool, keyword-only
        Show a tqdm progress bar.
    **kwargs
        Passed to :func:`synthetic_case`.

    Returns
    -------
    dict
        Case id -> :class:`SyntheticTruth`, sorted by id.

    Examples
    --------
    >>> import tempfile
    >>> from govnet.synth import synthetic_corpus
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     truths = synthetic_corpus(tmp, 3, years=4, progress=False)
    >>> sorted(truths)
    ['synthetic-000', 'synthetic-001', 'synthetic-002']
    """
    from tqdm.auto import tqdm

    if int(n_cases) < 1:
        raise ParameterError(f"n_cases must be at least 1, got {n_cases!r}")
    path = pathlib.Path(path)
    path.mkdir(parents=True, exist_ok=True)
    out = {}
    for i in tqdm(range(int(n_cases)), desc="synthetic cases", unit="case", disable=not progress):
        kw = dict(kwargs)
        kw.setdefault("executive", "mayor" if i % 3 == 2 else "leader")
        cid = f"synthetic-{i:03d}"
        out[cid] = synthetic_case(path / cid, years=years, seed=seed * 100_003 + i, **kw)
    return out
