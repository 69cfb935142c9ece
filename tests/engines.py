"""Real SPARQL servers on 127.0.0.1 for the tests and bench/engines.py: Virtuoso Open Source,
Apache Jena on TDB2, and the Oxigraph server. Each runs in a folder of its own on free ports and
stop() ends exactly the process it started.

- Virtuoso: Debian's `virtuoso-opensource` (virtuoso-t), with tests/virtuoso.ini filled in; its
  `dba` account (password `dba` in a new database) publishes through /sparql-auth (digest).
- Jena: Debian's libapache-jena-java behind tests/JenaEndpoint.java (the SPARQL 1.1 Protocol
  over a TDB2 dataset, as Fuseki serves one; Fuseki itself is not packaged by Debian).
- Oxigraph: `oxigraph serve` from PyPI.

Oxigraph and Jena take `union=True`: their default graph is then the union of the named
graphs (`--union-default-graph`, TDB2's `unionDefaultGraph`), as Virtuoso's is by default.

`missing()` says, in a sentence with the command that installs it, why an engine cannot run.
"""

from __future__ import annotations

import shutil
import socket
import string
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from untoc_kg.remote import (ENV_AUTH, ENV_PASSWORD, ENV_TOKEN, ENV_USER, Credentials, public_url)

HERE = Path(__file__).resolve().parent
JAVA = Path("/usr/share/java")
VIRTUOSO = "virtuoso-t"
INSTALL = {
    "virtuoso": "apt-get install virtuoso-opensource",
    "jena": "apt-get install libapache-jena-java default-jdk-headless",
    "oxigraph": "pip install oxigraph (a dev dependency: make setup)",
}
# What JenaEndpoint needs of Debian's jars (Debian's unversioned names): Jena's own, and the
# libraries libapache-jena-java depends on that Jena loads when it starts.
JENA_DEPENDENCIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                     "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
                     "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "protobuf",
                     "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld", "jakarta.json-api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(engine: str) -> str | None:
    """None when the engine can run here, else why not and how to install it."""
    if engine == "virtuoso" and shutil.which(VIRTUOSO) is None:
        return f"Virtuoso Open Source is not installed ({VIRTUOSO} not found); to run these tests: {INSTALL['virtuoso']}"
    if engine == "jena":
        if not (JAVA / "jena-arq.jar").exists() or not (JAVA / "jena-tdb2.jar").exists():
            return f"Apache Jena is not installed; to run these tests: {INSTALL['jena']}"
        if not (shutil.which("java") and shutil.which("javac")):
            return f"the Jena tests need java and javac; to run them: {INSTALL['jena']}"
    if engine == "oxigraph":
        from tests.test_remote import oxigraph_executable
        if oxigraph_executable() is None:
            return f"the Oxigraph server is not installed; to run these tests: {INSTALL['oxigraph']}"
    return None


