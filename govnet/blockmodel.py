"""Generalised signed blockmodelling (Doreian and Mrvar)."""

__all__ = []
