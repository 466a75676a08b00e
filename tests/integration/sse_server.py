"""A local EventStreams stand-in on 127.0.0.1: replays recentchange events over Server-Sent Events.

Like stream.wikimedia.org it gives each event an ``id:`` (a JSON list of Kafka positions) and resumes
after the ``Last-Event-ID`` a reconnecting client sends. ``drop()`` closes open connections (the
client should reconnect and resume); ``stop()`` ends the server (the client should fall back).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StreamServer:
    def __init__(self) -> None:
        self.events: list[dict] = []
        self.cond = threading.Condition()
        self.generation = 0              # bumped by drop(): open connections end
        self.last_event_ids: list[str] = []   # the Last-Event-ID header of each connection ('' if none)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"     # chunked, as the real service: each event arrives at once

            def log_message(self, *args) -> None:
                pass

            def chunk(self, data: bytes) -> None:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def do_GET(self) -> None:
                last = self.headers.get("Last-Event-ID", "")
                server.last_event_ids.append(last)
                start = json.loads(last)[0]["offset"] + 1 if last else 0
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                generation = server.generation
                sent = start
                try:
                    while True:
                        with server.cond:
                            server.cond.wait_for(lambda: len(server.events) > sent or server.generation != generation,
                                                 timeout=1)
                            if server.generation != generation:
                                self.chunk(b"")        # the last chunk: the server closes the stream
                                self.close_connection = True
                                return
                            todo = server.events[sent:]
                        for event in todo:
                            position = json.dumps([{"topic": "eqiad.mediawiki.recentchange", "partition": 0,
                                                    "offset": sent}])
                            self.chunk(f"event: message\nid: {position}\ndata: {json.dumps(event)}\n\n".encode())
                            sent += 1
                        if not todo:
                            self.chunk(b":\n\n")   # a heartbeat, as the real service sends
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v2/stream/recentchange"

    def publish(self, *events: dict) -> None:
        with self.cond:
            self.events.extend(events)
            self.cond.notify_all()

    def drop(self) -> None:
        with self.cond:
            self.generation += 1
            self.cond.notify_all()

    def stop(self) -> None:
        self.drop()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0.2)


def recentchange_event(row: dict, wiki: str, domain: str = "127.0.0.1") -> dict:
    """A list=recentchanges row of the local wiki as EventStreams would send it (mediawiki/recentchange/1.0.0)."""
    from datetime import datetime
    stamp = int(datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00")).timestamp())
    event = {"$schema": "/mediawiki/recentchange/1.0.0",
             "meta": {"uri": f"http://{domain}/wiki/{row['title'].replace(' ', '_')}", "domain": domain,
                      "stream": "mediawiki.recentchange", "dt": row["timestamp"], "id": f"rc-{row['rcid']}"},
             "id": row["rcid"], "type": row["type"], "namespace": row["ns"], "title": row["title"],
             "comment": row.get("comment", ""), "timestamp": stamp, "user": row.get("user", ""),
             "bot": False, "server_url": f"http://{domain}", "server_name": domain, "server_script_path": "",
             "wiki": wiki}
    if row["type"] in ("edit", "new"):
        event.update(minor=False, patrolled=True, length={"old": row.get("oldlen"), "new": row.get("newlen")},
                     revision={"old": row.get("old_revid") or None, "new": row["revid"]})
    else:
        params = dict(row.get("logparams") or {})
        if "target_title" in params:        # the stream names a move's new title "target"
            params = {"target": params["target_title"], "noredir": "0"}
        event.update(log_id=row.get("logid"), log_type=row.get("logtype"), log_action=row.get("logaction"),
                     log_params=params, log_action_comment="")
    return event
