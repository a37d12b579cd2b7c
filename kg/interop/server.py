"""A real SPARQL 1.1 server for the graph (Oxigraph's), and pushing the graph into any store.

``oxigraph`` (the pip package of the same name) ships a native server binary. This module
fills a store directory with ``oxigraph load``, runs ``oxigraph serve-read-only`` (or ``serve``)
on a loopback port, waits until it answers, and stops it. :func:`push` sends N-Triples to any
SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph ``/store``, Fuseki ``/<ds>/data``, GraphDB
``/repositories/<id>/rdf-graphs/service``, Virtuoso ``/sparql-graph-crud``) with ``urllib``.
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO

from .constants import OXIGRAPH_BINARY, SERVER_HOST, SERVER_START_TIMEOUT_S

__all__ = [
    "ServerError",
    "oxigraph_binary",
    "free_port",
    "load_store",
    "OxigraphServer",
    "gsp_url",
    "push",
]


class ServerError(RuntimeError):
    """The server could not be found, started or reached, or a store refused data."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """In a child process: ask Linux to SIGKILL it when the parent thread exits, so that no
    oxigraph outlives the Python process that started it, even one killed with SIGKILL."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


#: ``preexec_fn`` for the processes this module starts (Linux only; elsewhere none).
CHILD_SETUP = _die_with_parent if sys.platform.startswith("linux") else None


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server executable installed by the ``oxigraph`` pip package.

    Looks beside the running Python first (the package's own scripts folder), then on PATH.

    Raises:
        ServerError: the executable is not installed.
    """
    # Beside this Python, then beside the base interpreter of a venv (where pip put it when
    # the venv uses the system's packages), then PATH (possibly a wrapper script such as a
    # pyenv shim, which is slower to start and adds a process).
    for folder in (Path(sys.executable).parent, Path(sys.base_prefix) / "bin"):
        cand = folder / OXIGRAPH_BINARY
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    found = shutil.which(OXIGRAPH_BINARY)
    if not found:
        raise ServerError("the 'oxigraph' server is not installed: pip install oxigraph")
    return found


def free_port(host: str = SERVER_HOST) -> int:
    """A TCP port that is free on ``host`` now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def load_store(location: Path, files: list[Path], lenient: bool = False) -> None:
    """Load RDF files into an Oxigraph store directory with ``oxigraph load``.

    Args:
        location: the store directory (created if missing).
        files: RDF files; the format is guessed from each extension (``.nt``, ``.ttl``, ...).
        lenient: skip most validation (faster for inputs known to be valid).

    Raises:
        ServerError: the loader failed (its last output line is in the message).
    """
    location.mkdir(parents=True, exist_ok=True)
    cmd = [oxigraph_binary(), "load", "--location", str(location)]
    if lenient:
        cmd.append("--lenient")
    for f in files:
        cmd += ["--file", str(f)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          preexec_fn=CHILD_SETUP)  # noqa: PLW1509 (no threads yet)
    if proc.returncode != 0:
        lines = [x for x in (proc.stderr or proc.stdout).splitlines() if x.strip()]
        raise ServerError(f"oxigraph load failed: {lines[-1] if lines else proc.returncode}")


class OxigraphServer:
    """An ``oxigraph`` server process on a loopback port; a context manager that stops it.

    Args:
        location: the store directory to serve.
        port: TCP port; 0 picks a free one.
        read_only: run ``serve-read-only`` (updates and Graph Store writes get HTTP 403).
        host: interface to bind (loopback by default: the server has no authentication).
        timeout_s: per-query timeout passed to the server.
        log: where the server's output goes (default: discarded).

    >>> with OxigraphServer(Path("store")) as srv:     # doctest: +SKIP
    ...     print(srv.query_url)
    http://127.0.0.1:41233/query
    """

    def __init__(
        self,
        location: Path,
        port: int = 0,
        read_only: bool = True,
        host: str = SERVER_HOST,
        timeout_s: float | None = None,
        log: IO[bytes] | None = None,
    ) -> None:
        self.location = Path(location)
        self.requested_port = port
        self.port = port
        self.read_only = read_only
        self.host = host
        self.timeout_s = timeout_s
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 update endpoint (refused by a read-only server)."""
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint."""
        return f"{self.base_url}/store"

    def _spawn(self) -> subprocess.Popen[bytes]:
        cmd = [oxigraph_binary(), "serve-read-only" if self.read_only else "serve",
               "--location", str(self.location), "--bind", f"{self.host}:{self.port}"]
        if self.timeout_s:
            cmd += ["--timeout-s", str(int(self.timeout_s))]
        return subprocess.Popen(cmd, stdout=self.log or subprocess.DEVNULL,
                                stderr=subprocess.STDOUT if self.log else subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL, preexec_fn=CHILD_SETUP)

    def _ready(self) -> bool:
        probe = f"{self.query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        req = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:  # noqa: S310 (loopback)
                return bool(resp.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def start(self, timeout_s: float = SERVER_START_TIMEOUT_S,
              cancel: threading.Event | None = None) -> OxigraphServer:
        """Start the server and wait until it answers a query.

        On Linux the server is killed when the thread that started it exits (see
        :data:`CHILD_SETUP`): start long-lived servers from the main thread or from a thread
        that lives as long as they should. ``cancel`` aborts the start when set.

        Raises:
            ServerError: it exited (e.g. the store is locked or the port taken) or did not
                answer within ``timeout_s``.
        """
        if not self.location.is_dir():
            raise ServerError(f"no Oxigraph store at {self.location}")
        attempts = 3 if self.requested_port == 0 else 1
        try:
            for _ in range(attempts):
                self.port = self.requested_port or free_port(self.host)
                self.process = self._spawn()
                deadline = time.monotonic() + timeout_s
                while time.monotonic() < deadline:
                    if cancel is not None and cancel.is_set():
                        raise ServerError("start cancelled")
                    if self.process.poll() is not None:
                        break  # exited: port taken between probe and bind, or store locked
                    if self._ready():
                        return self
                    time.sleep(0.05)
                else:
                    self.stop()
                    raise ServerError(f"oxigraph did not answer on {self.base_url} "
                                      f"within {timeout_s:.0f} s")
        except BaseException:  # interrupted (Ctrl-C, SIGTERM) while starting: no orphan
            self.stop()
            raise
        code = self.process.returncode if self.process else None
        self.process = None
        raise ServerError(f"oxigraph exited with status {code} on {self.host}:{self.port} "
                          f"(port in use, or the store {self.location} is locked by "
                          "another server?)")

    def stop(self, grace_s: float = 2.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``grace_s``) if it runs."""
        proc, self.process = self.process, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.wait()

    def wait(self) -> int:
        """Block until the server exits; returns its exit status."""
        return self.process.wait() if self.process else 0

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def gsp_url(url: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of the default graph or of a named graph.

    Leaves ``url`` alone when it already says which graph (``?default`` or ``?graph=``).

    >>> gsp_url("http://localhost:7878/store")
    'http://localhost:7878/store?default'
    >>> gsp_url("http://localhost:3030/ds/data", "https://w3id.org/kmt2a-kg/")
    'http://localhost:3030/ds/data?graph=https%3A%2F%2Fw3id.org%2Fkmt2a-kg%2F'
    """
    parts = urllib.parse.urlsplit(url)
    params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    if "default" in params or "graph" in params:
        return url
    extra = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def push(
    url: str,
    data: bytes | Path,
    content_type: str = "application/n-triples",
    graph: str | None = None,
    replace: bool = False,
    auth: tuple[str, str] | None = None,
    timeout_s: float = 600.0,
) -> int:
    """Send RDF to a SPARQL 1.1 Graph Store Protocol endpoint.

    Args:
        url: the endpoint (e.g. ``http://localhost:7878/store``); ``?default`` or
            ``?graph=IRI`` is appended unless present.
        data: the RDF as bytes, or a file streamed from disk (for large graphs).
        content_type: its media type (``application/n-triples``, ``text/turtle``).
        graph: a named graph IRI (default: the default graph).
        replace: HTTP PUT (replace the graph) instead of POST (add to it).
        auth: HTTP basic credentials (user, password).
        timeout_s: socket timeout.

    Returns:
        The HTTP status (2xx).

    Raises:
        ServerError: the store refused the data or could not be reached.
    """
    target = gsp_url(url, graph)
    headers = {"Content-Type": content_type}
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    fh = None
    body: bytes | IO[bytes]
    if isinstance(data, Path):
        headers["Content-Length"] = str(data.stat().st_size)
        fh = data.open("rb")
        body = fh
    else:
        body = data
    req = urllib.request.Request(target, data=body, headers=headers,
                                 method="PUT" if replace else "POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:  # noqa: S310
            return int(resp.status)
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip().splitlines()
        raise ServerError(f"{target} refused the graph: HTTP {e.code} "
                          f"{detail[0] if detail else e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise ServerError(f"cannot reach {target}: {reason}") from None
    finally:
        if fh:
            fh.close()
