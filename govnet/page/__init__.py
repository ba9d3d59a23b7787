"""Rendering of report pages: readable tables, the evidence appendix, network views, page layout.

The pieces a case-study page is built from, each returning HTML text: :func:`render_table`,
:func:`evidence_appendix` and :func:`evidence_links`, :func:`network_view`, and
:func:`finish_page`, which turns nbconvert's HTML into the published page, with
:func:`externalise_figures` to move inline images to files. Everything works offline: the
scripts a page needs come from this package (``static/``) or from the wheels of its
dependencies (vis-network from pyvis), inlined in the page, never from the network.

Names are imported on first use, as in :mod:`govnet`: the report process uses
:func:`finish_page` without importing pandas, networkx or matplotlib.
"""

from .._lazy import lazy_exports

#: Public name -> the submodule that defines it.
_EXPORTS = {
    name: module
    for module, names in {
        "_assets": ["MISSING", "network_library"],
        "tables": ["MAX_ROWS", "format_value", "render_table"],
        "evidence": ["obs_anchor", "evidence_appendix", "evidence_links", "tie_observations"],
        "network_view": ["network_view"],
        "layout": ["CASE_FILES", "finish_page", "externalise_figures", "image_alts"],
    }.items()
    for name in names
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
