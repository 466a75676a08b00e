"""A small HTTP proxy on 127.0.0.1 that injects faults between pywikibot and the local wiki.

Rules are consumed in order: each says which requests it matches (a substring
of the request body or URL) and what to do instead of (or before) forwarding:
  "500", "503"      answer with that HTTP status
  "delay"           wait past the client's timeout, then drop the connection
  "drop"            close the connection without an answer
  "maxlag"          answer MediaWiki's maxlag error (with Retry-After)
  "protected"       answer the API error a protected page gives (a permanent refusal)
  "api-error:<code>" answer MediaWiki's API error <code> (e.g. internal_api_error_DBQueryError)
  "before:<fn>"     call a Python function, then forward (e.g. a human edit -> edit conflict)
Every request is kept in ``seen`` (its path and body), in the order the client sent them.
It stops itself when the test ends (context manager) and never listens beyond loopback.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Rule:
    match: str
    fault: str
    times: int = 1
    action: Callable[[], None] | None = None
    hits: int = 0


@dataclass
class FaultProxy:
    upstream_port: int
    delay: float = 4.0
    rules: list[Rule] = field(default_factory=list)
    injected: int = 0
    edits_forwarded: int = 0
    on_edit_answered: Callable[[], None] | None = None
    seen: list[str] = field(default_factory=list)

    def __enter__(self) -> "FaultProxy":
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                text = self.path + "?" + body.decode("utf-8", "replace")
                proxy.seen.append(text)
                rule = proxy._take(text)
                if rule is not None:
                    proxy.injected += 1
                    if rule.fault in ("500", "503"):
                        return self._answer(int(rule.fault), b"<html>Server error (injected)</html>", "text/html")
                    if rule.fault == "drop":
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return None
                    if rule.fault == "delay":
                        time.sleep(proxy.delay)
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return None
                    if rule.fault == "maxlag":
                        data = json.dumps({"error": {"code": "maxlag", "info": "Waiting for 127.0.0.1: 7 seconds lagged.",
                                                     "host": "127.0.0.1", "lag": 7}}).encode()
                        return self._answer(200, data, "application/json",
                                            {"Retry-After": "1", "X-Database-Lag": "7"})
                    if rule.fault == "protected":
                        data = json.dumps({"error": {"code": "protectedpage",
                                                     "info": "This page has been protected to prevent editing."}}).encode()
                        return self._answer(200, data, "application/json")
                    if rule.fault.startswith("api-error:"):
                        data = json.dumps({"error": {"code": rule.fault.removeprefix("api-error:"),
                                                     "info": "injected by the test's proxy"}}).encode()
                        return self._answer(200, data, "application/json")
                    if rule.fault == "before" and rule.action:
                        rule.action()
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                extra = {k: v for k, v in answer.getheaders()
                         if k.lower() in ("set-cookie", "retry-after", "x-database-lag")}
                cookies = answer.headers.get_all("Set-Cookie") or []
                conn.close()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.getheader("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(data)))
                for cookie in cookies:
                    self.send_header("Set-Cookie", cookie)
                for k, v in extra.items():
                    if k.lower() != "set-cookie":
                        self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
                if "action=edit" in text and b'"result":"Success"' in data:
                    proxy.edits_forwarded += 1
                    if proxy.on_edit_answered:
                        proxy.on_edit_answered()

            def _answer(self, status, data, ctype, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def _take(self, text: str) -> Rule | None:
        for rule in self.rules:
            if rule.hits < rule.times and rule.match in text:
                rule.hits += 1
                return rule
        return None

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
