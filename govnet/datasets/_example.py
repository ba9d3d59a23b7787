"""The invented example case shipped for doctests and tutorials."""

__all__ = []
