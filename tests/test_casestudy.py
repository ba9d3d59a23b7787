"""govnet.report: escaping of data text in narratives, and which report folders count as cases."""

import json

from govnet import report


def test_narratives_escape_text_from_the_data():
    evil = "<script>alert(1)</script>"
    r = {
        "case": {"title": evil, "council": "A & B", "period": {"start": "2021", "end": "2022"}},
        "counts": {"sources": 1, "actors": 2, "tenures": 0, "relations": 1, "events": 0,
                   "actors_by_kind": {"person": 2}, "relations_by_layer": {"informal": 1}},
        "perception": {"pairs_with_several_accounts": 1, "pairs_in_disagreement": 1,
                       "disagreements": [
                           {"source_name": evil, "target_name": "B", "reporter_name": "X", "sign": -1},
                           {"source_name": evil, "target_name": "B", "reporter_name": "Y", "sign": 1}]},
        "power": {"centralization": 0.5, "formal_ties_nodes": 2, "most_central_names": [evil],
                  "top_brokers": [{"name": evil, "total": 3}]},
    }
    for section in ("case", "perception", "power"):
        text = report.case_narrative(r, section)
        assert "<script>" not in text and r"&lt;script&gt;alert\(1\)&lt;/script&gt;" in text
    assert "A &amp; B" in report.case_narrative(r, "case")


def test_churn_narrative_reports_departure_events():
    # worked by hand: no tenure departures, reported departures 2 in 2023 and 1 in 2024,
    # an interim holder in 2024
    ch = [{"year": 2021, "departures": 0, "departure_events": 0, "interim_posts": 0},
          {"year": 2022, "departures": 0, "departure_events": 0, "interim_posts": 0},
          {"year": 2023, "departures": 0, "departure_events": 2, "interim_posts": 0},
          {"year": 2024, "departures": 0, "departure_events": 1, "interim_posts": 1}]
    text = report.case_narrative({"churn": ch}, "churn")
    assert "3 times" in text and "2023 (2), 2024 (1)" in text and "none before 2023" in text
    assert "Interim holders of key posts appear in 2024" in text
    assert report.case_narrative({"churn": ch[:2]}, "churn").startswith("No departures")


def test_load_results_skips_cross_case_hidden_and_partial_folders(tmp_path):
    for name, cid in [("a", "a"), ("cross-case", "cross"), (".b.partial", "b"), ("c.partial", "c"),
                      (".hidden", "h")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "results.json").write_text(json.dumps({"case": {"id": cid}}))
    (tmp_path / "notes").mkdir()  # a folder without results.json
    assert list(report.load_results(tmp_path)) == ["a"]


def test_key_findings_of_tower_hamlets_show_the_change_the_camps_and_the_ladder():
    import govnet

    case = govnet.load_case("tower-hamlets")
    res = report.headline_results(case, dates=["2021", "2023", "2024"], n_null=20)
    text = report.key_findings(res, dict(zip(case.actors["id"], case.actors["name"], strict=True)))
    climate = next(line for line in text.splitlines() if "Interface climate" in line)
    assert climate.index("2021 +") < climate.index("2023 ") < climate.index("2024 -")
    assert "peer challenge (2023) → review or inspection (2024) → proposed directions (2024-11-12)" in text
    camps = next(line for line in text.splitlines() if line.startswith("<li><strong>Camps in 2024"))
    a, b = camps.split("camp B:")
    assert "Mayor of Tower Hamlets" in a and "The Mayor's Office" not in camps  # escaped HTML
    assert ("The Mayor&#x27;s Office" in a) and ("Corporate Leadership Team" in b)


def test_snapshots_are_eras_by_default_years_or_dates_on_request():
    import govnet

    case = govnet.load_case("waltham-forest")
    # govnet.eras: the review of 2002-12 (ladder stage 2) opens the second era; period 2002-2004
    s = report.snapshots(case)
    assert s.values.tolist() == [
        ["2002-01-01/2002-11-30", "Buckley–White, to 2002-11", "2002-01-01", "2002-11-30"],
        ["2002-12-01/2004-12-31", "Buckley–White, from 2002-12", "2002-12-01", "2004-12-31"]]
    years = ["2002", "2003", "2004"]
    assert report.snapshot_dates(case, "years") == report.snapshot_dates(case, ["years"]) == years
    assert report.snapshot_dates(case, 2003) == ["2003"]  # papermill -p dates 2003 gives an int
    assert report.snapshot_dates(case, "2004,2003-05") == ["2003-05", "2004"]
    res = report.headline_results(case, n_null=20)
    assert [x["label"] for x in res["snapshots"]] == s["label"].tolist()
    assert res["dates"] == s["date"].tolist()


def test_key_findings_give_the_key_dyad_per_era_with_evidence_links_and_escape_the_data():
    import govnet

    case = govnet.load_case("waltham-forest")
    dates = report.snapshot_dates(case)
    graphs = {d: case.graph(at=d) for d in dates}
    res = report.headline_results(case, graphs=graphs, n_null=20)
    names = dict(zip(case.actors["id"], case.actors["name"], strict=True))
    names = {k: v.replace("Buckley", "<b>Buckley</b>") for k, v in names.items()}
    text = report.key_findings(res, names, graphs)
    dyad = next(line for line in text.splitlines() if "Key dyad" in line)
    assert "<b>" not in dyad and "&lt;b&gt;Buckley&lt;/b&gt;" in dyad
    for d, s in zip(dates, res["snapshots"], strict=True):
        k = s["support"]["key_dyad"]
        pair = {(k["a"], k["b"]), (k["b"], k["a"])}
        ids = govnet.page.tie_observations(graphs[d], lambda u, v, _, p=pair: (u, v) in p)
        assert s["label"] in dyad and ids and govnet.page.evidence_links(ids) in dyad
    assert "tie(s)" not in text and "time(s)" not in text


def test_methods_notes_come_from_govnet_constants():
    import govnet

    text = report.methods_notes()
    assert f"at least {govnet.MIN_INDEPENDENT} independent observations" in text
    assert f"{govnet.N_NULL} sign shufflings" in text and f"{govnet.MIN_COVERAGE:.0%}" in text
    assert all(rule in text for rule in govnet.RULES.values())
    assert ":func:" not in text and "``" not in text


def test_contested_accounts_link_the_disagreeing_observations_in_relations_order():
    # worked by hand: one tie, two reporters disagreeing, on r10 and r9 (and r9 again): the
    # finding links r9 then r10 (relations.csv numbering, each once), in one sentence
    r = {"perception": {"pairs_with_several_accounts": 1, "pairs_in_disagreement": 1,
                        "disagreements": [{"observations": ["r10", "r9"]}, {"observations": ["r9"]}]}}
    text = report.key_findings(r)
    assert ("1 tie is reported by more than one source; they disagree in sign on 1. "
            '<span class="gv-evidence-links">evidence: <a href="#obs-r9">r9</a>, '
            '<a href="#obs-r10">r10</a></span>') in text
