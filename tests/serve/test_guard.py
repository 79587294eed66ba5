"""The builder answers only to its own address and its own pages (DNS rebinding, cross-site posts)."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

from tests.serve.conftest import Builder


def request(builder: Builder, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", builder.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True)
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def own(builder: Builder) -> str:
    return f"127.0.0.1:{builder.port}"


def test_a_foreign_host_is_refused_and_our_own_is_served(builder: Builder) -> None:
    assert request(builder, "GET", "/", {"Host": f"attacker.example:{builder.port}"})[0] == 403
    assert request(builder, "GET", "/", {"Host": own(builder)})[0] == 200
    assert request(builder, "GET", "/", {"Host": f"localhost:{builder.port}"})[0] == 200


def test_a_post_from_another_origin_or_without_one_is_refused(builder: Builder) -> None:
    body = json.dumps({"name": "energy-rebates.json", "document": {}}).encode()
    before = (builder.folder / "energy-rebates.json").read_bytes()
    for origin in ({"Origin": "http://attacker.example"}, {}, {"Origin": "null"}):
        status, _ = request(builder, "POST", "/api/save", {"Host": own(builder), **origin}, body)
        assert status == 403
    assert (builder.folder / "energy-rebates.json").read_bytes() == before


def test_saving_outside_the_folder_is_refused(builder: Builder, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("{}", "utf-8")
    (builder.folder / "link.json").symlink_to(outside)
    headers = {"Host": own(builder), "Origin": f"http://{own(builder)}", "Content-Type": "application/json"}
    for name in ("../outside.json", "link.json", "%2e%2e/outside.json"):
        body = json.dumps({"name": name, "document": {"title": "x"}, "sha256": None}).encode()
        status, _ = request(builder, "POST", "/api/save", headers, body)
        assert status == 403, name
    assert outside.read_text("utf-8") == "{}"
    status, _ = request(builder, "GET", "/edit/..%2Foutside.json", {"Host": own(builder)})
    assert status == 404


def test_pages_forbid_inline_script(builder: Builder) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", builder.port, timeout=30)
    connection.request("GET", "/edit/energy-rebates.json")
    policy = connection.getresponse().getheader("content-security-policy") or ""
    connection.close()
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
