"""Shipped data: the invented example case and classic signed networks with published answers."""

__all__ = []
