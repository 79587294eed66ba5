"""The one place the version is written; pyproject.toml reads it (hatch), so a cold start
need not ask importlib.metadata (about 50 ms). The bundled rule pack (rules/pack.yaml) is
released with the tool and carries the same version (tests/test_versions.py checks)."""

__version__ = "0.2.0"
