"""The workspace's pack (initializationOptions `rules`) is loaded once and reloaded when a pack file is saved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.test_server import FIXTURES, RULE, _pack, opened, until

pytestmark = pytest.mark.asyncio


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return _pack(tmp_path, RULE.format(category="security"), "  - name: by email\n    fires: [NCC-EMAIL-001]\n")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "sharecheck", "lsp"]))
async def client(lsp_client: LanguageClient, pack: Path):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=pack.parent.as_uri(),
            initialization_options={"debounce": 0, "rules": [pack.name]},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_saving_a_pack_file_reloads_the_pack_and_rechecks_open_proposals(
    client: LanguageClient, pack: Path, tmp_path: Path
) -> None:
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["security"]["transfer_method"] = "encrypted_email"
    uri = await opened(client, tmp_path / "by-email.json", json.dumps(data, indent=2))
    (finding,) = [d for d in client.diagnostics[uri] if d.code == "NCC-EMAIL-001"]
    assert finding.severity == lsp.DiagnosticSeverity.Error

    rule_file = pack / "email.yaml"
    rule_file.write_text(rule_file.read_text("utf-8").replace("severity: blocker", "severity: warning"), "utf-8")
    client.diagnostics.pop(uri)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(rule_file.as_uri())))
    await until(lambda: uri in client.diagnostics)
    (finding,) = [d for d in client.diagnostics[uri] if d.code == "NCC-EMAIL-001"]
    assert finding.severity == lsp.DiagnosticSeverity.Warning
