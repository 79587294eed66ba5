"""End to end: the real `sharecheck lsp` over stdio, driven by pytest-lsp as an editor would."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "sharecheck", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:  # VS Code accepts the pack-file watcher
        lsp_client.registrations = params  # type: ignore[attr-defined]

    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            root_uri=ROOT.as_uri(),
            initialization_options={"debounce": 20},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait for the server's notifications (a slow shared machine: generous, never a timing test)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the server did not publish in time"
        await asyncio.sleep(0.02)


async def opened(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="json", version=1, text=text or path.read_text("utf-8"))
        )
    )
    await until(lambda: uri in client.diagnostics)
    return uri


def replace_all(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def cli_findings(path: Path) -> list[tuple[str, int, int]]:
    run = subprocess.run(
        [sys.executable, "-m", "sharecheck", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    return sorted((f["rule"], f["line"] - 1, f["column"] - 1) for f in report["results"][0]["findings"])


def seen(client: LanguageClient, uri: str) -> list[tuple[str, int, int]]:
    return sorted((str(d.code), d.range.start.line, d.range.start.character) for d in client.diagnostics[uri])


@pytest.mark.parametrize(
    "name",
    ["disability-leisure-offers.json", "residents-index.json", "broken/wrong-enum.json", "broken/truncated.json"],
)
async def test_diagnostics_match_the_cli(client: LanguageClient, name: str) -> None:
    path = FIXTURES / name
    uri = await opened(client, path)
    expected = cli_findings(path)
    assert expected, "the fixture should raise findings"
    assert seen(client, uri) == expected


async def test_a_range_covers_the_value_and_severity_code_and_link_are_set(client: LanguageClient) -> None:
    path = FIXTURES / "broken" / "wrong-enum.json"
    text = path.read_text("utf-8")
    uri = await opened(client, path)
    (diagnostic,) = client.diagnostics[uri]
    line = text.splitlines()[diagnostic.range.start.line]
    assert line[diagnostic.range.start.character : diagnostic.range.end.character] == '"pseudonymous"'
    assert diagnostic.severity == lsp.DiagnosticSeverity.Error
    assert diagnostic.code == "SC-INPUT-002"
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("docs/rules.md#sc-input-002")


async def test_waived_findings_are_hints_that_name_the_waiver(client: LanguageClient) -> None:
    uri = await opened(client, FIXTURES / "safeguarding-adults-board.json")
    hints = [d for d in client.diagnostics[uri] if d.severity == lsp.DiagnosticSeverity.Hint]
    assert hints
    assert all("(waived: " in d.message and "approved by" in d.message for d in hints)


async def test_removing_the_gateway_raises_the_blocker_and_restoring_it_clears_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    original = (FIXTURES / "early-help-families.json").read_text("utf-8")
    uri = await opened(client, tmp_path / "early-help.json", original)
    assert "SC-GATEWAY-001" not in {d.code for d in client.diagnostics[uri]}
    data = json.loads(original)
    del data["legal"]["gateways"]
    replace_all(client, uri, 2, json.dumps(data, indent=2))
    await until(lambda: uri in client.diagnostics)
    blocker = [d for d in client.diagnostics[uri] if d.code == "SC-GATEWAY-001"]
    assert blocker and blocker[0].severity == lsp.DiagnosticSeverity.Error
    replace_all(client, uri, 3, original)
    await until(lambda: uri in client.diagnostics)
    assert "SC-GATEWAY-001" not in {d.code for d in client.diagnostics[uri]}


async def test_too_large_a_proposal_gets_the_input_finding_of_the_cli(client: LanguageClient, tmp_path: Path) -> None:
    huge = '{"schema_version": "sharecheck.proposal/1", "x-padding": "' + "a" * (5 * 1024 * 1024) + '"}'
    uri = await opened(client, tmp_path / "huge.json", huge)
    (diagnostic,) = client.diagnostics[uri]
    assert diagnostic.code == "SC-INPUT-001"
    assert "larger than" in diagnostic.message
    # and the server is still there
    await opened(client, FIXTURES / "justice-data-lab.json")


def _pack(tmp_path: Path, rules: str, cases: str) -> Path:
    pack = tmp_path / "northshire-ig"
    (pack / "tests").mkdir(parents=True)
    (pack / "pack.yaml").write_text("pack:\n  name: northshire-ig\n  version: 1.0.0\n  extends: sharecheck\n")
    (pack / "email.yaml").write_text(rules)
    base = (FIXTURES / "early-help-families.json").as_posix()
    (pack / "tests" / "email.yaml").write_text(f"base: {base}\ncases:\n{cases}")
    return pack


RULE = """\
rules:
  - id: NCC-EMAIL-001
    title: Identifiable data is not sent by email
    severity: blocker
    category: {category}
    message: Identifiable data may not be sent by email in Northshire.
    remediation: Use the secure portal or an API.
    sources: ["Northshire IG policy IG-04"]
    when:
      all:
        - {{field: security.transfer_method, in: [encrypted_email, unencrypted_email]}}
        - {{field: data.identifiability, equals: personally_identifiable}}
