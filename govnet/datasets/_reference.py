"""Classic signed networks with published answers (test oracles)."""

import csv
from importlib.resources import files

import networkx as nx

__all__ = ["tribes"]


def tribes():
    """Read's Highland tribes (Gahuku-Gama): a signed graph of 16 tribes.

    Undirected alliances (``sign=+1``, "rova") and enmities (``sign=-1``,
    "hina") between 16 sub-tribes of the Eastern Central Highlands of New
    Guinea, as distributed with the R package signnet (``data/tribes.rda``) and
    UCINET (``GAMA``). 16 nodes, 58 edges (29 positive, 29 negative), one
    connected component. Provenance and the published reference values are in
    ``govnet/datasets/tribes/README.md``.

    Returns
    -------
    networkx.Graph
        Nodes are the tribe names (strings, in signnet's vertex order); every
        edge has ``sign`` in {-1, +1}. A fresh graph on every call.

    References
    ----------
    Read, K. E. (1954). Cultures of the Central Highlands, New Guinea.
    *Southwestern Journal of Anthropology* 10(1), 1-43.

    Schoch, D. (2023). signnet: An R package for analyzing signed networks.
    *Journal of Open Source Software* 8(81), 4987.

    Examples
    --------
    >>> import govnet
    >>> G = govnet.datasets.tribes()
    >>> G.number_of_nodes(), G.number_of_edges()
    (16, 58)
    >>> G.edges["Gavev", "Kotun"]["sign"]
    1
    """
    path = files("govnet.datasets") / "tribes" / "edges.csv"
    order = ["Gavev", "Kotun", "Ove", "Alika", "Nagam", "Gahuk", "Masil", "Ukudz",
             "Notoh", "Kohik", "Geham", "Asaro", "Uheto", "Seuve", "Nagad", "Gama"]
    G = nx.Graph(name="tribes")
    G.add_nodes_from(order)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            G.add_edge(row["source"], row["target"], sign=int(row["sign"]))
    return G
