"""``kmt2a-kg serve``: a read-only SPARQL 1.1 endpoint made of a small Python front and a
pool of ``oxigraph serve-read-only`` engines on one store. Time limits end in an HTTP error,
never a 200 with truncated results; a query past its limit is stopped for real; every write
is refused; everything is bounded.

Oxigraph streams a result as it computes it: when its own time limit strikes mid-stream the
client has already received ``200 OK`` and gets ``…"bindings":[The SPARQL operation has been
cancelled``. This front reads oxigraph's whole answer first (within the time limit and a size
limit) and only then sends it, with its real status; past the limit it answers
``504 Gateway Timeout`` with a one-line message. Oxigraph runs with a slightly longer limit,
so that it abandons the query itself shortly after.

Oxigraph does not always stop a query at its own time limit (a ``COUNT`` over a cross join
ran on, holding a core, long after ``--timeout-s``). So each engine runs one query at a time;
when a query passes its limit the front answers 504 and kills that engine, and the main
thread starts a fresh one on the same store (about 0.1-0.7 s). The other engines keep
answering meanwhile, so simple queries stay fast while a pathological one runs.

It answers only ``GET``/``HEAD`` and SPARQL-query ``POST`` requests; SPARQL updates, Graph
Store writes and every other method get ``403``/``405``, before reaching Oxigraph (which runs
``serve-read-only`` as a second line). It binds loopback only, holds at most
``max_clients`` connections at once (``503`` beyond) and accepts request bodies up to
``MAX_REQUEST_BYTES``.
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from .constants import SERVER_HOST
from .server import OxigraphServer, ServerError

__all__ = ["ReadOnlyService", "MAX_REQUEST_BYTES", "MAX_RESULT_BYTES", "MAX_CLIENTS",
           "DEFAULT_ENGINES"]

MAX_REQUEST_BYTES = 1_048_576
MAX_RESULT_BYTES = 256 * 1_048_576
MAX_CLIENTS = 64
DEFAULT_ENGINES = 3
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length",
                "proxy-connection", "te", "trailer", "upgrade", "server", "date"}
_READ_ONLY = ("this endpoint is read-only: SPARQL updates and Graph Store writes are refused")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], service: ReadOnlyService) -> None:
        self.service = service
        self.slots = threading.BoundedSemaphore(service.max_clients)
        super().__init__(addr, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(_plain(HTTPStatus.SERVICE_UNAVAILABLE,
                                       f"busy: more than {self.service.max_clients} clients at "
                                       "once; retry"))
            finally:
                self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def _plain(status: HTTPStatus, message: str) -> bytes:
    body = (message + "\n").encode("utf-8")
    head = (f"HTTP/1.1 {status.value} {status.phrase}\r\nContent-Type: text/plain; "
            f"charset=utf-8\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    return head.encode("ascii") + body


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "kmt2a-kg"
    timeout = 60  # an idle or stalled client connection is dropped

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8",
              headers: list[tuple[str, str]] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers or []:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self.close_connection = True
        self._send(status.value, (message + "\n").encode("utf-8"),
                   headers=[("Connection", "close")])

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked" or length is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length")
            return None
        try:
            n = int(length)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return None
        if n > MAX_REQUEST_BYTES:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"request body over {MAX_REQUEST_BYTES:,} bytes")
            return None
        return self.rfile.read(n)

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == "/update":
            self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
            return
        if path == "/query":
            params = urllib.parse.parse_qs(query)
            if "update" in params:
                self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
                return
        self._forward("GET", self.path, None)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        path = self.path.partition("?")[0]
        if path != "/query":
            self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
            return
        body = self._body()
        if body is None:
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            if "update" in urllib.parse.parse_qs(body.decode("utf-8", "replace")):
                self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
                return
        elif ctype != "application/sparql-query":
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a query as "
                        "application/sparql-query or application/x-www-form-urlencoded")
            return
        self._forward("POST", self.path, body)

    def _refuse(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _forward(self, method: str, path: str, body: bytes | None) -> None:
        svc = self.server.service
        limit = svc.timeout_s
        deadline = time.monotonic() + limit
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("accept", "content-type", "accept-language")}
        engine = svc.acquire(deadline)
        if engine is None:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                        f"busy: all {svc.engines} SPARQL engines stayed busy for the time limit "
                        f"of {limit:g} s; retry")
            return
        healthy = False
        conn = http.client.HTTPConnection(engine.host, engine.port, timeout=limit)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if conn.sock is not None:
                    conn.sock.settimeout(remaining)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > svc.max_result_bytes:
                    self._error(HTTPStatus.INSUFFICIENT_STORAGE,
                                f"result larger than {svc.max_result_bytes:,} bytes: add a "
                                "LIMIT or narrow the query")
                    return
                chunks.append(chunk)
            data = b"".join(chunks)
            healthy = True
        except TimeoutError:
            self._error(HTTPStatus.GATEWAY_TIMEOUT,
                        f"query stopped: it ran past the time limit of {limit:g} s "
                        "(kmt2a-kg serve --timeout-s)")
            return
        except (ConnectionError, http.client.HTTPException, OSError) as e:
            self._error(HTTPStatus.BAD_GATEWAY, f"the SPARQL engine did not answer: {e}")
            return
        finally:
            conn.close()
            svc.release(engine, healthy)
        ctype = resp.getheader("Content-Type", "application/octet-stream")
        if resp.status == 200 and not _complete(data, ctype):
            self._error(HTTPStatus.GATEWAY_TIMEOUT,
                        "query stopped before its result was complete (time limit of "
                        f"{limit:g} s?); nothing partial is sent")
            return
        passed = [(k, v) for k, v in resp.getheaders()
                  if k.lower() not in _HOP_HEADERS and k.lower() != "content-type"]
        self._send(resp.status, data, ctype, passed)


def _complete(data: bytes, ctype: str) -> bool:
    """Whether a 200 body is a whole result (oxigraph appends an error message to a result it
    had started to stream when it is cancelled)."""
    base = ctype.split(";")[0].strip().lower()
    if base in ("application/sparql-results+json", "application/json"):
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if base == "application/sparql-results+xml":
        return data.rstrip().endswith(b"</sparql>")
    return b"The SPARQL operation has been cancelled" not in data[-4096:]


class ReadOnlyService:
    """The read-only endpoint: the front on ``host:port`` and ``engines`` Oxigraph engines.

    On Linux each engine is tied to the thread that started it (``PR_SET_PDEATHSIG``): the
    caller of :meth:`start`, or the service's own engine thread for replacements, which
    lives until :meth:`stop`. No engine outlives ``serve``, even one killed with SIGKILL.

    Args:
        location: the Oxigraph store directory (filled with ``oxigraph load``).
        port: TCP port of the front (0 picks a free one).
        host: interface (loopback: the endpoint has no authentication).
        timeout_s: time limit of one request; past it, 504 and the engine is replaced.
        engines: Oxigraph processes, each running one query at a time.
        max_clients: connections handled at once (more get 503).
        max_result_bytes: largest answer passed on (larger ones get 507).
        log: where the engines' output goes (default: discarded).
    """

    def __init__(self, location: Path, port: int = 0, host: str = SERVER_HOST,
                 timeout_s: float = 60.0, engines: int = DEFAULT_ENGINES,
                 max_clients: int = MAX_CLIENTS, max_result_bytes: int = MAX_RESULT_BYTES,
                 log: IO[bytes] | None = None) -> None:
        if engines < 1:
            raise ServerError("at least one engine is needed")
        self.location = Path(location)
        self.requested_port = port
        self.host = host
        self.timeout_s = float(timeout_s)
        self.engines = engines
        self.max_clients = max_clients
        self.max_result_bytes = max_result_bytes
        self.log = log
        self._idle: queue.Queue[OxigraphServer] = queue.Queue()
        self._replace: queue.Queue[OxigraphServer | None] = queue.Queue()
        self._all: list[OxigraphServer] = []
        # Reentrant: stop() in the main thread must not deadlock on a lock that a signal
        # interrupted the same thread while holding.
        self._lock = threading.RLock()
        self._front: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self.replaced = 0  # engines replaced after a time-out or a failure
        self.error: ServerError | None = None
        self._manager: threading.Thread | None = None

    # --- the URLs clients use ------------------------------------------------------------
    @property
    def port(self) -> int:
        """The front's port."""
        return int(self._front.server_address[1]) if self._front else self.requested_port

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
        """Refused (403): the endpoint is read-only."""
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """Graph Store Protocol: reads pass, writes are refused (403)."""
        return f"{self.base_url}/store"

    # --- engines ---------------------------------------------------------------------------
    def _spawn(self) -> OxigraphServer:
        # Oxigraph's own limit is a little longer than ours: it is a second line only.
        eng = OxigraphServer(self.location, port=0, read_only=True, host=SERVER_HOST,
                             timeout_s=self.timeout_s + 2, log=self.log)
        with self._lock:
            if self._stopped.is_set():
                raise ServerError("the service is stopping")
            self._all.append(eng)
        eng.start(cancel=self._stopped if self._front is not None else None)
        return eng

    def acquire(self, deadline: float) -> OxigraphServer | None:
        """An idle engine, waiting until ``deadline`` (monotonic); ``None`` if none frees."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._stopped.is_set():
                return None
            try:
                eng = self._idle.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if eng.process is not None and eng.process.poll() is None:
                return eng
            self._replace.put(eng)  # it died while idle

    def release(self, eng: OxigraphServer, healthy: bool) -> None:
        """Give an engine back; an unhealthy one (timed out, failed) is killed and replaced."""
        if healthy and not self._stopped.is_set():
            self._idle.put(eng)
            return
        proc = eng.process
        if proc is not None and proc.poll() is None:
            proc.kill()  # frees its core now; the main thread reaps it and starts another
        self._replace.put(eng)

    # --- life cycle --------------------------------------------------------------------------
    def start(self) -> ReadOnlyService:
        """Start the engines, the thread that replaces them, then the front; returns when
        queries are answered.

        Raises:
            ServerError: an engine did not start, or the port is taken.
        """
        if not self.location.is_dir():
            raise ServerError(f"no Oxigraph store at {self.location}")
        try:
            for _ in range(self.engines):
                self._idle.put(self._spawn())
            try:
                self._front = _Server((self.host, self.requested_port), self)
            except OSError as e:
                raise ServerError(f"cannot listen on {self.host}:{self.requested_port}: "
                                  f"{e.strerror or e}") from None
            # Replacement engines are started by this thread, which lives until stop(): on
            # Linux an engine dies with the thread that started it.
            self._manager = threading.Thread(target=self._manage, name="kmt2a-kg-engines",
                                             daemon=True)
            self._manager.start()
            self._thread = threading.Thread(target=self._front.serve_forever,
                                            kwargs={"poll_interval": 0.1},
                                            name="kmt2a-kg-sparql-front", daemon=True)
            self._thread.start()
        except BaseException:
            self.stop()
            raise
        return self

    def _manage(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            dead = self._replace.get()
            if dead is None or self._stopped.is_set():
                break
            dead.stop()
            with self._lock:
                if dead in self._all:
                    self._all.remove(dead)
            try:
                fresh = self._spawn()
            except ServerError as e:
                failures += 1
                if failures >= 3:
                    self.error = e
                    self._stopped.set()
                    break
                self._replace.put(dead)
                continue
            failures = 0
            self.replaced += 1
            self._idle.put(fresh)

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until :meth:`stop` (or ``timeout_s``); signals interrupt it.

        Raises:
            ServerError: engines kept failing to start again.
        """
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while not self._stopped.wait(0.2):
            if deadline is not None and time.monotonic() >= deadline:
                return
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Stop the front and every engine (SIGTERM, SIGKILL after 2 s); idempotent."""
        self._stopped.set()
        self._replace.put(None)
        if self._front is not None:
            if self._thread is not None and self._thread.is_alive():
                # shutdown() waits for serve_forever without a time limit; bound it (a front
                # thread interrupted while starting would otherwise never answer it).
                threading.Thread(target=self._front.shutdown, daemon=True).start()
                self._thread.join(timeout=1)
            self._front.server_close()
        self._thread = None
        with self._lock:
            engines = list(self._all)
        for eng in engines:
            proc = eng.process
            if proc is not None and proc.poll() is None:
                proc.terminate()
        if self._manager is not None and self._manager is not threading.current_thread():
            self._manager.join(timeout=2)
        with self._lock:
            engines, self._all = self._all, []
        for eng in engines:
            eng.stop()

    def __enter__(self) -> ReadOnlyService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- benchmark --------------------------------------------------------------------------------

#: Queries of the benchmark: small catalogue-like lookups and a count.
BENCH_QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s ?p ?o }",
    "SELECT ?d WHERE { ?d <https://w3id.org/kmt2a-kg/ontology#inhibits> "
    "<https://w3id.org/kmt2a-kg/id/MEN1> } ORDER BY ?d",
)
#: Never finishes on the curated graph: a COUNT over a three-way cross join.
PATHOLOGICAL_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _timed_get(url: str, query: str, timeout: float) -> tuple[int, float]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                 headers={"Accept": "application/sparql-results+json"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (loopback)
            body = resp.read()
            status = resp.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    except OSError:
        status = 0
    took = time.perf_counter() - t0
    if status == 200:
        try:
            json.loads(body)
        except ValueError:
            status = -200  # a 200 whose body is not a whole result
    return status, took


def load_test(url: str, clients: int = 8, queries: int = 200, timeout: float = 60.0
              ) -> dict[str, float]:
    """``clients`` threads each sending ``queries`` queries to ``url``; throughput, latency
    percentiles (ms) and the number of errors (any status but a complete 200)."""
    from concurrent.futures import ThreadPoolExecutor

    def client(k: int) -> list[tuple[int, float]]:
        return [_timed_get(url, BENCH_QUERIES[(k + i) % len(BENCH_QUERIES)], timeout)
                for i in range(queries)]

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [x for r in pool.map(client, range(clients)) for x in r]
    wall = time.perf_counter() - t0
    lat = sorted(t for _, t in results)
    return {
        "queries": len(results),
        "errors": sum(1 for s, _ in results if s != 200),
        "seconds": wall,
        "per_s": len(results) / wall,
        "p50_ms": lat[len(lat) // 2] * 1000,
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
    }


def while_pathological(url: str, seconds: float, timeout: float) -> dict[str, float]:
    """Simple queries sent one after another while a pathological query runs: their median
    latency (ms), and the pathological query's status and time."""
    box: dict[str, tuple[int, float]] = {}
    t = threading.Thread(target=lambda: box.setdefault(
        "bad", _timed_get(url, PATHOLOGICAL_QUERY, timeout)), daemon=True)
    t.start()
    time.sleep(0.2)
    lat = []
    end = time.monotonic() + seconds
    while time.monotonic() < end and t.is_alive():
        status, took = _timed_get(url, "ASK { ?s ?p ?o }", timeout)
        lat.append(took if status == 200 else float("inf"))
    t.join(timeout)
    status, took = box.get("bad", (0, float("nan")))
    lat.sort()
    return {"simple_p50_ms": lat[len(lat) // 2] * 1000 if lat else float("nan"),
            "simple_max_ms": lat[-1] * 1000 if lat else float("nan"),
            "pathological_status": status, "pathological_s": took}
