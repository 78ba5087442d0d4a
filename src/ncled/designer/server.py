"""Serve the designer page with Panel (Bokeh server) on this machine or the network."""

from __future__ import annotations

import signal
from collections.abc import Callable

from ncled.designer.jobs import configure_pool, default_max_solves

LOCALHOST = "127.0.0.1"
PUBLIC_WARNING = (
    "the designer listens on {host}: anyone who can reach this machine on port {port} can run "
    "simulations on it (concurrent solves capped at {cap}); bind 127.0.0.1 unless that is intended"
)


def is_public(host: str) -> bool:
    """Whether ``host`` exposes the server beyond this machine."""
    return host not in (LOCALHOST, "localhost", "::1")


def serve(path: str, port: int = 5006, host: str = LOCALHOST, max_solves: int | None = None,
          warn: Callable[[str], None] | None = None, ready: Callable[[str], None] | None = None,
          ) -> None:
    """Serve the designer for device ``path`` until interrupted (blocks).

    Parameters
    ----------
    path : str
        Device file or built-in device name (validated before the server starts).
    port : int
        TCP port (0: a free one).
    host : str
        Address to bind; 127.0.0.1 by default. Any other address gets ``warn`` called with
        ``PUBLIC_WARNING`` and the solves capped
        (:func:`ncled.designer.jobs.default_max_solves`).
    max_solves : int, optional
        Concurrent LED solves over all sessions.
    warn, ready : callable, optional
        Called with the warning, and with the page's URL once the server listens.

    Raises
    ------
    ConfigError
        The device file is missing or invalid.
    """
    import panel as pn

    from ncled.designer import model
    from ncled.designer.app import create_page
    from ncled.designer.document import read_device_file

    data, source = read_device_file(path)
    model.validate(data, source=source)
    public = is_public(host)
    cap = max_solves if max_solves is not None else default_max_solves(public)
    pool = configure_pool(cap)
    if public and warn is not None:
        warn(PUBLIC_WARNING.format(host=host, port=port, cap=cap))
    origins = ["*"] if public else [f"{LOCALHOST}:{port}", f"localhost:{port}"]
    server = pn.serve({"/": lambda: create_page(path)}, port=port, address=host, show=False,
                      start=False, allow_websocket_origin=origins, title="ncled designer",
                      websocket_max_message_size=50 * 2**20)
    loop = server.io_loop

    def stop(*_args) -> None:
        loop.add_callback_from_signal(loop.stop)

    previous = signal.signal(signal.SIGTERM, stop)
    server.start()
    if ready is not None:
        ready(f"http://{host}:{server.port}/")
    try:
        loop.start()
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        pool.shutdown()
