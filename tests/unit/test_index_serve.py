"""`newsreuse index serve`: the index's query and stats over HTTP (the standard library's WSGI
server), answers equal to the library's, errors as JSON that never stop the server."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

import reuse
from reuse.index.serve import app
from reuse.reports import json_report


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:  # no request lines in the test output
        pass


@pytest.fixture()
def served(tmp_path: Path, seeds_dir: Path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "s.db"
    with reuse.Index(path) as ix:
        ix.add(seeds_dir, jobs=1)
    server = make_server("127.0.0.1", 0, app(path), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", path
    server.shutdown()
    server.server_close()


def _call(url: str, body: Optional[bytes] = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_query_and_stats_answer_as_the_library_does(
    served: tuple[str, Path], seeds_dir: Path
) -> None:
    url, path = served
    source = sorted(seeds_dir.glob("001*"))[0]
    draft = {
        "id": "draft",
        "text": "Our correspondent writes. " + source.read_text(encoding="utf-8")[:700],
        "outlet": "Desk",
    }
    status, stats = _call(f"{url}/stats")
    assert status == 200 and stats["articles"] == 5
    status, report = _call(f"{url}/query", json.dumps(draft).encode())
    assert status == 200
    with reuse.Index(path) as ix:
        expected = json.loads(json_report.render(ix.query(draft)))
    assert report == expected
    assert {(m["a"], m["b"]) for m in report["matches"]} >= {(source.stem, "draft")}
    # Not added unless asked; then added.
    assert _call(f"{url}/stats")[1]["articles"] == 5
    assert _call(f"{url}/query?add=1", json.dumps([draft]).encode())[0] == 200
    assert _call(f"{url}/stats")[1]["articles"] == 6


def test_bad_requests_are_answered_in_json_and_the_server_goes_on(
    served: tuple[str, Path],
) -> None:
    url, _ = served
    status, body = _call(f"{url}/query", b"{not json")
    assert status == 400 and "not JSON" in body["error"]
    status, body = _call(f"{url}/query", b'"just a string"')
    assert status == 400 and "JSON object" in body["error"]
    status, body = _call(f"{url}/query", json.dumps({"id": "x", "text": "  "}).encode())
    assert status == 400 and body["error"]  # no article could be read: the reason is given
    status, body = _call(f"{url}/stats", b"{}")
    assert status == 405 and "GET" in body["error"]
    status, body = _call(f"{url}/nowhere")
    assert status == 404 and "/query" in body["error"]
    assert _call(f"{url}/stats")[0] == 200  # still serving


def test_the_command_names_a_missing_index_and_a_port_in_use(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from reuse.cli import cli

    url, path = served
    missing = CliRunner().invoke(cli, ["index", "serve", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no index here" in missing.output
    taken = url.rsplit(":", 1)[1]
    busy = CliRunner().invoke(cli, ["index", "serve", str(path), "--port", taken])
    assert busy.exit_code == 1 and f"cannot listen on 127.0.0.1:{taken}" in busy.output
