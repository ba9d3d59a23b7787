"""Batch reports: papermill runs of the case-study notebook into an HTML site."""

__all__ = []
