"""govnet.suggest / `govnet suggest`: candidate relations from a source's text."""

import shutil

import pandas as pd
import pytest

import govnet
from govnet.cli import main
from govnet.validate import validate_case

# An invented text for the invented example case (source date 2023-01: Cllr Ada Jones is
# leader from 2021-05, Pat Reed chief executive from 2022-07; tenures t2, t4).
TEXT = """The Leader criticised the chief executive in public.

There is no lack of trust between Cllr Cara Lee and Pat Reede.

The relationship between the cabinet and staff is not working well.

Cllr Ben Khan may support the ministry.

The chief executive was criticised by the inspectors. They blamed Cllr Ben Khan.

Cllr Ben Khan met the peer challenge team. They praised each other.

The inspectors have found that the Leader criticised staff.

"The cabinet ignored staff."

The cabinet backed staff.

Cllr Cara Lee and Sam Patel spoke. Their mutual distrust affects staff.

The Leader's team pressured staff.

Jo Smith had backed Cllr Ben Khan.

Cllr Ada Jones, who chairs the cabinet, said: "We trust staff."

"I trust the inspectors."

Pat Reed met Sam Patel. The meeting was short. Staff say the two men distrust each other.

He praised the cabinet.

There are weaknesses in relationships between the cabinet and staff.

The cabinet has good working relationships with staff.

Pat Reed met the inspectors. They blamed him.
"""


@pytest.fixture
def case(tmp_path):
    dst = tmp_path / "example"
    shutil.copytree(govnet.datasets.example_path(), dst)
    actors = (dst / "actors.csv").read_text(encoding="utf-8")
    old = "leaders-office,The leader's office,group,officer,political-office,,,2021-05,,,"
    assert old in actors
    (dst / "actors.csv").write_text(actors.replace(old, old[:-1] + "the Leader\u2019s team,"),
                                    encoding="utf-8")
    doc = tmp_path / "gazette.txt"
    doc.write_text(TEXT)
    govnet.add_source(dst, doc, id="s2", date="2023-01", type="news", publisher="Example Gazette")
    return dst


def _get(c, source, target, locator):
    hit = c[(c["source"] == source) & (c["target"] == target) & (c["locator"] == locator)]
    assert len(hit) == 1, c[["source", "target", "locator"]]
    return hit.iloc[0]


def test_candidates_worked_by_hand(case):
    c = govnet.suggest(case, "s2")
    assert set(c["status"]) == {"candidate"} and list(c["id"][:2]) == ["s2-c001", "s2-c002"]
    assert set(c["start"]) == {"2023-01"}
    assert set(c.loc[c["locator"].isin(["para 1", "para 2", "para 3", "para 4"]), "reported_by"]) == {"gazette"}
    # para 1: role phrases -> the posts, kept as the codebook asks; holders in the notes
    r = _get(c, "leader", "chief-executive", "para 1")
    assert (r["type"], r["sign"], r["cue"]) == ("criticism", "-1", "criticised")
    assert r["quote"] == "The Leader criticised the chief executive in public."
    assert "leader = cllr-ada-jones" in r["notes"] and "chief-executive = pat-reed" in r["notes"]
    # para 2: negated distrust cue is trust; "Pat Reede" is a spelling variant of Pat Reed
    r = _get(c, "cllr-cara-lee", "pat-reed", "para 2")
    assert (r["type"], r["sign"], r["cue"]) == ("trust", "1", "not lack of trust")
    assert "spelling variant" in r["notes"]
    # para 3: "not working well" reverses cooperation; the weak cue "relationship" is not used
    r = _get(c, "cabinet", "staff", "para 3")
    assert (r["type"], r["sign"], r["cue"]) == ("cooperation", "-1", "not working well")
    # para 11: the alias "the Leader\u2019s team" (typographic apostrophe, set in the fixture)
    # matches "the Leader's team", and as the longer match beats the role phrase "the leader"
    r = _get(c, "leaders-office", "staff", "para 11")
    assert (r["type"], r["sign"]) == ("pressure", "-1")
    # para 12: Jo Smith's actor ends 2022-06, before the source (2023-01): the notes say so
    assert "jo-smith does not exist at 2023-01" in _get(c, "jo-smith", "cllr-ben-khan", "para 12")["notes"]
    # para 4: hedged -> low confidence and a lower score than the same cue unhedged would get
    r = _get(c, "cllr-ben-khan", "ministry", "para 4")
    assert (r["type"], r["sign"], r["confidence"]) == ("support", "1", "low")
    assert r["score"] == pytest.approx(0.75)  # cue between the two (distance 0): 1 x 0.75


