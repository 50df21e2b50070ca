"""A tiny Bolt 5.0 server for testing the Neo4j store's error handling without a Neo4j server.

It speaks just enough of the protocol (handshake, chunked PackStream messages) for the official driver to
connect, log in, begin transactions and run queries, and answers with scripted failures or empty results. It
records every message it receives, so tests can check what the store sent on the wire (read access mode,
timeouts, the Cypher text).
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

MAGIC = b"\x60\x60\xb0\x17"
BOLT_5_0 = b"\x00\x00\x00\x05"
NAMES = {
    0x01: "HELLO",
    0x02: "GOODBYE",
    0x0F: "RESET",
    0x10: "RUN",
    0x11: "BEGIN",
    0x12: "COMMIT",
    0x13: "ROLLBACK",
    0x2F: "DISCARD",
    0x3F: "PULL",
    0x66: "ROUTE",
}
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F


@dataclass(frozen=True)
class Structure:
    """A PackStream structure: how Bolt sends nodes (0x4E), relationships (0x52), paths (0x50), dates (0x44)…"""

    signature: int
    fields: tuple[Any, ...]


def pack(value: Any) -> bytes:
    """PackStream encoding of None, bool, int, float, str, list, dict and Structure."""
    if value is None:
        return b"\xc0"
    if isinstance(value, bool):
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, Structure):
        return bytes([0xB0 | len(value.fields), value.signature]) + b"".join(pack(item) for item in value.fields)
    if isinstance(value, int):
        if -16 <= value < 128:
            return struct.pack(">b", value)
        return b"\xcb" + struct.pack(">q", value)
    if isinstance(value, str):
        data = value.encode()
        head = bytes([0x80 | len(data)]) if len(data) < 16 else b"\xd1" + struct.pack(">H", len(data))
        return head + data
    if isinstance(value, list):
        return bytes([0x90 | len(value)]) + b"".join(pack(item) for item in value)
    if isinstance(value, dict):
        return bytes([0xA0 | len(value)]) + b"".join(pack(k) + pack(v) for k, v in value.items())
    raise TypeError(f"cannot pack {type(value).__name__}")


def unpack(data: bytes, at: int = 0) -> tuple[Any, int]:
    """Decode one PackStream value starting at ``at``; returns (value, next offset)."""
    marker = data[at]
    at += 1
    if marker < 0x80:
        return marker, at
    if marker >= 0xF0:
        return marker - 0x100, at
    high, size = marker & 0xF0, marker & 0x0F
    sized = {0xD0: (1, "str"), 0xD1: (2, "str"), 0xD2: (4, "str"), 0xD4: (1, "list"), 0xD5: (2, "list")}
    sized |= {0xD6: (4, "list"), 0xD8: (1, "map"), 0xD9: (2, "map"), 0xDA: (4, "map")}
    kind = {0x80: "str", 0x90: "list", 0xA0: "map"}.get(high)
    if marker in sized:
        width, kind = sized[marker]
        size = int.from_bytes(data[at : at + width], "big")
        at += width
    if kind == "str":
        return data[at : at + size].decode(), at + size
    if kind == "list":
        items = []
        for _ in range(size):
            item, at = unpack(data, at)
            items.append(item)
        return items, at
    if kind == "map":
        mapping = {}
        for _ in range(size):
            key, at = unpack(data, at)
            mapping[key], at = unpack(data, at)
        return mapping, at
    if high == 0xB0:
        signature = data[at]
        fields, at = unpack(bytes([0x90 | size]) + data[at + 1 :], 0)
        return (signature, fields), at
    fixed = {0xC0: (0, None), 0xC2: (0, False), 0xC3: (0, True), 0xC8: (1, "b"), 0xC9: (2, "h"), 0xCA: (4, "i")}
    fixed |= {0xCB: (8, "q"), 0xC1: (8, "d")}
    width, fmt = fixed[marker]
    if width == 0:
        return fmt, at
    return struct.unpack(">" + str(fmt), data[at : at + width])[0], at + width


@dataclass
class Message:
    name: str
    fields: list[Any]


@dataclass
class Script:
    """What the server answers. A failure is (code, message)."""

    hello_failure: tuple[str, str] | None = None
    begin_failure: tuple[str, str] | None = None
    run_failure: tuple[str, str] | None = None
    fields: list[str] = field(default_factory=lambda: ["name", "count"])
    records: list[list[Any]] = field(default_factory=list)
    received: list[Message] = field(default_factory=list)


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        if self._read(sock, 4) != MAGIC:
            return
        self._read(sock, 16)
        sock.sendall(BOLT_5_0)
        failed = False
        while True:
            message = self._message(sock)
            if message is None or message.name == "GOODBYE":
                return
            self.server.script.received.append(message)
            if message.name == "RESET":
                failed = False
                self._reply(sock, SUCCESS, {})
            elif failed:
                self._reply(sock, IGNORED)
            elif (failure := self._failure_for(message.name)) is not None:
                failed = True
                self._reply(sock, FAILURE, {"code": failure[0], "message": failure[1]})
            else:
                if message.name == "PULL":
                    for record in self.server.script.records:
                        self._reply(sock, RECORD, record)
                self._reply(sock, SUCCESS, self._success_metadata(message.name))

    def _failure_for(self, name: str) -> tuple[str, str] | None:
        script = self.server.script
        return {"HELLO": script.hello_failure, "BEGIN": script.begin_failure, "RUN": script.run_failure}.get(name)

    def _success_metadata(self, name: str) -> dict[str, Any]:
        if name == "HELLO":
            return {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
        if name == "RUN":
            return {"fields": self.server.script.fields, "t_first": 0}
        if name in ("PULL", "DISCARD"):
            return {"type": "r", "t_last": 0, "db": "neo4j"}
        if name == "COMMIT":
            return {"bookmark": "fake:1"}
        return {}

    @staticmethod
    def _read(sock: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = sock.recv(size - len(data))
            if not part:
                raise ConnectionError("client went away")
            data += part
        return data

    def _message(self, sock: socket.socket) -> Message | None:
        data = b""
        try:
            while (size := int.from_bytes(self._read(sock, 2), "big")) > 0:
                data += self._read(sock, size)
        except (ConnectionError, OSError):
            return None
        if not data:
            return self._message(sock)  # a NOOP chunk (keep-alive)
        (signature, fields), _ = unpack(data)
        return Message(NAMES.get(signature, hex(signature)), fields)

    @staticmethod
    def _reply(sock: socket.socket, signature: int, *fields: Any) -> None:
        body = bytes([0xB0 | len(fields), signature]) + b"".join(pack(item) for item in fields)
        sock.sendall(struct.pack(">H", len(body)) + body + b"\x00\x00")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, script: Script) -> None:
        self.script = script
        super().__init__(("127.0.0.1", port), _Handler)


class FakeBolt:
    """Serve ``script`` on 127.0.0.1:``port`` (0 = any free port) in a background thread until ``stop()``."""

    def __init__(self, script: Script, port: int = 0) -> None:
        self.script = script
        self._server = _Server(port, script)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def names(self) -> list[str]:
        return [message.name for message in self.script.received]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def free_port() -> int:
    """A TCP port nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
