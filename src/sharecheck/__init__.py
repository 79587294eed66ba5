"""sharecheck: check data-sharing proposals against declarative rules.

The library needs no files and no click:

    from sharecheck import check, load_pack
    result = check(proposal_dict, load_pack())
"""

from __future__ import annotations

from sharecheck._version import __version__
from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.packs.loader import Pack, PackError, load_pack
from sharecheck.results.report import Band, Finding, Report, Result, Severity

__all__ = [
    "Band",
    "Finding",
    "Pack",
    "PackError",
    "Report",
    "Result",
    "Severity",
    "__version__",
    "check",
    "check_bytes",
    "load_pack",
]
