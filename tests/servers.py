"""A real uvicorn serving an app on 127.0.0.1, for the tests that need a server."""

from __future__ import annotations

import socket
from contextlib import contextmanager
import threading
import time

import uvicorn

from untoc_kg import server as server_module
from untoc_kg.loading import load_files
from untoc_kg.store import GraphStore
from tests.conftest import SAMPLES


@contextmanager
def samples_on_disk(tmp_path_factory, name: str):
    """The five samples loaded into a store on disk, then opened read-only as `serve` opens it."""
    path = tmp_path_factory.mktemp(name) / "db"
    with GraphStore(path) as writable:
        load_files(writable, [SAMPLES])
    store = GraphStore(path, read_only=True)
    try:
        yield store
    finally:
        store.close()


class Running:
    """uvicorn in a thread on a free port of 127.0.0.1, configured as `untoc-kg serve` configures it."""

    def __init__(self, app):
        self.app = app
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        options = getattr(server_module, "UVICORN_OPTIONS", {})
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **options))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    @property
    def state(self):
        return self.app.state.untoc

    def stop(self):
        self.server.should_exit = True
        self.thread.join(30)
