"""Partial dates (2003, 2003-05, 2003-05-06) as intervals."""

__all__ = []
