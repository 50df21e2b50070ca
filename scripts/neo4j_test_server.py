"""A throw-away Neo4j 5.26 Community for the tests and CI, built from Maven Central (no Docker).

    python scripts/neo4j_test_server.py run -- pytest -q    # start, run the command with NEO4J_* set, stop
    python scripts/neo4j_test_server.py run --servers 2 -- pytest -n 2   # one server per xdist worker
    python scripts/neo4j_test_server.py start               # start in the background; prints `export …` lines
    python scripts/neo4j_test_server.py stop                # stop the one `start` left running
    python scripts/neo4j_test_server.py check               # exit 0 when Java and Maven are here, else say why

The server (tools/neo4j: the embedded DBMS with its Bolt connector) listens on a free loopback port, keeps its
data in a new temporary folder, has authentication off (any user and password are accepted), and stops when this
script's pipe to it closes, so a killed wrapper never leaves it behind. The first build fetches about 160 MB of
jars into ~/.m2; later builds run offline from that cache.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tools" / "neo4j"
CLASSES = PROJECT / "target" / "classes"
CLASSPATH_FILE = PROJECT / "target" / "classpath.txt"
MAIN_CLASS = "claimgraph.TestServer"
PID_FILE = Path(tempfile.gettempdir()) / "claimgraph-neo4j-test-server.pid"
START_TIMEOUT = 180.0
USERNAME = "neo4j"
PASSWORD = "claimgraph-test"  # ignored by the server (auth is off); set so clients send credentials as in prod
JAVA_OPTIONS = ["-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"]


class ServerError(RuntimeError):
    """The test server could not be built or started; the message says why."""


def missing_tools() -> str | None:
    """Why the server cannot run here (no Java 17+, no Maven), or None when it can."""
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (the Neo4j test server needs Java 17+ and Maven)"
    return None


def build() -> None:
    """Compile the launcher and write its classpath; offline from ~/.m2 when the jars are already there."""
    source = PROJECT / "src" / "main" / "java" / "claimgraph" / "TestServer.java"
    built = CLASSES / "claimgraph" / "TestServer.class"
    newest_input = max(source.stat().st_mtime, (PROJECT / "pom.xml").stat().st_mtime)
    if built.exists() and CLASSPATH_FILE.exists() and built.stat().st_mtime >= newest_input:
        return
    base = ["mvn", "-B", "-q", "-f", str(PROJECT / "pom.xml"), "compile"]
    if subprocess.run([*base, "-o"], capture_output=True, text=True).returncode == 0:
        return
    online = subprocess.run(base, capture_output=True, text=True)
    if online.returncode != 0:
        tail = "\n".join((online.stdout + online.stderr).strip().splitlines()[-15:])
        raise ServerError(f"building the Neo4j test server failed (mvn compile):\n{tail}")


def launch_command(*, stop_on_eof: bool) -> list[str]:
    classpath = os.pathsep.join([str(CLASSES), CLASSPATH_FILE.read_text().strip()])
    return ["java", *JAVA_OPTIONS, "-cp", classpath, MAIN_CLASS, *(["--stop-on-eof"] if stop_on_eof else [])]


def launch(log_path: Path, *, stop_with_us: bool = True) -> subprocess.Popen[bytes]:
    """Start the server process. With ``stop_with_us`` its stdin is our pipe: it stops when we close it or die."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            launch_command(stop_on_eof=stop_with_us),
            stdin=subprocess.PIPE if stop_with_us else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=not stop_with_us,
        )


def await_uri(process: subprocess.Popen[bytes], log_path: Path) -> str:
    """The server's Bolt URI, once a query runs there; ServerError if it dies or stays silent."""
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    line = process.stdout.readline().decode().strip()  # the launcher prints the URI only once Bolt listens
    if not line.startswith("bolt://"):
        process.kill()
        raise ServerError(f"the Neo4j test server did not start (log: {log_path}):\n{_tail(log_path)}")
    wait_for_bolt(line, deadline)
    return line


