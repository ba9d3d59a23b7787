"""The documentation site builds (offline, warnings as errors) and lists the whole public API.

The test builds without executing the tutorials (GOVNET_DOCS_EXECUTE=0: tests/test_notebooks.py
runs them); `make docs` executes them. Skipped with a message where the `docs` extra is not
installed (`pip install -e ".[docs]"`; the Makefile installs it).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import govnet

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_every_module_of_the_flat_api_is_in_the_api_reference():
    listed = set(re.findall(r"^\.\. automodule:: govnet\.(\w+)$",
                            (DOCS / "api.rst").read_text(encoding="utf-8"), re.M))
    assert set(govnet._EXPORTS.values()) | {"exceptions", "datasets", "plot"} <= listed


@pytest.mark.slow
def test_docs_build_without_warnings(tmp_path):
    for module in ("sphinx", "numpydoc", "pydata_sphinx_theme", "myst_nb"):
        pytest.importorskip(module, reason=f"{module} missing: install the docs extra, .[docs]")
    env = {**os.environ, "GOVNET_DOCS_EXECUTE": "0",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-4000:]
    api = (tmp_path / "html" / "api.html").read_text(encoding="utf-8")
    for name in ("govnet.case.load_case", "govnet.export.export",
                 "govnet.frustration.frustration_index", "govnet.datasets.founding_cases"):
        assert f'id="{name}"' in api, name
    pages = {p.name for p in (tmp_path / "html").rglob("*.html")}
    assert {"glossary.html", "data-format.html", "codebook.html", "gallery.html",
            "02-code-a-new-relation.html"} <= pages
