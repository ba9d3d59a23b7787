"""Signed degree and the PN centrality index."""

__all__ = []
