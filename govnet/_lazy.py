"""A subpackage's public names imported from their modules on first use (PEP 562)."""

import importlib
import sys

__all__ = []


def lazy_exports(package, exports):
    """The ``__getattr__`` and ``__dir__`` of a package whose names live in its modules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : dict
        Public name -> the module of ``package`` that defines it.

    Returns
    -------
    tuple of callable
        ``__getattr__`` (imports the module of a public name on first use and caches the name
        in the package) and ``__dir__``.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("govnet.report", {"escape": "markup"})
    >>> getattr_("escape")("*x*")
    '\\\\*x\\\\*'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'govnet.report' has no attribute 'nothing'
    """
    def __getattr__(name):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{exports[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
