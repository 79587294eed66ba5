"""The public API survives the layout: everything `sharecheck` exported before still imports."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import sharecheck

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = [
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


def test_every_public_name_imports_from_the_package() -> None:
    assert sorted(sharecheck.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(sharecheck, name) is not None


def test_the_entry_points_work_end_to_end() -> None:
    from sharecheck import Severity, check, check_bytes, load_pack

    pack = load_pack()
    checked = 0
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        raw = path.read_bytes()
        result = check_bytes(raw, pack, file=path.name)
        assert all(isinstance(f.severity, Severity) for f in result.findings)
        from_dict = check(json.loads(raw), pack)
        assert sorted(f.rule for f in from_dict.findings) == sorted(f.rule for f in result.findings)
        checked += bool(result.findings)
    assert checked, "some fixture should have findings"


def test_the_top_of_the_package_is_the_entry_points_and_the_stages() -> None:
    top = sorted(m.name for m in pkgutil.iter_modules(sharecheck.__path__))
    stages = {"authoring", "band", "checking", "cli", "engines", "formats", "law", "packs", "reading", "results"}
    adapters = {"lsp", "serve"}
    assert set(top) - {"__main__", "_version"} <= stages | adapters
    assert len(top) <= 14


def test_architecture_doc_names_every_folder_and_the_readme_links_it() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    for module in pkgutil.iter_modules(sharecheck.__path__):
        if module.ispkg:
            assert f"`{module.name}/`" in doc, module.name
            package = importlib.import_module(f"sharecheck.{module.name}")
            assert package.__doc__ and len(package.__doc__.split()) > 15, f"{module.name} needs a docstring"
    assert re.search(r"\]\(docs/architecture\.md\)", (ROOT / "README.md").read_text("utf-8"))