def test_passive_and_pronoun_references(case):
    c = govnet.suggest(case, "s2")
    # "was criticised by the inspectors": the inspectors are the source
    r = _get(c, "inspectors", "chief-executive", "para 5")
    assert r["quote"] == "The chief executive was criticised by the inspectors."
    # "They blamed Cllr Ben Khan.": a plural pronoun is the first group or organisation of
    # the sentence before (the chief executive is a post: one person), at the pronoun's place
    they = c[(c["quote"] == "They blamed Cllr Ben Khan.")]
    assert list(zip(they["source"], they["target"], they["type"], strict=True)) == [
        ("inspectors", "cllr-ben-khan", "criticism")]
    assert all("inspectors not named here" in n for n in they["notes"])
    # "They praised each other.": no actor of its own -> the pair of the sentence before
    r = c[c["quote"] == "They praised each other."].iloc[0]
    assert {r["source"], r["target"]} == {"cllr-ben-khan", "peer-team"} and r["type"] == "support"
    # "Their mutual distrust affects staff.": reciprocal, so the two actors of the sentence
    # before are paired with each other too, besides each with the sentence's own "staff"
    mutual = c[c["quote"] == "Their mutual distrust affects staff."]
    assert {frozenset(p) for p in zip(mutual["source"], mutual["target"], strict=True)} == {
        frozenset(p) for p in [("cllr-cara-lee", "sam-patel"), ("staff", "cllr-cara-lee"),
                               ("staff", "sam-patel")]}
    assert set(mutual["type"]) == {"distrust"}


def test_the_speaker_is_the_reporter(case):
    c = govnet.suggest(case, "s2")
    # "The inspectors have found ...": the inspectors' account, in this sentence and in the
    # next paragraph, which opens with a quotation mark; then the publisher's again
    assert _get(c, "leader", "staff", "para 7")["reported_by"] == "inspectors"
    r = _get(c, "cabinet", "staff", "para 8")
    assert (r["reported_by"], r["type"]) == ("inspectors", "disregard")
    assert _get(c, "cabinet", "staff", "para 9")["reported_by"] == "gazette"


def test_accepted_candidates_validate_unchanged(case):
    c = govnet.suggest(case, "s2")
    # the coder's filter: a type, and no note asking to date the tie (Jo Smith, para 12)
    top = c[(c["type"] != "") & ~c["notes"].str.contains("date the tie")].nlargest(8, "score")
    rel = pd.read_csv(case / "relations.csv", dtype=str, keep_default_na=False)
    pasted = pd.concat([rel, top[rel.columns].astype(str)], ignore_index=True)
    pasted.to_csv(case / "relations.csv", index=False)
    errors, _ = validate_case(case)
    assert errors.empty, errors


def test_no_text_copy_and_unknown_source(case):
    with pytest.raises(govnet.ParameterError, match="no source 's9'"):
        govnet.suggest(case, "s9")


def test_a_case_cue_lexicon_replaces_the_shipped_one(case):
    (case / "cues.yml").write_text("cues:\n  - {type: conflict, phrases: [criticised]}\n")
    r = _get(govnet.suggest(case, "s2"), "leader", "chief-executive", "para 1")
    assert (r["type"], r["sign"]) == ("conflict", "-1")
    (case / "cues.yml").write_text("cues:\n  - {type: quarrel, phrases: [criticised]}\n")
    with pytest.raises(govnet.ParameterError, match="'quarrel' is not a codebook relation type"):
        govnet.suggest(case, "s2")


def test_sentences_split_by_rules():
    t = 'He said: "It is over." Mr. White left at 5 p.m. on 6 May. No. 10 agreed! Fine.'
    got = [t[a:b] for a, b in govnet.split_sentences(t)]
    assert got == ['He said: "It is over."', "Mr. White left at 5 p.m. on 6 May.",
                   "No. 10 agreed!", "Fine."]


def test_founding_sources_quotes_stand_in_their_texts():
    """Every candidate quote of a founding source is a sentence of its text copy."""
    from govnet.validate import _norm

    case = govnet.load_case("tower-hamlets")
    text = _norm((case.path / case.sources.set_index("id").loc["s004", "file"]).read_text())
    c = govnet.suggest(case, "s004")
    assert len(c) and all(_norm(q) in text for q in c["quote"])


