"""Synthetic councils with planted structure, for method validation and benchmarks."""

__all__ = []
