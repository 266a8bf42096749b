"""A small HTTP API over an index, on the standard library's WSGI server (`wsgiref`), listening on
the loopback interface unless told otherwise:

- `GET /stats`: the index's figures (`Index.stats`), as JSON;
- `POST /query`: the body is one article as a JSON object (the fields of CONTRACT.md: `id`,
  `text`, `outlet`, `published`, `title`, ...) or a JSON array of them; the answer is the JSON
  report of `Index.query` (the same as `newsreuse index query ... -f json`). `?add=1` adds the
  articles afterwards.

Every request opens the index and closes it, so articles that another process adds are seen by
the next request. Errors come back as JSON, `{"error": "..."}`, with status 400 (bad input), 404,
405, 413 (a body over `MAX_BODY` bytes) or 500; none stops the server. `app` is a WSGI
application: any WSGI server (gunicorn, waitress) can run it instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any, Optional, Union
from urllib.parse import parse_qs

from ..errors import InputError, SettingsError

__all__ = ["MAX_BODY", "app", "serve"]

# The largest request body read: some thousands of articles.
MAX_BODY = 64 * 1024 * 1024

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _answer(start: StartResponse, status: int, body: str) -> list[bytes]:
    data = body.encode("utf-8")
    code = HTTPStatus(status)
    start(
        f"{code.value} {code.phrase}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
        ],
    )
    return [data]


def _error(start: StartResponse, status: int, message: str) -> list[bytes]:
    return _answer(start, status, json.dumps({"error": message}))


def app(path: Union[str, Path]) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application over the index at `path` (which must exist)."""
    from . import Index

    index_path = Path(path)

    def application(environ: dict[str, Any], start: StartResponse) -> list[bytes]:
        route = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        wanted = {"/stats": "GET", "/query": "POST"}
        if route not in wanted:
            return _error(start, 404, f"no {route}: ask GET /stats or POST /query")
        if method != wanted[route]:
            return _error(start, 405, f"{route} takes {wanted[route]}, not {method}")
        try:
            if route == "/stats":
                with Index(index_path, create=False) as ix:
                    return _answer(start, 200, json.dumps(ix.stats()))
            return _query(environ, start, index_path)
        except (InputError, SettingsError) as exc:
            return _error(start, 400, str(exc))
        except Exception as exc:  # noqa: BLE001 - one request must never stop the server
            return _error(start, 500, f"{type(exc).__name__}: {exc}")

    return application


def _query(
    environ: dict[str, Any],
    start: StartResponse,
    index_path: Path,
) -> list[bytes]:
    from ..reports import json_report
    from . import Index

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error(start, 400, "Content-Length is not a number")
    if length > MAX_BODY:
        return _error(start, 413, f"the body is {length:,} bytes; at most {MAX_BODY:,} are read")
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return _error(start, 400, f"the body is not JSON ({exc}): send an article as an object")
    items = body if isinstance(body, list) else [body]
    if not items or not all(isinstance(x, dict) for x in items):
        return _error(start, 400, "send an article as a JSON object, or a JSON array of them")
    add = parse_qs(environ.get("QUERY_STRING", "")).get("add", ["0"])[-1] in ("1", "true", "yes")
    with Index(index_path, create=False) as ix:
        report = ix.query(items, add=add)
    return _answer(start, 200, json_report.render(report))


def serve(
    path: Union[str, Path],
    host: str = "127.0.0.1",
    port: int = 8754,
    ready: Optional[Callable[[str], None]] = None,
) -> None:
    """Serve the index at `path` until interrupted; `ready` is told the server's address once
    it listens."""
    from wsgiref.simple_server import make_server

    from . import Index

    Index(path, create=False).close()  # a missing or foreign file fails here, not per request
    with make_server(host, port, app(path)) as server:
        if ready is not None:
            ready(f"http://{host}:{server.server_port}")
        server.serve_forever()
