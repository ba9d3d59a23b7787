"""The frustration index (line index of balance): exact by integer programming, heuristic for large graphs."""

__all__ = []
