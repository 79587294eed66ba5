"""`sharecheck lsp`: the language server (pygls), wiring the library to an editor over stdio.

It only wires: findings come from `check`, pack problems from `rules lint`, hover text from
`explain`, the schema and the gateway catalogue. One pack per workspace, loaded on first use
(from the pack cache, as `check` loads it) and again whenever one of its files is saved or
changes on disk. Which pack: `sharecheck lsp --rules`, else the editor's `rules` setting, else
`rules` in the project's settings file (found from the workspace root upwards, as `sharecheck
check` finds it from the current folder), else the bundled pack; a change to any of them
reloads it. The rule engine is not thread-safe, so all work runs on the server's event loop;
long work (a pack's rule cases) yields between cases so the editor stays answered. An error
inside a handler is logged to the client and answered with "nothing", never allowed to stop
the server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from sharecheck import __version__
from sharecheck.authoring.rule_tests import Case, Outcome, run_case
from sharecheck.checking import settings as project_settings
from sharecheck.lsp import packs as pack_files
from sharecheck.lsp import proposals
from sharecheck.lsp.text import Lines, spot_at
from sharecheck.packs import cache
from sharecheck.packs.loader import Pack, PackError, load_pack

DEBOUNCE_SECONDS = 0.3
OPTIONS = ("rules", "debounce", "docsUrl")  # what the editor may set (initializationOptions, settings)
SETTINGS_SOURCE = "sharecheck settings"
F = TypeVar("F", bound=Callable[..., Any])


class SharecheckServer(LanguageServer):
    """The server's state for one editor session: settings, the pack, the latest analyses."""

    def __init__(self, rules: Sequence[Path] = ()) -> None:
        super().__init__("sharecheck", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.command_line_rules: tuple[Path, ...] = tuple(rules)
        self.root = Path.cwd()
        self.options: dict[str, Any] = {}  # the editor's: initializationOptions, then each didChangeConfiguration
        self.rules: tuple[Path, ...] = tuple(rules)  # the packs in effect, worked out by configure()
        self.rules_from = "the command line" if rules else "the bundled pack"
        self.debounce = DEBOUNCE_SECONDS
        self.docs: str | None = None
        self.settings_file: Path | None = None
        self.settings_problem: project_settings.SettingsError | None = None
        self.settings_flagged: str | None = None  # the settings file we published a diagnostic on
        self.blocked = False  # a broken settings file would choose the pack: nothing is checked
        self.ready = False  # initialized: notifications may be sent
        self._pack: Pack | None = None
        self._pack_problem: str | None = None
        self.analyses: dict[str, proposals.Analysis] = {}
        self.open_proposals: set[str] = set()  # checked when there is a pack, whether or not there is now
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.pack_uris: dict[Path, set[str]] = {}  # pack folder -> files we published diagnostics for
        self.lint_found: dict[Path, dict[Path, list[lsp.Diagnostic]]] = {}
        self.case_found: dict[Path, dict[Path, list[lsp.Diagnostic]]] = {}
        self.case_runs: dict[Path, asyncio.Task[None]] = {}

    # ------------------------------------------------------------ plumbing

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Info) -> None:
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding
        return str(chosen.value if isinstance(chosen, lsp.PositionEncodingKind) else chosen or "utf-16")

    def pack(self) -> Pack | None:
        """The workspace's pack, loaded once; None (said once to the user) when it is invalid."""
        if self.blocked:
            return None  # the settings file is broken: said when it was read
        if self._pack is None and self._pack_problem is None:
            try:
                self._pack = cache.load(list(self.rules))  # as `check` does; a stale entry is rebuilt
                self.log(
                    f"rule pack {self._pack.name} {self._pack.version}: {len(self._pack.rules)} rules "
                    f"(from {self.rules_from})"
                )
            except PackError as error:
                self._pack_problem = str(error)
                self.window_show_message(
                    lsp.ShowMessageParams(
                        type=lsp.MessageType.Error,
                        message=f"sharecheck: the rule pack is invalid, so proposals are not checked:\n{error}\n"
                        "(`sharecheck rules lint DIR` reports every problem)",
                    )
                )
        return self._pack

    def in_pack(self, path: Path) -> bool:
        layers = self._pack.layers if self._pack is not None else tuple(r.resolve() for r in self.rules)
        resolved = path.resolve()
        return any(resolved == layer.resolve() or layer.resolve() in resolved.parents for layer in layers)

    def reload(self, why: str) -> None:
        """Forget the pack and check every open proposal against the new one."""
        self._pack, self._pack_problem = None, None
        self.log(f"reloading the rule pack: {why}")
        self.recheck()

    def recheck(self) -> None:
        for uri in sorted(self.open_proposals):
            self.publish_proposal(uri)

    # ------------------------------------------------------------ settings

    def configure(self) -> bool:
        """Work out the settings in effect from the command line, the editor and the project's file.

        Returns whether the packs changed (the caller reloads). A broken settings file is a
        diagnostic on that file, at its line, and one message; never an exception. It stops
        proposals being checked (as it stops `sharecheck check`) unless the packs are named by
        the command line or the editor, when the file's `rules` would not be used anyway.
        """
        before = (self.rules, self.blocked)
        said = None if self.settings_problem is None else str(self.settings_problem)
        try:
            found = project_settings.load(self.root)
            self.settings_file, self.settings_problem = found.file, None
        except project_settings.SettingsError as error:
            found = project_settings.Settings(error.file, {})
            self.settings_file, self.settings_problem = error.file, error

        if self.command_line_rules:
            self.rules, self.rules_from = self.command_line_rules, "the command line"
        elif self.options.get("rules"):
            self.rules, self.rules_from = tuple(self.root / r for r in self.options["rules"]), "the editor's settings"
        elif found.values.get("rules"):
            self.rules, self.rules_from = tuple(found.values["rules"]), f"`rules` in {found.file}"
        else:
            self.rules, self.rules_from = (), "the bundled pack"
        self.blocked = self.settings_problem is not None and self.rules_from == "the bundled pack"
        if self.ready:
            self.publish_settings()
            if self.settings_problem is not None and str(self.settings_problem) != said:
                self.say_settings_problem()

        debounce = self.options.get("debounce")
        self.debounce = DEBOUNCE_SECONDS if debounce is None else max(0.0, float(debounce) / 1000)
        docs = self.options.get("docsUrl")
        if isinstance(docs, str):
            self.docs = docs
        elif (self.root / "docs" / "rules.md").is_file():
            self.docs = (from_fs_path(str(self.root / "docs" / "rules.md")) or "") + "#{anchor}"
        else:
            self.docs = None
        return (self.rules, self.blocked) != before

    def say_settings_problem(self) -> None:
        problem = self.settings_problem
        if problem is None:
            return
        then = (
            "proposals are not checked until it is fixed"
            if self.blocked
            else f"its settings are not used; the packs come from {self.rules_from}"
        )
        self.window_show_message(
            lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"sharecheck: {problem}\n({then})")
        )

    def publish_settings(self) -> None:
        """The settings file's problem as a diagnostic at its line; clear it once the file is fixed."""
        problem = self.settings_problem
        uri = None if problem is None else from_fs_path(str(problem.file)) or str(problem.file)
        if self.settings_flagged is not None and self.settings_flagged != uri:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=self.settings_flagged, diagnostics=[])
            )
        self.settings_flagged = uri
        if problem is None or uri is None:
            return
        line = (problem.line or 1) - 1
        try:
            text = problem.file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            text = []
        start = (problem.column or 1) - 1 if problem.column else 0
        end = max(len(text[line].rstrip()) if line < len(text) else 0, start + 1)
        diagnostic = lsp.Diagnostic(
            range=lsp.Range(lsp.Position(line, start), lsp.Position(line, end)),
            message=str(problem).removeprefix(f"{problem.file}: "),
            severity=lsp.DiagnosticSeverity.Error,
            source=SETTINGS_SOURCE,
        )
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic]))

    def take_options(self, given: object, *, replace: bool) -> None:
        """The editor's options (a dict, or {"sharecheck": {...}}); unknown or ill-typed ones are logged, not used."""
        table: dict[str, Any] = given if isinstance(given, dict) else {}
        if isinstance(table.get("sharecheck"), dict):
            table = table["sharecheck"]
        options: dict[str, Any] = {} if replace else dict(self.options)
        for key, value in table.items():
            if key not in OPTIONS:
                self.log(
                    f"sharecheck: unknown setting `{key}` ignored (the settings are {', '.join(OPTIONS)})",
                    lsp.MessageType.Warning,
                )
                continue
            if value is None:
                options.pop(key, None)  # null: back to the default
                continue
            if key == "rules" and isinstance(value, str):
                value = [value]
            well_typed = {
                "rules": isinstance(value, list) and all(isinstance(v, str) for v in value),
                "debounce": isinstance(value, int | float) and not isinstance(value, bool),
                "docsUrl": isinstance(value, str),
            }[key]
            if not well_typed:
                self.log(
                    f"sharecheck: setting `{key}` = {value!r} ignored: not the right type", lsp.MessageType.Warning
                )
                continue
            options[key] = value
        self.options = options

    def settings_changed(self, why: str) -> None:
        if self.configure():
            self.reload(why)

    # ------------------------------------------------------------ proposals

    def publish_proposal(self, uri: str) -> None:
        self.timers.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        self.open_proposals.add(uri)
        pack = self.pack()
        if pack is None:
            return
        analysis = proposals.analyse(document.source, pack, file=to_fs_path(uri) or uri)
        self.analyses[uri] = analysis
        found = proposals.diagnostics(analysis, pack, encoding=self.encoding, docs=self.docs)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version)
        )

    def schedule(self, uri: str) -> None:
        """Check after the typing pauses for `debounce` seconds."""
        pending = self.timers.pop(uri, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(self.debounce, guarded(self, None)(lambda: self.publish_proposal(uri)))

    # ------------------------------------------------------------ rule packs

    def publish_pack(self, folder: Path, *, run_cases: bool) -> None:
        found, cases = pack_files.lint_diagnostics(folder)
        self.lint_found[folder] = found
        self.send_pack(folder)
        if run_cases and cases is not None:
            running = self.case_runs.pop(folder, None)
            if running is not None:
                running.cancel()
            self.case_runs[folder] = asyncio.get_running_loop().create_task(self.run_cases(folder, cases))

    async def run_cases(self, folder: Path, cases: list[Case]) -> None:
        try:
            pack = load_pack([folder])
            outcomes: list[Outcome] = []
            for case in cases:
                outcomes.append(run_case(case, pack))
                await asyncio.sleep(0)  # let the editor's requests in between cases
            self.case_found[folder] = pack_files.case_diagnostics(outcomes)
            failed = sum(1 for o in outcomes if not o.passed)
            self.log(f"rule cases of {folder}: {len(outcomes) - failed} passed, {failed} failed")
            self.send_pack(folder)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log(f"running the rule cases of {folder} failed:\n{traceback.format_exc()}", lsp.MessageType.Error)

    def send_pack(self, folder: Path) -> None:
        lint_found = self.lint_found.get(folder, {})
        case_found = self.case_found.get(folder, {})
        uris = {
            from_fs_path(str(p)) or str(p): lint_found.get(p, []) + case_found.get(p, [])
            for p in {*lint_found, *case_found}
        }
        for stale in self.pack_uris.get(folder, set()) - set(uris):
            uris[stale] = []
        for uri, found in uris.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found))
        self.pack_uris[folder] = {u for u, f in uris.items() if f}


