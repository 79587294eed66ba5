"""The one place the version is written; pyproject.toml reads it (hatch), so a cold start
need not ask importlib.metadata (about 50 ms)."""

__version__ = "0.1.0"