def wait_for_bolt(uri: str, deadline: float) -> None:
    """Return once a Bolt session runs a query, or raise ServerError at the deadline."""
    from neo4j import GraphDatabase

    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with GraphDatabase.driver(uri, auth=(USERNAME, PASSWORD)) as driver:
                driver.execute_query("RETURN 1")
                return
        except Exception as exc:  # any failure means "not ready yet" until the deadline
            last_error = exc
            time.sleep(0.5)
    raise ServerError(f"Neo4j at {uri} did not answer within {START_TIMEOUT:.0f} s: {last_error}")


def environment(uri: str) -> dict[str, str]:
    """The settings that point claimgraph (and its tests) at the test server."""
    return {"NEO4J_URI": uri, "NEO4J_USERNAME": USERNAME, "NEO4J_PASSWORD": PASSWORD, "NEO4J_DATABASE": "neo4j"}


def stop(process: subprocess.Popen[bytes]) -> None:
    """Close its stdin (the launcher then shuts the DBMS down and deletes its data) and wait for it."""
    if process.stdin is not None:
        process.stdin.close()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def run_command(command: list[str], servers: int = 1) -> int:
    """Start ``servers`` servers, run ``command`` with the NEO4J_* variables set (NEO4J_URI: the first;
    CLAIMGRAPH_TEST_NEO4J_URIS: all, one per pytest-xdist worker), stop them; the command's exit status."""
    build()
    started = time.monotonic()
    processes: list[subprocess.Popen[bytes]] = []
    logs = [Path(tempfile.mkstemp(prefix="claimgraph-neo4j-", suffix=".log")[1]) for _ in range(servers)]
    child: subprocess.Popen[bytes] | None = None

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        processes += [launch(log) for log in logs]  # all at once: each takes seconds to come up
        uris = [await_uri(process, log) for process, log in zip(processes, logs, strict=True)]
        print(f"Neo4j test server(s) at {' '.join(uris)} (ready in {time.monotonic() - started:.1f} s)", flush=True)
        env = {**os.environ, **environment(uris[0]), "CLAIMGRAPH_TEST_NEO4J_URIS": " ".join(uris)}
        child = subprocess.Popen(command, env=env)
        return child.wait()
    except KeyboardInterrupt:
        if child is not None:
            child.terminate()
            child.wait()
        return 130
    finally:
        for process in processes:
            stop(process)
        for log in logs:
            log.unlink(missing_ok=True)


def start_in_background() -> int:
    """Start a server that outlives this script (until `stop`): prints the export lines for a shell."""
    build()
    log_path = Path(tempfile.gettempdir()) / "claimgraph-neo4j-test-server.log"
    process = launch(log_path, stop_with_us=False)
    uri = await_uri(process, log_path)
    PID_FILE.write_text(str(process.pid))
    for name, value in environment(uri).items():
        print(f"export {name}={value}")
    return 0


def stop_background() -> int:
    if not PID_FILE.exists():
        print("no Neo4j test server was started with `start`", file=sys.stderr)
        return 1
    pid = int(PID_FILE.read_text())
    PID_FILE.unlink()
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        print(f"the Neo4j test server (pid {pid}) had already stopped", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    usage = "usage: neo4j_test_server.py check | start | stop | run [--servers N] -- COMMAND…"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    verb, rest = argv[0], argv[1:]
    if verb == "check":
        reason = missing_tools()
        if reason:
            print(reason)
        return 1 if reason else 0
    try:
        if verb == "run":
            servers = 1
            if rest[:1] == ["--servers"] and len(rest) > 1 and rest[1].isdigit() and int(rest[1]) > 0:
                servers, rest = int(rest[1]), rest[2:]
            command = rest[1:] if rest[:1] == ["--"] else rest
            if not command:
                print(usage, file=sys.stderr)
                return 2
            return run_command(command, servers)
        if verb == "start":
            return start_in_background()
        if verb == "stop":
            return stop_background()
    except ServerError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
