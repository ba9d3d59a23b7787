"""What every page part shares and the report process can import cheaply: scripts, CSS, "—"."""

from importlib import resources
from importlib.util import find_spec
from pathlib import Path

__all__ = ["MISSING", "network_library"]

#: What a missing value shows as (an em dash).
MISSING = "—"


def static_text(name):
    """A file of ``govnet/page/static/`` (CSS or script) as text."""
    return resources.files(__package__).joinpath(f"static/{name}").read_text("utf-8")


def network_library():
    """The vis-network script (9.1.2, from the pyvis wheel) and govnet's view script, as HTML.

    Included once in a page that has network views (:func:`govnet.page.finish_page` does it);
    both are inlined, so the page needs no file and no network to draw them. The file is found
    without importing pyvis (which imports networkx, jinja2 and IPython).

    Returns
    -------
    str
        Two ``<script>`` elements.

    Examples
    --------
    >>> lib = network_library()
    >>> lib.count("</script>"), "@version 9.1.2" in lib  # neither script contains "</script"
    (2, True)
    """
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        from ..exceptions import ReportError

        raise ReportError("the interactive network view needs pyvis (pip install pyvis)")
    vis = Path(spec.submodule_search_locations[0], "lib", "vis-9.1.2", "vis-network.min.js")
    return (f"<script>{vis.read_text('utf-8')}</script>\n"
            f"<script>{static_text('network.js')}</script>")