def guarded(server: SharecheckServer, default: object) -> Callable[[F], F]:
    """Run a handler; on any error, log it (with the traceback) to the client and return `default`."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(*args: Any) -> Any:
            try:
                return handler(*args)
            except Exception:
                name = getattr(handler, "__name__", "a handler")
                server.log(f"sharecheck: {name} failed:\n{traceback.format_exc()}", lsp.MessageType.Error)
                return default

        return cast(F, run)

    return wrap


def _path(uri: str) -> Path | None:
    fs = to_fs_path(uri)
    return Path(fs) if fs else None


def _is_yaml(uri: str) -> bool:
    return uri.endswith((".yaml", ".yml"))


def build(rules: Sequence[Path] = ()) -> SharecheckServer:
    """The server with every feature registered; `rules` as `check --rules` (options may add to them)."""
    server = SharecheckServer(rules)

    @server.feature(lsp.INITIALIZE)
    @guarded(server, None)
    def initialize(params: lsp.InitializeParams) -> None:
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        server.root = Path(to_fs_path(root) or ".") if root else Path(params.root_path or Path.cwd())
        server.take_options(params.initialization_options, replace=True)
        server.configure()  # the settings file's problems, if any, are published once initialized

    @server.feature(lsp.INITIALIZED)
    @guarded(server, None)
    def initialized(params: lsp.InitializedParams) -> None:
        server.ready = True
        server.publish_settings()
        server.say_settings_problem()
        watched = server.client_capabilities.workspace
        dynamic = watched is not None and watched.did_change_watched_files is not None
        if dynamic and watched is not None and watched.did_change_watched_files.dynamic_registration:  # type: ignore[union-attr]
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[
                    lsp.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}"),
                    *(lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in project_settings.FILE_NAMES),
                ]
            )
            server.client_register_capability(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="sharecheck-pack-files",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded(server, None)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        if proposals.is_proposal(params.text_document.text):
            server.publish_proposal(uri)
        elif _is_yaml(uri) and (path := _path(uri)) is not None and (folder := pack_files.pack_folder(path)):
            server.publish_pack(folder, run_cases=False)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(server, None)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in server.analyses or proposals.is_proposal(server.workspace.get_text_document(uri).source):
            if server.debounce <= 0:
                server.publish_proposal(uri)
            else:
                server.schedule(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @guarded(server, None)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = _path(uri)
        if path is not None and path.name in project_settings.FILE_NAMES:
            server.settings_changed(f"{path.name} was saved")
        elif _is_yaml(uri) and path is not None:
            if server.in_pack(path):
                server.reload(f"{path.name} was saved")
            folder = pack_files.pack_folder(path)
            if folder is not None:
                server.publish_pack(folder, run_cases=True)
        elif uri in server.analyses or proposals.is_proposal(server.workspace.get_text_document(uri).source):
            server.publish_proposal(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(server, None)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = server.timers.pop(uri, None)
        if pending is not None:
            pending.cancel()
        server.open_proposals.discard(uri)
        if server.analyses.pop(uri, None) is not None:
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded(server, None)
    def watched(params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [p for c in params.changes if (p := _path(c.uri)) is not None]
        settings = [p for p in paths if p.name in project_settings.FILE_NAMES]
        if settings and server.configure():
            server.reload(f"{settings[0].name} changed on disk")
            return
        changed = [p for p in paths if server.in_pack(p)]
        if changed:
            server.reload(f"{changed[0].name} changed on disk")

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded(server, None)
    def did_change_configuration(params: lsp.DidChangeConfigurationParams) -> None:
        server.take_options(params.settings, replace=False)
        if server.configure():
            server.reload("the editor's settings changed")
        else:
            server.recheck()  # the debounce or the docs link may have changed

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded(server, None)
    def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        pack = server.pack()
        if pack is None:
            return None
        document = server.workspace.get_text_document(params.text_document.uri)
        lines = Lines(document.source)
        offset = lines.from_client(params.position.line, params.position.character, server.encoding)
        if _is_yaml(params.text_document.uri):
            word, start, end = proposals.word_at(document.source, offset)
            found = proposals.hover_word(word, pack) if word else None
            shown = (found, start, end) if found is not None else None
        else:
            shown = proposals.hover(document.source, offset, pack)
        if shown is None:
            return None
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=shown[0]),
            range=proposals.client_range(lines, shown[1], shown[2], server.encoding),
        )

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"', ":"]))
    @guarded(server, None)
    def completion(params: lsp.CompletionParams) -> lsp.CompletionList | None:
        pack = server.pack()
        uri = params.text_document.uri
        if pack is None or _is_yaml(uri):
            return None
        document = server.workspace.get_text_document(uri)
        lines = Lines(document.source)
        offset = lines.from_client(params.position.line, params.position.character, server.encoding)
        spot = spot_at(document.source, offset)
        if spot is None:
            return None
        last = server.analyses.get(uri)
        fired = [f.rule for f in last.result.findings] if last is not None else []
        found = proposals.candidates(spot, last.data if last is not None else {}, pack, fired)
        items = proposals.completion_items(document.source, spot, found, lines, server.encoding)
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])
    )
    @guarded(server, None)
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        pack = server.pack()
        if uri not in server.analyses or pack is None:
            return None
        if server.analyses[uri].text != server.workspace.get_text_document(uri).source:
            server.publish_proposal(uri)  # typed since the last check: offsets must match the text
        analysis = server.analyses[uri]
        encoding = server.encoding
        start = analysis.lines.from_client(params.range.start.line, params.range.start.character, encoding)
        end = analysis.lines.from_client(params.range.end.line, params.range.end.character, encoding)
        return proposals.code_actions(analysis, pack, uri, start, end, encoding=encoding, today=dt.date.today())

    return server


def serve(rules: Sequence[Path] = ()) -> None:
    """Run the server on stdin/stdout until the editor says exit."""
    build(rules).start_io()
