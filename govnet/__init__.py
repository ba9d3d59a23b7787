"""govnet: evidence-coded networks of officer-member relationships in local government.

The public API is flat: ``govnet.load_case(...)``, ``govnet.frustration_index(G)``, ...
Figures live in ``govnet.plot``; example and reference data in ``govnet.datasets``.

Names are imported on first use (PEP 562, as scipy and scikit-image do): ``import govnet``
costs milliseconds, so ``govnet report`` starts its kernels before pandas, SciPy, networkx
and matplotlib are imported, and the report process never imports them at all.
"""

import importlib
import sys
import types
from importlib.metadata import PackageNotFoundError, version

from .exceptions import *  # noqa: F401,F403  (cheap; GovnetError and friends)
from .exceptions import __all__ as _exceptions_all

#: Public name -> the submodule that defines it (each submodule's ``__all__``; a test checks).
_EXPORTS = {
    name: module
    for module, names in {
        "agreement": ["Agreement", "agreement"],
        "balance": ["N_NULL", "signed_triangle_census", "triangle_balance", "walk_balance",
                    "balance_test"],
        "blockmodel": ["BlockmodelResult", "signed_blockmodel"],
        "camps": ["MIN_COVERAGE", "CampsResult", "camps", "adjusted_rand_index"],
        "case": ["Case", "load_case", "load_cases", "find_data_dir", "write_case"],
        "codebook": ["Codebook", "load_codebook"],
        "datapackage": ["datapackage", "write_datapackage"],
        "dates": ["parse_partial_date", "to_timestamp"],
        "degree": ["signed_degree", "pn_index"],
        "eras": ["eras"],
        "export": ["export"],
        "frustration": ["FrustrationResult", "frustration_index"],
        "graph": ["case_graph"],
        "merge": ["merge", "resolve_merge"],
        "interface": ["interface_climate", "key_dyad", "cascade", "reciprocity_signed"],
        "perception": ["perception_gap"],
        "positions": ["positions"],
        "power": ["centralization", "brokerage", "bottlenecks"],
        "robustness": ["RULES", "robustness"],
        "pseudonymise": ["pseudonymise"],
        "scaffold": ["init_case"],
        "signed": ["signed_graph"],
        "sources_in": ["add_source", "read_paragraphs"],
        "suggest": ["suggest", "load_cues", "split_sentences"],
        "support": ["MIN_INDEPENDENT", "N_BOOT", "FINDINGS", "support", "binomial_interval",
                    "thin_note", "period_summary"],
        "timeseries": ["MEASURES", "trajectory", "churn", "departures", "oversight_ladder",
                       "ladder_stage", "themes"],
        "validate": ["validate_case", "TABLES"],
    }.items()
    for name in names
}
#: Submodules reachable as attributes (``govnet.plot``, ``govnet.datasets``, ...).
_SUBMODULES = {"datasets", "plot", "report", "casestudy", "reports", "synth", "page",
               *_EXPORTS.values()}

__all__ = sorted([*_EXPORTS, *_exceptions_all])

try:
    __version__ = version("govnet")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"


def __getattr__(name):
    """Import a public name's submodule on first use, and cache the name here."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'govnet' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *__all__, *_SUBMODULES})


class _Package(types.ModuleType):
    """Keep a public name that is also a submodule's name (``govnet.camps``) the function.

    Importing a submodule sets it as an attribute of the package; eagerly that was undone by
    ``from .camps import *``, lazily this does it.
    """

    def __setattr__(self, name, value):
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
