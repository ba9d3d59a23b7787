"""Structural balance scores: triangles, walks and their significance against a sign-shuffling null."""

__all__ = []
