"""Shipped data: the invented example case, the founding cases and classic signed networks."""

from ._example import *  # noqa: F401,F403
from ._example import __all__ as _example_all
from ._founding import *  # noqa: F401,F403
from ._founding import __all__ as _founding_all
from ._reference import *  # noqa: F401,F403
from ._reference import __all__ as _reference_all

__all__ = [*_example_all, *_founding_all, *_reference_all]
