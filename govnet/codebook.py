"""The codebook: controlled vocabularies of the case format."""

__all__ = []
