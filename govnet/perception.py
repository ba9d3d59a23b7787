"""Perceived networks: how far reporters agree on the same ties (cognitive social structures)."""

__all__ = []
