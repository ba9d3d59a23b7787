"""Shipped data: the invented example case and classic signed networks with published answers."""

from ._example import *  # noqa: F401,F403
from ._example import __all__ as _example_all
from ._reference import *  # noqa: F401,F403
from ._reference import __all__ as _reference_all

__all__ = [*_example_all, *_reference_all]
