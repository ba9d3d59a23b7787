"""Sphinx configuration of govnet's documentation (``make docs``; built offline, -W)."""

import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

import govnet  # noqa: E402

project = "govnet"
author = "govnet developers"
copyright = "govnet developers (MIT licence)"
release = version = govnet.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_theme = "pydata_sphinx_theme"
html_title = "govnet"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path = []

autodoc_default_options = {"members": True, "member-order": "bysource"}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
# data/README.md and data/CODEBOOK.md link to files of the repository that are not pages here
suppress_warnings = ["myst.xref_missing", "myst.header"]

# The tutorials live in notebooks/tutorials (where researchers open them); they are copied in
# at build time (not kept in docs/) and executed by default, so that no outputs enter git.
# GOVNET_DOCS_EXECUTE=0 renders them without running them (the test's fast build).
shutil.copytree(ROOT / "notebooks" / "tutorials", DOCS / "tutorials", dirs_exist_ok=True,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
nb_execution_mode = "force" if os.environ.get("GOVNET_DOCS_EXECUTE", "1") != "0" else "off"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