class Server:
    """A server process started in `folder`, its output in folder/server.log."""

    name = ""
    query = update = graph_store = ""
    credentials = Credentials()

    def __init__(self, folder: Path):
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.started_in = 0.0              # seconds from start to the first answer

    @property
    def env(self) -> dict[str, str | None]:
        """The environment `untoc-kg publish` and `query --endpoint` need for this server."""
        c = self.credentials
        return {ENV_USER: c.user, ENV_PASSWORD: c.password, ENV_TOKEN: None,
                ENV_AUTH: c.scheme if c.user else None}

    def command(self) -> list[str]:
        raise NotImplementedError

    def prepare(self) -> None:
        """Whatever must exist before the command runs (a config, compiled classes)."""

    def start(self, attempts: int = 3, seconds: float = 120.0) -> "Server":
        self.prepare()
        begun = time.monotonic()
        # Another process may take a free port between the probe and the bind: try again.
        for _ in range(attempts):
            self.choose_ports()
            with open(self.folder / "server.log", "ab") as log:
                self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                                cwd=self.folder)
            if self._ready(seconds):
                self.started_in = time.monotonic() - begun
                return self
            alive = self.process.poll() is None
            self.stop()
            if alive:                       # running but not answering: no port clash, no retry
                break
        raise RuntimeError(f"{self.name} did not start; see {self.folder / 'server.log'}")

    def choose_ports(self) -> None:
        raise NotImplementedError

    def _ready(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        probe = self.query + "?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def __repr__(self) -> str:
        return f"<{self.name} at {public_url(self.query)}>"


class VirtuosoServer(Server):
    """virtuoso-t in the foreground, its database, log and config in the folder."""

    name = "virtuoso"
    # A new database's dba account: the test instance publishes with it, as an operator's
    # instance would with a user holding SPARQL_UPDATE.
    credentials = Credentials("dba", "dba", scheme="digest")

    def __init__(self, folder: Path, buffers: int = 10_000, max_rows: int = 10_000):
        super().__init__(folder)
        self.buffers = buffers
        self.max_rows = max_rows
        self.http_port = self.sql_port = 0

    def choose_ports(self) -> None:
        self.http_port, self.sql_port = free_port(), free_port()
        template = string.Template((HERE / "virtuoso.ini").read_text(encoding="utf-8"))
        (self.folder / "virtuoso.ini").write_text(template.substitute(
            folder=self.folder, sql_port=self.sql_port, http_port=self.http_port,
            buffers=self.buffers, dirty_buffers=self.buffers * 3 // 4, max_rows=self.max_rows), encoding="utf-8")

    def command(self) -> list[str]:
        return [shutil.which(VIRTUOSO), "+foreground", "+configfile", str(self.folder / "virtuoso.ini")]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query(self) -> str:
        return self.base + "/sparql"

    @property
    def update(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"


def jena_classpath(work: Path) -> str:
    """Jena's jars, and a copy of the Xerces message files where Debian's jena-core looks for
    them: it moves the bundled Xerces classes to xerces/ but leaves their messages behind, and
    without them Jena cannot start ("internal error" in XSSimpleTypeDecl)."""
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for entry in jar.namelist():
            if entry.startswith("org/apache/jena/ext/xerces/") and entry.endswith(".properties"):
                target = work / "resources" / entry.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(entry))
    jars = sorted(p for p in JAVA.glob("jena-*.jar") if not p.stem.rsplit("-", 1)[-1][:1].isdigit())
    jars += [JAVA / f"{name}.jar" for name in JENA_DEPENDENCIES if (JAVA / f"{name}.jar").exists()]
    return ":".join([str(work / "classes"), str(work / "resources"), *map(str, jars)])


class JenaServer(Server):
    """tests/JenaEndpoint.java, compiled into the folder, serving a TDB2 database there."""

    name = "jena"

    def __init__(self, folder: Path, heap: str = "2g", timeout: float | None = None, union: bool = False):
        super().__init__(folder)
        self.heap = heap
        self.timeout = timeout             # seconds a query may run on the server; None: no limit
        self.union = union                 # a query that names no graph reads the union (unionDefaultGraph)
        self.port = 0
        self.classpath = ""

    def prepare(self) -> None:
        self.classpath = jena_classpath(self.folder)
        subprocess.run(["javac", "-nowarn", "-d", str(self.folder / "classes"), "-cp", self.classpath,
                        str(HERE / "JenaEndpoint.java")], check=True, capture_output=True, text=True)

    def choose_ports(self) -> None:
        self.port = free_port()

    def command(self) -> list[str]:
        return ["java", f"-Xmx{self.heap}", "-cp", self.classpath, "JenaEndpoint", str(self.folder / "tdb2"),
                str(self.port), *([str(self.timeout)] if self.timeout else []),
                *(["--union-default-graph"] if self.union else [])]

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update(self) -> str:
        return f"http://127.0.0.1:{self.port}/update"


class OxigraphEngine(Server):
    """`oxigraph serve` from PyPI, its database in the folder."""

    name = "oxigraph"

    def __init__(self, folder: Path, timeout: float | None = None, union: bool = False):
        super().__init__(folder)
        self.timeout = timeout             # seconds a query may run on the server (--timeout-s)
        self.union = union                 # --union-default-graph
        self.port = 0

    def choose_ports(self) -> None:
        self.port = free_port()

    def command(self) -> list[str]:
        from tests.test_remote import oxigraph_executable
        return [oxigraph_executable(), "serve", "--location", str(self.folder / "data"),
                "--bind", f"127.0.0.1:{self.port}", *(["--union-default-graph"] if self.union else []),
                *(["--timeout-s", str(int(self.timeout))] if self.timeout else [])]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"


ENGINES = {"virtuoso": VirtuosoServer, "jena": JenaServer, "oxigraph": OxigraphEngine}
# Each engine as it starts by default, and as a publisher sets it up for a graph of many reports
# (its default graph the union of its named graphs, so that a query need not name a thousand
# graphs): Oxigraph and Jena with their union default graph switched on. Virtuoso's default
# graph is that union already, so its second setup has the queries name every graph instead.
# setup → (engine, server options, `query --dataset`, the dataset auto or the option chooses)
SETUPS = {
    "jena": ("jena", {}, "auto", "graphs"),
    "jena-union": ("jena", {"union": True}, "auto", "union"),
    "oxigraph": ("oxigraph", {}, "auto", "graphs"),
    "oxigraph-union": ("oxigraph", {"union": True}, "auto", "union"),
    "virtuoso": ("virtuoso", {}, "auto", "union"),
    "virtuoso-graphs": ("virtuoso", {}, "graphs", "graphs"),
}
