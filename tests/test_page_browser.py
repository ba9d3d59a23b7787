"""A page built from govnet.page on the example case, in headless Chromium.

The contents' links resolve, the network views draw their nodes and show a node's positions and
a tie's quotes on click, the tables sort and filter, and the page requests nothing outside its
folder. Skipped where Chromium is not installed (see ``tests/setup_browser.sh``).
"""

import html
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from test_browser import CHROMIUM, HARNESS_START
from test_render import notebook_page

import govnet
from govnet.page import externalise_figures, finish_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed; run "
                       "`bash tests/setup_browser.sh` to enable this test"),
]

# The harness loads the page in a same-origin iframe, clicks a node and a tie of each network
# view through vis-network's event bus, filters and sorts the evidence table, and reports.
HARNESS = HARNESS_START + """  var views = Array.from(doc.querySelectorAll('figure.gv-network')).map(function (f) {
    var net = f.gvNetwork, panel = f.querySelector('.gv-network-details');
    if (!net) return {drawn: false};
    net.redraw();  // draw now rather than on the next animation frame
    var canvas = f.querySelector('canvas'), ctx = canvas.getContext('2d');
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data, painted = 0;
    for (var i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
    var first = net.body.nodeIndices[0], hover = net.body.data.nodes.get(first).title;
    net.body.emitter.emit('click', {nodes: [first], edges: []});
    var nodeText = panel.innerText;
    net.body.emitter.emit('click', {nodes: [], edges: ['e0']});
    return {drawn: true, nodes: net.body.nodeIndices.length, painted: painted, hover: hover,
            nodeText: nodeText, edgeText: panel.innerText,
            edgeQuotes: Array.from(panel.querySelectorAll('.gv-quote-text'))
                             .map(function (q) { return q.textContent; }),
            edgeLinksOk: Array.from(panel.querySelectorAll('a')).every(resolves)};
  });
  var table = doc.getElementById('evidence'), input = table.previousElementSibling.querySelector('input');
  input.value = 'r01';
  input.dispatchEvent(new win.Event('input'));
  var shown = Array.from(table.tBodies[0].rows).filter(function (r) { return !r.hidden; }).length;
  input.value = '';
  input.dispatchEvent(new win.Event('input'));
  table.tHead.rows[0].cells[0].querySelector('button').click();
  table.tHead.rows[0].cells[0].querySelector('button').click();
  var firstAfterSort = table.tBodies[0].rows[0].id;
  table.tHead.rows[0].cells[6].querySelector('button').click();  // Locator, ascending
  var lastByLocator = table.tBodies[0].rows[table.tBodies[0].rows.length - 1].id;
  var requests = pageRequests();
  document.getElementById('out').textContent = JSON.stringify({
    h1: doc.querySelectorAll('h1').length,
    toc: Array.from(doc.querySelectorAll('nav.gv-toc a')).map(resolves),
    anchorsOk: Array.from(doc.querySelectorAll('a[href^="#"]')).every(resolves),
    links: Array.from(doc.querySelectorAll('a[href]')).map(function (a) { return a.href; }),
    images: Array.from(doc.images).map(function (i) { return [i.src, i.naturalWidth, i.alt]; }),
    views: views, filtered: shown, firstAfterSort: firstAfterSort,
    lastByLocator: lastByLocator, requests: requests,
    text: doc.body.innerText
  });
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """reports/index.html and reports/example/ with the case's files and the finished page."""
    root = tmp_path_factory.mktemp("site")
    case = govnet.datasets.example_case()
    nb, body = notebook_page(case)
    folder = root / "example"
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "actors.csv").write_text("id\n", encoding="utf-8")
    (folder / "results.json").write_text("{}", encoding="utf-8")
    nbformat.write(nb, folder / "report.ipynb")
    (root / "index.html").write_text("<html><body>index</body></html>", encoding="utf-8")
    page = externalise_figures(finish_page(body, nb=nb), folder)
    (folder / "report.html").write_text(page, encoding="utf-8")
    return folder / "report.html", case


def run_harness(page, tmp_path):
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS % page.as_uri(), encoding="utf-8")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
         "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=10000", "--dump-dom", harness.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    match = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    assert match, f"Chromium printed no result:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return json.loads(html.unescape(match.group(1))), console


def test_finished_page_in_chromium(site, tmp_path):
    page, case = site
    facts, console = run_harness(page, tmp_path)
    assert not [line for line in console if "harness" not in line], console
    assert facts["h1"] == 1
    assert facts["toc"] and all(facts["toc"]) and facts["anchorsOk"]
    for url in facts["links"]:
        if url.startswith("file:"):
            assert Path(unquote(urlparse(url).path)).exists(), url
    # every request stays in the page's folder: no CDN, no network
    assert facts["requests"] and all(r.startswith(page.parent.as_uri() + "/") for r in
                                     facts["requests"]), facts["requests"]
    assert [(w > 0, bool(alt)) for _, w, alt in facts["images"]] == [(True, True)] * 2
    G = case.graph(at="2022")
    quotes = set(case.relations.quote)
    assert len(facts["views"]) == 2
    for view in facts["views"]:
        assert view["drawn"] and view["nodes"] == G.number_of_nodes()
        assert view["painted"] > 1000  # pixels drawn on the canvas, not an empty box
        assert "role" in view["nodeText"] and "tier" in view["nodeText"]
        assert "\nrole: " in view["hover"]  # hovering a node shows its position too
        assert view["edgeQuotes"] and set(view["edgeQuotes"]) <= quotes
        assert view["edgeLinksOk"]
    assert facts["filtered"] == 1  # "r01" matches one observation (r01; r010+ do not exist)
    assert facts["firstAfterSort"] == f"obs-{max(case.relations.id)}"  # clicked twice: descending
    # natural order: "para 20" (r26) sorts last, after "para 9"; as plain strings "para 9" would
    assert facts["lastByLocator"] == "obs-r26"
    for token in ("<NA>", "NaN", "NaT"):
        assert token not in facts["text"]


def test_finished_page_prints_on_a4(site, tmp_path):
    page, _ = site
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--no-pdf-header-footer", f"--user-data-dir={tmp_path / 'profile'}",
                    "--virtual-time-budget=5000", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    # A4 is 210 x 297 mm = 595.3 x 841.9 pt; Chromium's default would be Letter, 612 x 792
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes), boxes