def test_cli_suggest(case, tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    assert main(["suggest", str(case), "s2", "--out", str(out), "--min-score", "0.5"]) == 0
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(got.columns[-3:]) == ["score", "cue", "status"] and len(got)
    assert (got["score"].astype(float) >= 0.5).all()
    assert main(["suggest", str(case), "nope"]) == 2  # could not run
    assert "no source 'nope'" in capsys.readouterr().err


def test_shipped_lexicon_uses_codebook_terms():
    """Every type, opposite and role of the shipped cues.yml is in the shipped codebook."""
    cues, cb = govnet.load_cues(), govnet.load_codebook()
    types = {c["type"] for c in cues["cues"]} | set(cues["opposites"]) | set(cues["opposites"].values())
    assert types <= set(cb.relation_types.index)
    assert set(cues["role_phrases"]) <= set(cb.roles.index)
    assert all(isinstance(w, str) for k in ("negators", "hedges", "singular_references", "plural_references",
                          "reciprocals", "first_person") for w in cues[k])


def test_speakers_first_person_and_references_back(case):
    c = govnet.suggest(case, "s2")
    # para 13: "Cllr Ada Jones, who chairs the cabinet, said": the name before the appositive
    # clause is the speaker, not "the cabinet" just before "said"
    assert set(c.loc[c["locator"] == "para 13", "reported_by"]) == {"cllr-ada-jones"}
    # para 14 opens with a quotation mark: still Cllr Ada Jones speaking, and "I" is she
    r = _get(c, "cllr-ada-jones", "inspectors", "para 14")
    assert (r["type"], r["sign"], r["reported_by"]) == ("trust", "1", "cllr-ada-jones")
    # para 15: "the two men" reaches back two sentences to the last one naming two persons;
    # the pair, and each with the sentence's own actor (staff, the speaker): 3 candidates
    s3 = c[c["quote"] == "Staff say the two men distrust each other."]
    assert {frozenset(p) for p in zip(s3["source"], s3["target"], strict=True)} == {
        frozenset(p) for p in [("pat-reed", "sam-patel"), ("staff", "pat-reed"),
                               ("staff", "sam-patel")]}
    assert set(s3["type"]) == {"distrust"} and set(s3["reported_by"]) == {"staff"}
    # para 16: "He" is the person named last (Sam Patel, para 15): Sam Patel -> the cabinet
    r = _get(c, "sam-patel", "cabinet", "para 16")
    assert (r["type"], r["sign"]) == ("support", "1")


def test_modifiers_give_a_weak_cue_its_sign(case):
    c = govnet.suggest(case, "s2")
    r = _get(c, "cabinet", "staff", "para 17")  # "weaknesses in relationships"
    assert (r["type"], r["sign"], r["cue"]) == ("cooperation", "-1", "weaknesses in relationships")
    r = _get(c, "cabinet", "staff", "para 18")  # "good working relationships"
    assert (r["type"], r["sign"], r["cue"]) == ("cooperation", "1", "good working relationships")


def test_a_lexicon_with_the_old_references_list_still_works(case):
    """An older cues.yml had one `references` list of pronoun-like words: read as plural ones."""
    cues = govnet.load_cues()
    for k in ("singular_references", "plural_references"):
        del cues[k]
    cues["references"] = ["they"]
    c = govnet.suggest(case, "s2", cues=cues)
    they = c[(c["quote"] == "They blamed Cllr Ben Khan.")]
    assert list(zip(they["source"], they["target"], strict=True)) == [("inspectors", "cllr-ben-khan")]


def test_progress_bar_is_optional_and_changes_nothing(case, capsys):
    quiet = govnet.suggest(case, "s2")
    shown = govnet.suggest(case, "s2", progress=True)
    pd.testing.assert_frame_equal(quiet, shown)
    # tqdm's disable=None: no bar when standard error is not a terminal (as under pytest)
    assert "sentence" not in capsys.readouterr().err


def test_a_sentence_naming_no_actor_pairs_the_actors_it_refers_to(case):
    # "They blamed him.": they = the first organisation of the sentence before (the
    # inspectors), him = the person named last (Pat Reed); "They" comes first: the source
    c = govnet.suggest(case, "s2")
    r = c[c["quote"] == "They blamed him."]
    assert list(zip(r["source"], r["target"], r["type"], strict=True)) == [
        ("inspectors", "pat-reed", "criticism")]
