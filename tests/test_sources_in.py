"""govnet.add_source / `govnet add-source`: text copies of .txt, .html and .pdf documents."""

import shutil

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

import govnet  # noqa: E402
from govnet.cli import main  # noqa: E402
from govnet.validate import validate_case  # noqa: E402

HTML = """<!doctype html><html><head><title>Council  news: the rift</title>
<style>p {color: red}</style><script>var menu = "Home";</script></head><body>
<header><a href="/">Home</a> | <a href="/news">News</a></header>
<nav><ul><li>Sport</li><li>Weather</li></ul></nav>
<div role="navigation">Skip to content</div>
<main><article><h1>Leader and chief executive at odds</h1>
<p>The Leader criticised the
   chief executive on Tuesday.</p>
<p>Officers said they&rsquo;d &ldquo;never&rdquo; seen it.<br>A second line.</p>
<aside>Related: cat stuck in tree</aside></article></main>
<footer>&copy; Gazette 2023. Cookie policy.</footer></body></html>"""


@pytest.fixture
def case(tmp_path):
    dst = tmp_path / "example"
    shutil.copytree(govnet.datasets.example_path(), dst)
    return dst


def _pdf(path, pages):
    """A PDF of text lines, one page per list; "" leaves a blank line (a paragraph gap)."""
    with PdfPages(path) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines):
                if line:
                    fig.text(0.1, 0.9 - 0.03 * i, line, fontsize=11)
            pdf.savefig(fig)
            plt.close(fig)


