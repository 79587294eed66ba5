"""The workspace's configuration: the project's settings file (as `sharecheck check` reads it) and the editor's
settings (initializationOptions, then workspace/didChangeConfiguration), over stdio as an editor drives it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.test_server import FIXTURES, RULE, _pack, opened, until

pytestmark = pytest.mark.asyncio

EMAIL = "NCC-EMAIL-001"  # fires only with the organisation's pack


@pytest.fixture
def settings_text() -> str | None:
    return None


@pytest.fixture
def options() -> dict[str, Any]:
    return {"debounce": 0}


@pytest.fixture
def workspace(tmp_path: Path, settings_text: str | None) -> Path:
    _pack(tmp_path, RULE.format(category="security"), "  - name: by email\n    fires: [NCC-EMAIL-001]\n")
    if settings_text is not None:
        (tmp_path / "sharecheck.toml").write_text(settings_text, "utf-8")
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "sharecheck", "lsp"]))
async def client(lsp_client: LanguageClient, workspace: Path, options: dict[str, Any]):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=workspace.as_uri(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


async def open_by_email(client: LanguageClient, workspace: Path) -> str:
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["security"]["transfer_method"] = "encrypted_email"
    return await opened(client, workspace / "proposals" / "by-email.json", json.dumps(data, indent=2))


def codes(client: LanguageClient, uri: str) -> set[str]:
    return {str(d.code) for d in client.diagnostics.get(uri, [])}


async def settings_saved(client: LanguageClient, file: Path, text: str, watched: bool = False) -> None:
    file.write_text(text, "utf-8")
    if watched:  # the file watcher's way (VS Code, Neovim) ...
        change = lsp.FileEvent(file.as_uri(), lsp.FileChangeType.Changed)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([change]))
    else:  # ... or the file was open in the editor and saved
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(file.as_uri())))


@pytest.mark.parametrize("settings_text", ['rules = ["northshire-ig"]\n'])
async def test_the_settings_file_names_the_pack(client: LanguageClient, workspace: Path, settings_text: str) -> None:
    uri = await open_by_email(client, workspace)
    assert EMAIL in codes(client, uri)


@pytest.mark.parametrize("settings_text", ['rules = ["no-such-pack"]\n'])
@pytest.mark.parametrize("options", [{"debounce": 0, "rules": ["northshire-ig"]}])
async def test_the_editors_rules_win_over_the_settings_file(
    client: LanguageClient, workspace: Path, settings_text: str, options: dict[str, Any]
) -> None:
    uri = await open_by_email(client, workspace)  # had the file's missing pack been used, nothing would be checked
    assert EMAIL in codes(client, uri)


@pytest.mark.parametrize("watched", [False, True])
async def test_a_change_to_the_settings_file_reloads_the_pack(
    client: LanguageClient, workspace: Path, watched: bool
) -> None:
    uri = await open_by_email(client, workspace)
    assert EMAIL not in codes(client, uri)  # no settings file: the bundled pack
    client.diagnostics.pop(uri)
    (workspace / "pyproject.toml").write_text('[project]\nname = "ig"\n', "utf-8")  # no table: not settings
    await settings_saved(client, workspace / "sharecheck.toml", 'rules = "northshire-ig"\n', watched)
    await until(lambda: uri in client.diagnostics)
    assert EMAIL in codes(client, uri)


@pytest.mark.parametrize("settings_text", ['rules = ["northshire-ig"]\n\nfail_on = "never"\n'])
async def test_a_broken_settings_file_is_a_diagnostic_at_its_line_and_a_message(
    client: LanguageClient, workspace: Path, settings_text: str
) -> None:
    settings = (workspace / "sharecheck.toml").as_uri()
    await until(lambda: settings in client.diagnostics and bool(client.messages))
    (problem,) = client.diagnostics[settings]
    assert problem.range.start.line == 2 and problem.severity == lsp.DiagnosticSeverity.Error
    assert "unknown key `fail_on`; did you mean `fail-on`?" in problem.message
    (message,) = client.messages
    assert message.type == lsp.MessageType.Error and "not checked until it is fixed" in message.message
    assert "Traceback" not in message.message

    # nothing is checked meanwhile (the CLI would stop too), but the server answers and says nothing worse
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["security"]["transfer_method"] = "encrypted_email"
    uri = (workspace / "by-email.json").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "json", 1, json.dumps(data, indent=2)))
    )
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(0, 1)))
    assert hover is None and uri not in client.diagnostics
    assert not any("failed" in m.message for m in client.log_messages)

    # once the file is fixed, its pack is loaded and the proposal opened meanwhile is checked
    client.diagnostics.pop(uri, None)
    await settings_saved(client, workspace / "sharecheck.toml", 'rules = ["northshire-ig"]\nfail-on = "never"\n')
    await until(lambda: uri in client.diagnostics and not client.diagnostics[settings])
    assert EMAIL in codes(client, uri)


async def test_did_change_configuration_applies_the_editors_settings(client: LanguageClient, workspace: Path) -> None:
    other = await opened(client, FIXTURES / "residents-index.json")  # a blocker with the bundled pack
    uri = await open_by_email(client, workspace)
    assert EMAIL not in codes(client, uri)
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(settings={"sharecheck": {"rules": ["northshire-ig"], "debounce": 0}})
    )
    await until(lambda: uri in client.diagnostics)
    assert EMAIL in codes(client, uri)

    client.diagnostics.pop(uri)
    client.diagnostics.pop(other)
    client.workspace_did_change_configuration(  # Helix sends its `config` as it is, not under a section
        lsp.DidChangeConfigurationParams(settings={"rules": None, "docsUrl": "https://example.org/{rule}", "x": 1})
    )
    await until(lambda: uri in client.diagnostics and other in client.diagnostics)
    assert EMAIL not in codes(client, uri)  # null: back to the default, the bundled pack
    links = {d.code_description.href for d in client.diagnostics[other] if d.code_description is not None}
    assert links and all(link.startswith("https://example.org/SC-") for link in links)
    await until(lambda: any("unknown setting `x`" in m.message for m in client.log_messages))


async def test_settings_of_the_wrong_shape_are_logged_and_the_server_carries_on(
    client: LanguageClient, workspace: Path
) -> None:
    for settings in ("rules", [1, 2], {"sharecheck": {"rules": 3, "debounce": "soon", "docsUrl": None}}):
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=settings))
    await until(lambda: any("`debounce` = 'soon' ignored" in m.message for m in client.log_messages))
    assert not any("failed" in m.message for m in client.log_messages)
    uri = await open_by_email(client, workspace)  # still checking, with the bundled pack
    assert "SC-INPUT-001" not in codes(client, uri) and EMAIL not in codes(client, uri)
