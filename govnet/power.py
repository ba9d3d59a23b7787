"""Power: centralization, brokerage roles and bottlenecks on formal ties."""

__all__ = []