"""


async def test_a_lint_mistake_in_a_pack_file_is_reported_at_its_line(client: LanguageClient, tmp_path: Path) -> None:
    cases = "  - name: email\n    patch: {security: {transfer_method: encrypted_email}}\n    fires: [NCC-EMAIL-001]\n"
    pack = _pack(tmp_path, RULE.format(category="securty"), cases)
    rule_file = pack / "email.yaml"
    uri = rule_file.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "yaml", 1, rule_file.read_text("utf-8")))
    )
    await until(lambda: uri in client.diagnostics)
    problems = client.diagnostics[uri]
    assert any("securty" in d.message for d in problems)
    line = next(i for i, text in enumerate(rule_file.read_text("utf-8").splitlines()) if "category:" in text)
    assert {d.range.start.line for d in problems if "securty" in d.message} == {line}


async def test_a_failing_rule_case_is_reported_on_save(client: LanguageClient, tmp_path: Path) -> None:
    cases = "  - name: a secure API is fine\n    fires: [NCC-EMAIL-001]\n"  # wrong on purpose: it stays silent
    pack = _pack(tmp_path, RULE.format(category="security"), cases)
    case_file = pack / "tests" / "email.yaml"
    uri = case_file.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "yaml", 1, case_file.read_text("utf-8")))
    )
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
    await until(lambda: any("rules test" in str(d.source) for d in client.diagnostics.get(uri, [])))
    (failure,) = [d for d in client.diagnostics[uri] if "rules test" in str(d.source)]
    assert "NCC-EMAIL-001 should fire but did not" in failure.message
    assert failure.range.start.line == 2  # the case's line


async def test_hover_explains_rules_describes_keys_and_gateways(client: LanguageClient) -> None:
    path = FIXTURES / "early-help-families.json"
    text = path.read_text("utf-8")
    uri = await opened(client, path)

    def at(needle: str, shift: int = 1) -> lsp.Position:
        offset = text.index(needle) + shift
        line = text.count("\n", 0, offset)
        return lsp.Position(line, offset - (text.rfind("\n", 0, offset) + 1))

    gateway = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at('"dea2017')))
    assert gateway is not None and "Digital Economy Act 2017" in str(gateway.contents)
    key = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at('"assessment_date"'))
    )
    assert key is not None and "The date whose law applies" in str(key.contents)
    rule_file = ROOT / "rules" / "core.yaml"
    rules_text = rule_file.read_text("utf-8")
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(rule_file.as_uri(), "yaml", 1, rules_text))
    )
    offset = rules_text.index("SC-GATEWAY-001") + 3
    position = lsp.Position(rules_text.count("\n", 0, offset), offset - (rules_text.rfind("\n", 0, offset) + 1))
    rule = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(rule_file.as_uri()), position)
    )
    assert rule is not None and "How to fix it:" in str(rule.contents)


async def _complete(client: LanguageClient, uri: str, text: str, needle: str) -> list[str]:
    offset = text.index(needle) + len(needle)
    position = lsp.Position(text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1))
    result = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), position)
    )
    assert isinstance(result, lsp.CompletionList)
    return [item.label for item in result.items]


async def test_completion_offers_enums_gateways_parties_and_rule_ids(client: LanguageClient, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["waivers"] = [{"rule": "SC-", "reason": "", "approved_by": ""}]
    text = json.dumps(data, indent=2)
    uri = await opened(client, tmp_path / "complete.json", text)
    assert "de_personalised" in await _complete(client, uri, text, '"identifiability": "')
    assert "cda1998_s115" in await _complete(client, uri, text, '"id": "dea')
    assert {"dwp", "northshire-cc"} <= set(await _complete(client, uri, text, '"source": "'))
    rule_ids = await _complete(client, uri, text, '"rule": "')
    assert "SC-CONSENT-001" in rule_ids
    assert "SC-GATEWAY-001" not in rule_ids  # not waivable, so never offered for a waiver


async def test_code_actions_apply_a_did_you_mean_and_add_a_waiver(client: LanguageClient, tmp_path: Path) -> None:
    path = FIXTURES / "broken" / "wrong-enum.json"
    uri = await opened(client, path)
    (diagnostic,) = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), diagnostic.range, lsp.CodeActionContext(diagnostics=[diagnostic])
        )
    )
    assert actions is not None
    fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.title == "Replace with de_personalised")
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    assert edit.new_text == '"de_personalised"' and edit.range == diagnostic.range

    source = (FIXTURES / "disability-leisure-offers.json").read_text("utf-8")
    uri = await opened(client, tmp_path / "leisure.json", source)
    warning = next(d for d in client.diagnostics[uri] if d.severity == lsp.DiagnosticSeverity.Warning)
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), warning.range, lsp.CodeActionContext([warning]))
    )
    assert actions is not None
    waiver = next(
        a for a in actions if isinstance(a, lsp.CodeAction) and a.title.startswith(f"Add a waiver for {warning.code}")
    )
    assert waiver.edit is not None and waiver.edit.changes is not None
    (edit,) = waiver.edit.changes[uri]
    lines = source.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: edit.range.start.line]) + edit.range.start.character
    edited = json.loads(source[:start] + edit.new_text + source[start:])
    assert edited["waivers"][-1] == {
        "rule": warning.code,
        "reason": "",
        "approved_by": "",
        "expires": edited["waivers"][-1]["expires"],
    }
    # the skeleton waives nothing until someone gives a reason and signs it
    replace_all(client, uri, 2, source[:start] + edit.new_text + source[start:])
    await until(lambda: uri in client.diagnostics)
    assert "SC-WAIVER-002" in {d.code for d in client.diagnostics[uri]}


async def test_an_error_inside_a_handler_is_logged_and_the_server_carries_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    missing = (tmp_path / "never-opened.json").as_uri()  # reading it fails inside the hover handler
    answer = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(missing), lsp.Position(0, 0))
    )
    assert answer is None
    await until(lambda: any("hover failed" in m.message for m in client.log_messages))
    await opened(client, FIXTURES / "justice-data-lab.json")  # still answering
