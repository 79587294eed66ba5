"""The Starlette app: pages and a small JSON API, every request checked for Host and Origin.

The builder edits the proposal as data in the page; each change posts the whole proposal to
/api/check, which runs the same check() as `sharecheck check` with the same pack.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from sharecheck import __version__
from sharecheck.authoring.explain import explain_rule
from sharecheck.authoring.starter import starter
from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.formats.html_format import render as render_committee
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Report, Result, Severity
from sharecheck.serve.form import FormBuilder, label
from sharecheck.serve.store import Conflict, Folder, StoreError, formatted

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_MAX_BODY = 4 * 1024 * 1024
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class GuardMiddleware:
    """Refuse any request whose Host is not ours (DNS rebinding) or whose Origin is another site."""

    def __init__(self, app: ASGIApp, allowed_hosts: Callable[[], set[str]]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        allowed = self.allowed_hosts()
        problem = None
        if host not in allowed:
            problem = f"refused: Host {host!r} is not this builder's address"
        elif scope["method"] not in _SAFE_METHODS:
            origin = headers.get("origin")
            if origin is None or origin not in {f"http://{h}" for h in allowed}:
                problem = "refused: a change must come from this builder's own page (Origin)"
        if problem:
            response: Response = PlainTextResponse(problem, status_code=403)
        else:
            response = None  # type: ignore[assignment]
        if response is not None:
            await response(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (
                        b"referrer-policy",
                        b"same-origin",
                    ),  # no-referrer makes Chromium send "Origin: null" on form posts
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True)
class Settings:
    folder: Folder
    pack: Pack
    hosts: frozenset[str]


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("sharecheck.serve", "templates"), autoescape=select_autoescape(default=True))
    env.filters["label"] = label
    return env


def _json_for_page(value: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` can close the element."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def findings_json(result: Result) -> dict[str, Any]:
    band = result.band
    return {
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "category": f.category,
                "message": f.message,
                "path": f.path,
                "remediation": f.remediation,
                "waived": f.waiver is not None,
            }
            for f in result.findings
        ],
        "blockers": result.count(Severity.BLOCKER),
        "warnings": result.count(Severity.WARNING),
        "band": {
            "id": band.id,
            "label": label(band.id),
            "mean": band.mean,
            "next_band": band.next_band,
            "moves": [{"question": m.question, "from": m.score_from, "to": m.score_to} for m in band.next_band_moves],
            "missing": list(band.missing),
        },
    }


def create_app(folder: Path, pack: Pack, hosts: set[str]) -> Starlette:
    """The builder for FOLDER; `hosts` are the Host values it answers to (e.g. 127.0.0.1:8765)."""
    settings = Settings(Folder(folder), pack, frozenset(hosts))
    env = _environment()
    guidance = starter(pack.framework)

    def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(version=__version__, **context)
        return HTMLResponse(html, status_code=status)

    def register_row(name: str) -> dict[str, Any]:
        loaded = settings.folder.load(name)
        result = check_bytes(loaded.raw, pack, file=name)
        try:
            data = json.loads(loaded.raw)
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        agreement = data.get("agreement") if isinstance(data.get("agreement"), dict) else {}
        today = dt.date.today()
        expiring = []
        for waiver in data.get("waivers") or []:
            if isinstance(waiver, dict) and isinstance(waiver.get("expires"), str):
                try:
                    days = (dt.date.fromisoformat(waiver["expires"]) - today).days
                except ValueError:
                    continue
                if days <= 60:
                    expiring.append(f"{waiver.get('rule', '?')} {waiver['expires']}")
        worst = result.worst()
        verdict = "blocked" if worst is Severity.BLOCKER else ("warnings" if worst is Severity.WARNING else "passes")
        return {
            "name": name,
            "title": str(data.get("title") or (result.proposal.title if result.proposal else "") or name),
            "status": str(data.get("status", "")),
            "verdict": verdict,
            "band": label(result.band.id),
            "review": str((agreement or {}).get("review_date", "")),
            "expiring": ", ".join(expiring),
        }

    async def register(request: Request) -> Response:
        rows = [register_row(n) for n in settings.folder.names()]
        key = request.query_params.get("sort", "name")
        if key not in {"name", "title", "status", "verdict", "band", "review", "expiring"}:
            key = "name"
        descending = request.query_params.get("order") == "desc"
        rows.sort(key=lambda r: (r[key] == "", r[key].lower()), reverse=descending)
        return page("register.html", rows=rows, sort=key, descending=descending, folder=str(settings.folder.root))

    async def new(request: Request) -> Response:
        # a plain urlencoded form: parsed here rather than with python-multipart, one dependency fewer
        from urllib.parse import parse_qs

        fields = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        raw_name = (fields.get("name") or [""])[0].strip()
        name = raw_name if raw_name.endswith(".json") else f"{raw_name}.json"
        try:
            settings.folder.save(name, formatted(starter(pack.framework, name)), expected_sha256=None)
        except StoreError as error:
            rows = [register_row(n) for n in settings.folder.names()]
            return page(
                "register.html",
                status=400,
                rows=rows,
                sort="name",
                descending=False,
                error=str(error),
                folder=str(settings.folder.root),
            )
        return RedirectResponse(f"/edit/{name}", status_code=303)

    def _load(name: str) -> tuple[Any, str]:
        loaded = settings.folder.load(name)
        return json.loads(loaded.raw), loaded.sha256

    async def edit(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            document, sha = _load(name)
        except (StoreError, FileNotFoundError) as error:
            return PlainTextResponse(f"cannot open {name}: {error}", status_code=404)
        except ValueError as error:
            return PlainTextResponse(
                f"{name} is not valid JSON ({error}); fix it in an editor, then reopen it", status_code=422
            )
        if not isinstance(document, dict):
            return PlainTextResponse(f"{name} does not hold a JSON object", status_code=422)
        builder = FormBuilder(pack.framework, pack.gateways, guidance)
        result = check(document, pack, file=name)
        return page(
            "edit.html",
            name=name,
            title=str(document.get("title") or name),
            form=builder.render(document),
            document=_json_for_page(document),
            sha=sha,
            initial=_json_for_page(findings_json(result)),
        )

    async def body(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > _MAX_BODY:
            raise StoreError("the proposal is too large")
        return json.loads(raw)

    async def api_check(request: Request) -> Response:
        payload = await body(request)
        document = payload.get("document")
        if not isinstance(document, dict):
            return JSONResponse({"error": "document must be a JSON object"}, status_code=400)
        return JSONResponse(findings_json(check(document, pack)))

    async def api_form(request: Request) -> Response:
        payload = await body(request)
        document = payload.get("document")
        if not isinstance(document, dict):
            return JSONResponse({"error": "document must be a JSON object"}, status_code=400)
        builder = FormBuilder(pack.framework, pack.gateways, guidance)
        return HTMLResponse(str(builder.render(document)))

    async def api_save(request: Request) -> Response:
        payload = await body(request)
        document, name = payload.get("document"), payload.get("name")
        if not isinstance(document, dict) or not isinstance(name, str):
            return JSONResponse({"error": "send a name and a document"}, status_code=400)
        expected = payload.get("sha256")
        if payload.get("overwrite") is True:
            try:
                expected = settings.folder.load(name).sha256
            except FileNotFoundError:
                expected = None
            except StoreError as error:
                return JSONResponse({"error": str(error)}, status_code=403)
        try:
            sha = settings.folder.save(
                name, formatted(document), expected_sha256=expected if isinstance(expected, str) else None
            )
        except Conflict as error:
            return JSONResponse({"error": str(error), "conflict": True}, status_code=409)
        except StoreError as error:
            return JSONResponse({"error": str(error)}, status_code=403)
        return JSONResponse({"sha256": sha, "saved": name})

    async def api_explain(request: Request) -> Response:
        text = explain_rule(request.path_params["rule"], pack)
        if text is None:
            return PlainTextResponse("no such rule in this pack", status_code=404)
        return PlainTextResponse(text)

    async def committee(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            loaded = settings.folder.load(name)
        except (StoreError, FileNotFoundError) as error:
            return PlainTextResponse(f"cannot open {name}: {error}", status_code=404)
        result = check_bytes(loaded.raw, pack, file=name)
        return HTMLResponse(render_committee(Report(__version__, pack.info, (result,))))

    async def failures(request: Request, call: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            return await call(request)
        except StoreError as error:
            return JSONResponse({"error": str(error)}, status_code=403)
        except ValueError as error:
            return JSONResponse({"error": f"not JSON: {error}"}, status_code=400)

    def guarded(call: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            return await failures(request, call)

        return run

    static = Path(__file__).parent / "static"
    routes = [
        Route("/", register),
        Route("/new", guarded(new), methods=["POST"]),
        Route("/edit/{name}", edit),
        Route("/committee/{name}", committee),
        Route("/api/check", guarded(api_check), methods=["POST"]),
        Route("/api/form", guarded(api_form), methods=["POST"]),
        Route("/api/save", guarded(api_save), methods=["POST"]),
        Route("/api/explain/{rule}", api_explain),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(GuardMiddleware, allowed_hosts=lambda: set(settings.hosts))
    return app


def serve_forever(
    app_factory: Callable[[set[str]], Starlette], port: int, announce: Callable[[str], None], open_browser: bool
) -> None:
    """Bind 127.0.0.1 only (port 0: a free one), print the address, then run until interrupted."""
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    bound = sock.getsockname()[1]
    hosts = {f"127.0.0.1:{bound}", f"localhost:{bound}"}
    url = f"http://127.0.0.1:{bound}/"
    announce(url)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app_factory(hosts), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
