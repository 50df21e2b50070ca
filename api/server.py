"""How `claimgraph serve` and `claimgraph demo` run uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[valid-type,misc]
    """uvicorn's HTTP protocol, with Nagle's algorithm off on every connection.

    asyncio turns it off only for sockets it created itself; with ``--workers`` uvicorn binds the listening
    socket by hand (protocol number 0), so each response's second write waited for the client's delayed ACK:
    about 40 ms added to every request.
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # the connection may already be gone
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]


def run(host: str, port: int, *, workers: int = 1, access_log: bool = True, **options: Any) -> None:
    """Serve ``api.app.served_app`` (each worker builds its app and store from the environment)."""
    import uvicorn

    uvicorn.run(
        "api.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
        http=NoDelayHTTPProtocol,
        **options,
    )
