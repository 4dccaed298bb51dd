"""Real servers on 127.0.0.1 for the integration tests, and a client that writes requests as
they go on the wire: redis-server, uvicorn in a thread, the sender apps in a process."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

HOST = "127.0.0.1"
BINDINGS_PYTHON = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_listening(port: int, process: Optional[subprocess.Popen[bytes]] = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {seconds} s")


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    headers: Dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    port: int,
    method: str,
    path: str,
    headers: Sequence[Tuple[str, str]] = (),
    body: bytes = b"",
    *,
    chunked: bool = False,
    send_body: bool = True,
    timeout: float = 30,
) -> Answer:
    """One HTTP/1.1 request on its own connection, written as is: ``chunked`` sends the body in
    64 KiB chunks without Content-Length; ``send_body=False`` sends only the head (with the
    body's Content-Length) and reads the answer, which the server must give without the body."""
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    head += [f"{name}: {value}" for name, value in headers]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(body)}")
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        try:
            if chunked:
                for start in range(0, len(body), 65536):
                    part = body[start : start + 65536]
                    sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                sock.sendall(b"0\r\n\r\n")
            elif send_body:
                sock.sendall(body)
        except OSError:
            pass  # the server answered and closed before taking it all: its answer counts
        received = bytearray()
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
                if _complete(bytes(received)):
                    break
    return _parse(bytes(received))


def _complete(raw: bytes) -> bool:
    head_end = raw.find(b"\r\n\r\n")
    if head_end < 0:
        return False
    headers = _headers(raw[:head_end])
    if "content-length" in headers:
        return len(raw) - head_end - 4 >= int(headers["content-length"])
    return raw.endswith(b"0\r\n\r\n")


def _headers(head: bytes) -> Dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}


def _parse(raw: bytes) -> Answer:
    head_end = raw.find(b"\r\n\r\n")
    if head_end < 0:
        raise ConnectionError(f"no complete answer: {raw[:200]!r}")
    status = int(raw[: raw.find(b"\r\n")].split()[1])
    headers = _headers(raw[:head_end])
    rest = raw[head_end + 4 :]
    if "chunked" in headers.get("transfer-encoding", ""):
        body = bytearray()
        while (size := int(rest[: rest.find(b"\r\n")].split(b";")[0], 16)) > 0:
            start = rest.find(b"\r\n") + 2
            body += rest[start : start + size]
            rest = rest[start + size + 2 :]
        return Answer(status, headers, bytes(body))
    return Answer(status, headers, rest[: int(headers.get("content-length", len(rest)))])


@contextlib.contextmanager
def uvicorn_server(app: Any) -> Iterator[int]:
    """``app`` served by uvicorn in a thread of this process; yields its port."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_listening(port)
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def werkzeug_server(app: Any) -> Iterator[int]:
    """A WSGI app served by werkzeug's threaded server (Flask's own) in a thread; yields its port."""
    from werkzeug.serving import make_server

    server = make_server(HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(10)


@dataclass
class TestApp:
    """A sender app running in its own process (see tests/sender_apps)."""

    port: int
    handled_log: Path
    secret: str

    def handled(self) -> List[str]:
        return self.handled_log.read_text(encoding="utf-8").split()


@contextlib.contextmanager
def sender_app(name: str, **environment: str) -> Iterator[TestApp]:
    """``python -m tests.sender_apps NAME`` with the suite's environment (and ``environment``)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        handled_log = Path(folder) / "handled.log"
        handled_log.touch()
        secret = "whsec_real_server_test"
        env = dict(
            os.environ,
            PORT=str(port),
            SHARPAPI_WEBHOOK_SECRET=secret,
            SHARPAPI_WEBHOOK_PREVIOUS_SECRET="whsec_real_server_previous",
            SHARPAPI_HANDLED_LOG=str(handled_log),
            **environment,
        )
        log = open(Path(folder) / "app.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sender_apps", name],
            cwd=BINDINGS_PYTHON, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            wait_listening(port, process)
            yield TestApp(port, handled_log, secret)
        except BaseException:
            log.flush()
            sys.stderr.write((Path(folder) / "app.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A redis-server of its own on a free port, keeping nothing on disk; yields its URL. Fails
    (never skips) when redis-server is missing: scripts/test_python.sh installs it."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed (scripts/test_python.sh installs Debian's redis-server)")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [executable, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_listening(port, process)
            yield f"redis://{HOST}:{port}/0"
        finally:
            process.terminate()
            process.wait(15)
