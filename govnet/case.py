"""Cases: loading case folders into tidy DataFrames."""

__all__ = []
