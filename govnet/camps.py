"""Camps: the frustration-minimising split of a council and what it follows."""

__all__ = []
