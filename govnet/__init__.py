"""govnet: evidence-coded networks of officer-member relationships in local government.

The public API is flat: ``govnet.load_case(...)``, ``govnet.frustration_index(G)``, ...
Figures live in ``govnet.plot``; example and reference data in ``govnet.datasets``.
"""

from importlib.metadata import PackageNotFoundError, version

from . import datasets  # noqa: E402,F401  (govnet.datasets.example_case(), tribes())
from .balance import *  # noqa: F401,F403
from .blockmodel import *  # noqa: F401,F403
from .camps import *  # noqa: F401,F403
from .case import *  # noqa: F401,F403
from .codebook import *  # noqa: F401,F403
from .dates import *  # noqa: F401,F403
from .degree import *  # noqa: F401,F403
from .exceptions import *  # noqa: F401,F403
from .frustration import *  # noqa: F401,F403
from .graph import *  # noqa: F401,F403
from .interface import *  # noqa: F401,F403
from .perception import *  # noqa: F401,F403
from .power import *  # noqa: F401,F403
from .signed import *  # noqa: F401,F403
from .timeseries import *  # noqa: F401,F403
from .validate import *  # noqa: F401,F403

try:
    __version__ = version("govnet")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"


def __getattr__(name):
    """Import the heavier submodules (figures, case-study helpers, reports) on first use."""
    if name in {"plot", "casestudy", "reports", "synth"}:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'govnet' has no attribute {name!r}")
