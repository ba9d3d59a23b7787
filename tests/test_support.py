"""How much each finding rests on (issue 17 item 6): govnet.support, thin marks, intervals."""

import pytest
from test_graph import ACTORS, TENURES, hand_case

import govnet
from govnet import report
from govnet.exceptions import ParameterError


def _case(rows, sources):
    c = hand_case(ACTORS, rows, TENURES)
    c.relations["source_id"] = sources
    return c


def test_clopper_pearson_against_published_values():
    # SciPy's documentation of BinomTestResult.proportion_ci: binomtest(k=7, n=50) gives
    # ConfidenceInterval(low=0.05819170033997342, high=0.26739600249700846).
    lo, hi = govnet.binomial_interval(7, 50)
    assert lo == pytest.approx(0.05819170033997342, abs=1e-12)
    assert hi == pytest.approx(0.26739600249700846, abs=1e-12)
    # Clopper & Pearson's bound for k = 0: upper = 1 - (alpha/2)^(1/n); n = 10 -> 0.308497
    assert govnet.binomial_interval(0, 10) == (0.0, pytest.approx(1 - 0.025 ** 0.1))
    assert govnet.binomial_interval(0, 0) == (None, None)
    with pytest.raises(ParameterError):
        govnet.binomial_interval(3, 2)


def test_a_quote_split_into_three_rows_from_one_reporter_is_thin():
    # L -> D in 2020: one quote of reporter X (source s1) coded as three rows. One tie, three
    # rows, one independent observation, one reporter -> thin.
    rows = [(f"q{i}", "L", "D", "distrust", -1, "2020", None, "X") for i in range(3)]
    c = _case(rows, ["s1"] * 3)
    s = govnet.support(c, govnet.case_graph(c, at="2020"), "climate")
    assert (s["value"], s["n_ties"], s["n_observations"], s["n_independent"]) == (-1.0, 1, 3, 1)
    assert (s["reporters"], s["sources"], s["thin"]) == (["X"], ["s1"], True)
    assert govnet.thin_note(s) == " (thin: rests on 1 observation from one reporter)"


def test_three_reporters_three_sources_is_not_thin_and_the_bootstrap_is_exact():
    # Three member -> officer ties each from its own reporter and source, all -1: 3
    # independent observations from 3 reporters -> not thin; every resample gives -1.
    rows = [("a", "L", "D", "distrust", -1, "2020", None, "X"),
            ("b", "C", "D", "distrust", -1, "2020", None, "B"),
            ("c", "B", "D", "distrust", -1, "2020", None, "C")]
    c = _case(rows, ["s1", "s2", "s3"])
    s = govnet.support(c, govnet.case_graph(c, at="2020"), "climate")
    assert (s["n_independent"], s["thin"], s["ci_low"], s["ci_high"]) == (3, False, -1.0, -1.0)
    assert s["sources"] == ["s1", "s2", "s3"] and s["reporters"] == ["B", "C", "X"]


def test_bootstrap_interval_of_a_mixed_climate():
    # L -> D +1 (X, s1), C -> D -1 (B, s2): climate 0. Resampling 2 observations: both drawn
    # (prob 1/2) -> 0, only the first (1/4) -> +1, only the second (1/4) -> -1; the 2.5% and
    # 97.5% percentiles are -1 and +1. The same seed gives the same interval.
    rows = [("a", "L", "D", "trust", 1, "2020", None, "X"),
            ("b", "C", "D", "distrust", -1, "2020", None, "B")]
    c = _case(rows, ["s1", "s2"])
    G = govnet.case_graph(c, at="2020")
    s = govnet.support(c, G, "climate", seed=3)
    assert (s["value"], s["ci_low"], s["ci_high"]) == (0.0, -1.0, 1.0)
    assert s == govnet.support(c, G, "climate", seed=3)
    assert s["thin"]  # two independent observations


def test_key_dyad_support_with_a_clopper_pearson_share():
    # 2020: the CE post resolves to P1. Votes: L -> P1 by X (s1) -1 and by B (s3) +1 (edge
    # sign 0); P1 -> L by C (s2) -1. Mean of the two ties (0 + -1)/2 = -0.5. Positive votes
    # 1 of 3 signed: exact interval lower 1 - 0.975^(1/3) = 0.008403, upper 0.905700
    # (solving (1-p)^3 + 3p(1-p)^2 = 0.025).
    rows = [("a", "L", "CE", "distrust", -1, "2020", None, "X"),
            ("b", "CE", "L", "criticism", -1, "2020", None, "C"),
            ("c", "L", "CE", "trust", 1, "2020", None, "B")]
    c = _case(rows, ["s1", "s2", "s3"])
    s = govnet.support(c, govnet.case_graph(c, at="2020"), "key_dyad")
    assert (s["a"], s["b"], s["value"], s["n_ties"]) == ("L", "P1", -0.5, 2)
    assert s["ci_low"] == pytest.approx(1 - 0.975 ** (1 / 3)) and s["ci_high"] == pytest.approx(0.9057, abs=1e-4)
    assert (s["n_independent"], s["thin"]) == (3, False)


def test_key_findings_mark_thin_findings():
    r = {"snapshots": [
        {"date": "2004", "climate": {"interface": 1.0, "interface_ties": 1},
         "support": {"climate": {"thin": True, "n_observations": 1, "n_independent": 1,
                                 "reporters": ["spokesman"]}}},
        {"date": "2024", "climate": {"interface": -1.0, "interface_ties": 7},
         "support": {"climate": {"thin": False, "n_observations": 9, "n_independent": 8,
                                 "reporters": ["a", "b"]}}}]}
    text = report.key_findings(r)
    assert ("2004 +1.00 (positive, 1 tie) (thin: rests on 1 observation from one reporter) → "
            "2024 -1.00 (negative, 7 ties).") in text
    r["snapshots"][1]["support"]["climate"].update(ci_low=-1.0, ci_high=-0.5)
    lines = report.case_narrative(r, "climate").splitlines()
    assert "+1.00 (positive) over 1 tie (thin: rests on 1 observation from one reporter)" in lines[0]
    assert "-1.00 (negative) over 7 ties (95% bootstrap interval -1.00 to -0.50) (" in lines[1]


def test_headline_results_carry_support_and_the_cross_case_summary_the_period():
    case = govnet.datasets.example_case()
    r = report.headline_results(case, dates=["2021", "2022"])
    sup = r["snapshots"][0]["support"]
    assert set(sup) == {"climate", "cascade", "key_dyad", "camps"}
    assert {"n_ties", "n_observations", "reporters", "sources", "ci_low", "ci_high", "thin"} <= set(sup["climate"])
    assert set(r["support"]) == {"ladder", "churn"}
    path = govnet.period_summary(r)["climate_path"]
    assert path.startswith("2021 ") and " → 2022 " in path  # every snapshot, not the last alone


def test_bad_input():
    case = govnet.datasets.example_case()
    with pytest.raises(ParameterError, match="finding"):
        govnet.support(case, case.graph(), "mood")
    with pytest.raises(ParameterError, match="aggregated"):
        govnet.support(case, None, "climate")
