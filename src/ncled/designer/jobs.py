"""Device solves off the event loop: one pool for the server, the newest request wins per page.

The LED solve (:func:`ncled.designer.model.solve`) takes from a fraction of a second to seconds; it
runs on a worker thread of one process-wide pool whose size caps the concurrent solves of all
browser sessions together. Each page owns a :class:`LatestSolve`: a new request supersedes the
older one, which stops at its next progress report (the library reports each stage) or, if it
already finished, is dropped.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ncled.designer import model
from ncled.device.config import DeviceConfig


class Superseded(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a solve whose request a newer one replaced."""


def default_max_solves(public: bool) -> int:
    """Concurrent solves: all cores on a private server, 2 when anyone on the network can ask."""
    return 2 if public else max(1, os.cpu_count() or 1)


class SolvePool:
    """The process-wide pool of solver threads (its size caps the concurrent solves)."""

    def __init__(self, max_workers: int) -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be >= 1, got {max_workers}")
        self.max_workers = max_workers
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="ncled-solve")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable, *args):
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)


_POOL: SolvePool | None = None
_POOL_LOCK = threading.Lock()


def configure_pool(max_workers: int) -> SolvePool:
    """Set the size of the process-wide pool (done once by the server at start)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown()
        _POOL = SolvePool(max_workers)
        return _POOL


def pool() -> SolvePool:
    """The process-wide pool (created with :func:`default_max_solves` if not configured)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = SolvePool(default_max_solves(public=False))
        return _POOL


class LatestSolve:
    """Solves for one page: only the newest request's result is delivered.

    Parameters
    ----------
    on_stage : callable
        Called (from the worker thread) with the library's progress messages of the current solve.
    """

    def __init__(self, on_stage: Callable[[str], None] | None = None) -> None:
        self._generation = 0
        self._lock = threading.Lock()
        self._on_stage = on_stage or (lambda _msg: None)

    @property
    def generation(self) -> int:
        return self._generation

    def _progress(self, generation: int) -> Callable[[str], None]:
        def report(message: str) -> None:
            if generation != self._generation:
                raise Superseded(message)
            self._on_stage(message)
        return report

    async def submit(self, config: DeviceConfig) -> model.Solution | None:
        """Solve ``config``; None if a newer request superseded this one before it finished.

        Errors of the library (ConfigError, ConvergenceError...) propagate to the caller.
        """
        with self._lock:
            self._generation += 1
            gen = self._generation
        report = self._progress(gen)

        def work():
            report("queued")
            return model.solve(config, progress=report)

        try:
            result = await pool().run(work)
        except Superseded:
            return None
        return result if gen == self._generation else None

    def cancel(self) -> None:
        """Supersede whatever is running (e.g. when the page closes)."""
        with self._lock:
            self._generation += 1
