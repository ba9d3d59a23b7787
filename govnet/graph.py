"""Graphs from a case: observations at a date or in a window, posts resolved to holders."""

__all__ = []
