"""Signed-graph convention: the check every function runs, and signed_graph() to reduce observations."""

__all__ = []
