"""The officer-member interface: climate by side and tier, key dyads, cascades, reciprocity."""

__all__ = []
