"""A local S3-compatible server for tests: moto in server mode on 127.0.0.1, behind a proxy
that answers some requests with a throttling or 5xx error instead of forwarding them."""

from __future__ import annotations

import http.client
import logging
import random
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = [(503, "SlowDown"), (500, "InternalError"), (503, "ServiceUnavailable")]


class FaultyProxy(ThreadingHTTPServer):
    """Forwards to the S3 server; a request gets an error answer instead with probability
    ``rate`` (``get_rate`` for GETs), drawn from a seeded generator. (Not every n-th request:
    operations of a fixed number of requests would then fail on every attempt.)"""

    daemon_threads = True

    def __init__(self, target: tuple[str, int], rate: float, get_rate: float):
        super().__init__(("127.0.0.1", 0), _Forward)
        self.target = target
        self.rate = rate
        self.get_rate = get_rate
        self.random = random.Random(0)
        self.requests = 0
        self.injected = 0
        self.injected_gets = 0
        self.lock = threading.Lock()

    def fault_for(self, method: str) -> tuple[int, str] | None:
        with self.lock:
            self.requests += 1
            hit = self.random.random() < (self.get_rate if method == "GET" else self.rate)
            fault = FAULTS[self.injected % len(FAULTS)] if hit else None
            self.injected += hit
            self.injected_gets += hit and method == "GET"
            return fault


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without this, each answer waits for the
    # client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True

    def log_message(self, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        server: FaultyProxy = self.server  # type: ignore[assignment]
        body = self._body()
        fault = server.fault_for(self.command)
        if fault:
            status, code = fault
            payload = (f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>injected"
                       "</Message></Error>").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":  # a HEAD answer has no body
                self.wfile.write(payload)
            return
        conn = http.client.HTTPConnection(*server.target, timeout=60)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("connection", "transfer-encoding", "content-length")}
        headers["Content-Length"] = str(len(body))
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        # A HEAD answer has no body but tells the object's size.
        length = answer.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length or str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    def _body(self) -> bytes:
        if "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline().strip():
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


@dataclass
class S3:
    env: dict[str, str]  # what a client needs to reach the server through the proxy
    direct: Any  # an s3fs filesystem talking to the server without faults
    proxy: FaultyProxy


@contextmanager
def s3_server(*, rate: float = 0.1, get_rate: float = 0.0) -> Iterator[S3]:
    import s3fs
    from moto.server import ThreadedMotoServer
    from werkzeug.serving import WSGIRequestHandler

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request
    # moto's server writes an answer's headers and body apart too (see _Forward).
    WSGIRequestHandler.disable_nagle_algorithm = True
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    proxy = FaultyProxy(server.get_host_and_port(), rate=rate, get_rate=get_rate)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    env = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://127.0.0.1:{proxy.server_address[1]}"}
    host, port = server.get_host_and_port()
    # No listing cache: tests poll for files the run writes.
    direct = s3fs.S3FileSystem(key="test", secret="test", endpoint_url=f"http://{host}:{port}",
                               use_listings_cache=False)
    try:
        yield S3(env, direct, proxy)
    finally:
        proxy.shutdown()
        server.stop()
