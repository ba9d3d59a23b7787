"""Rendering of report pages: readable tables, the evidence appendix, network views, page layout.

The pieces a case-study page is built from, each returning HTML text: :func:`render_table`,
:func:`evidence_appendix` and :func:`evidence_links`, :func:`network_view`, and
:func:`finish_page`, which turns nbconvert's HTML into the published page, with
:func:`externalise_figures` to move inline images to files. Everything works offline: the
scripts a page needs come from this package (``static/``) or from the wheels of its
dependencies (vis-network from pyvis), inlined in the page, never from the network.
"""

from .evidence import evidence_appendix, evidence_links, obs_anchor, tie_observations
from .layout import CASE_FILES, externalise_figures, finish_page, image_alts
from .network_view import network_library, network_view
from .tables import MAX_ROWS, MISSING, format_value, render_table

__all__ = [
    "MAX_ROWS",
    "MISSING",
    "format_value",
    "render_table",
    "obs_anchor",
    "evidence_appendix",
    "evidence_links",
    "tie_observations",
    "network_view",
    "network_library",
    "CASE_FILES",
    "finish_page",
    "externalise_figures",
    "image_alts",
]
