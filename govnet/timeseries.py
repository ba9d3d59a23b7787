"""Time: trajectories of measures, churn of posts, the oversight ladder and Best Value themes."""

__all__ = []
