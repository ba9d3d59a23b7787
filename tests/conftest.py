"""Shared test set-up: a non-interactive matplotlib backend and a fixed hash seed for kernels."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("PYTHONHASHSEED", "0")