def test_txt_numbers_paragraphs_and_appends_the_row(case, tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_bytes("\ufeffFirst  para\r\ngoes on.\r\n\r\n\r\nSecond\u00a0one \u00adhere.\r\n".encode())
    before = (case / "sources.csv").read_text()
    row = govnet.add_source(case, doc, date="2023-02", type="minutes", publisher="Example Gazette")
    # the example's only source is s1, so the next free sNNN is s002
    assert row["id"] == "s002" and row["file"] == "sources/s002.txt" and row["title"] == "notes"
    text = (case / "sources" / "s002.txt").read_text()
    assert text == "First para goes on.\n\nSecond one here.\n"
    assert govnet.read_paragraphs(text) == [("para 1", "First para goes on."),
                                            ("para 2", "Second one here.")]
    after = (case / "sources.csv").read_text()
    assert after.startswith(before) and after[len(before):].startswith("s002,notes,Example Gazette")
    errors, _ = validate_case(case)
    assert errors.empty


def test_keeps_the_byte_order_mark_and_line_ends_of_sources_csv(case, tmp_path):
    csv_path = case / "sources.csv"
    old = b"\xef\xbb\xbf" + csv_path.read_bytes().replace(b"\n", b"\r\n")
    csv_path.write_bytes(old)  # as Excel saves "CSV UTF-8"
    doc = tmp_path / "a.txt"
    doc.write_text("A spaced dash -\nthen a hyphen-\nated word.\n")
    row = govnet.add_source(case, doc, date="2023", title="Dash, and hyphen")
    new = csv_path.read_bytes()
    assert new.startswith(old) and new[len(old):] == b's002,"Dash, and hyphen",,,2023,report,,sources/s002.txt,\r\n'
    # a spaced dash at a line end is not a hyphenated word
    assert (case / row["file"]).read_text() == "A spaced dash - then a hyphen-ated word.\n"
    assert validate_case(case)[0].empty
    with pytest.raises(govnet.ParameterError, match="no such case folder"):
        govnet.add_source(tmp_path / "nope", doc, date="2023")


def test_never_overwrites(case, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Text.\n")
    with pytest.raises(govnet.ParameterError, match="used already"):
        govnet.add_source(case, doc, id="s1", date="2023")
    (case / "sources" / "s009.txt").write_text("someone else's\n")
    before = (case / "sources.csv").read_bytes()
    with pytest.raises(govnet.ParameterError, match="exists already"):
        govnet.add_source(case, doc, id="s009", date="2023")
    assert (case / "sources.csv").read_bytes() == before
    assert (case / "sources" / "s009.txt").read_text() == "someone else's\n"
    assert not list((case / "sources").glob(".tmp-*"))


@pytest.mark.parametrize("kwargs, match", [
    ({"date": None}, "date is required"), ({"date": "May 2023"}, "not a date"),
    ({"date": "2023", "type": "blog"}, "not a codebook source type"),
    ({"date": "2023", "id": "S 1"}, "lower case")])
def test_bad_arguments(case, tmp_path, kwargs, match):
    doc = tmp_path / "a.txt"
    doc.write_text("Text.\n")
    with pytest.raises(govnet.ParameterError, match=match):
        govnet.add_source(case, doc, **kwargs)


def test_html_drops_navigation_clutter(case, tmp_path):
    doc = tmp_path / "page.html"
    doc.write_text(HTML, encoding="utf-8")
    row = govnet.add_source(case, doc, date="2023-03-07")
    assert row["type"] == "web" and row["title"] == "Council news: the rift"
    paras = [p for _, p in govnet.read_paragraphs((case / row["file"]).read_text())]
    # h1, two <p> (the second split at <br>); no header, nav, role=navigation, aside, footer
    assert paras == ["Leader and chief executive at odds",
                     "The Leader criticised the chief executive on Tuesday.",
                     "Officers said they\u2019d \u201cnever\u201d seen it.", "A second line."]


def test_two_page_pdf_keeps_pages_and_quotes_verify(case, tmp_path):
    doc = tmp_path / "report.pdf"
    _pdf(doc, [["The Leader criticised the chief", "executive in public.", "",
                "Officers welcomed the review."],
               ["Page two starts here.", "", "", "Staff trust the cabinet."]])
    row = govnet.add_source(case, doc, date="2023-05", type="inspection-report",
                            publisher="The inspectors")  # an actor: the reporter
    text = (case / row["file"]).read_text()
    # lines 1-2 are one paragraph (usual spacing), the blank line is a wider gap
    assert govnet.read_paragraphs(text) == [
        ("p. 1 para 1", "The Leader criticised the chief executive in public."),
        ("p. 1 para 2", "Officers welcomed the review."),
        ("p. 2 para 1", "Page two starts here."), ("p. 2 para 2", "Staff trust the cabinet.")]
    # suggest reads the paged copy: its candidate has the page locator and validates
    cand = govnet.suggest(case, row["id"])
    hit = cand[(cand["source"] == "staff") & (cand["target"] == "cabinet")]
    assert hit[["type", "sign", "locator", "quote"]].values.tolist() == [
        ["trust", "1", "p. 2 para 2", "Staff trust the cabinet."]]
    assert hit["reported_by"].tolist() == ["inspectors"]
    rel = pd.read_csv(case / "relations.csv", dtype=str, keep_default_na=False)
    rel = pd.concat([rel, hit[rel.columns]], ignore_index=True)
    rel.to_csv(case / "relations.csv", index=False)
    errors, _ = validate_case(case)
    assert errors.empty


def test_scanned_pdf_is_a_clear_error(case, tmp_path):
    doc = tmp_path / "scan.pdf"
    with PdfPages(doc) as pdf:  # an image and no text, as a scanner writes
        fig = plt.figure(figsize=(4, 4))
        fig.figimage(np.random.default_rng(0).random((50, 50)))
        pdf.savefig(fig)
        plt.close(fig)
    with pytest.raises(govnet.ParameterError, match="no extractable text"):
        govnet.add_source(case, doc, date="2023")
    assert not (case / "sources" / "s002.txt").exists()


def test_cli_add_source(case, tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("Text.\n")
    assert main(["add-source", str(case), str(doc), "--date", "2023", "--id", "s7"]) == 0
    assert "added s7" in capsys.readouterr().out
    assert main(["add-source", str(case), str(doc), "--date", "2023", "--id", "s7"]) == 2
    assert "used already" in capsys.readouterr().err
    assert main(["add-source", str(case), str(tmp_path / "a.docx"), "--date", "2023"]) == 2
    assert "cannot read '.docx'" in capsys.readouterr().err
