"""Classic signed networks with published answers (test oracles)."""

__all__ = []
