"""Validation of case folders: every problem at once, with file, row, column and reason."""

__all__ = []
