"""Device solves off the event loop: one pool of solver processes, the newest request wins.

The LED solve (:func:`ncled.designer.model.solve`) takes from a fraction of a second to seconds of
mostly Python-level work; run on a thread it would hold the interpreter lock and stall the
slider's optics updates, so it runs in worker processes of one server-wide pool whose size caps the
concurrent solves of all browser sessions together. Each page owns a :class:`LatestSolve`: a
request first waits :data:`SETTLE_S` (a burst of moves starts one solve), a newer request cancels
an older one still queued, and the result of an older one already running is dropped.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

from ncled.designer import model
from ncled.device.config import DeviceConfig

#: Wait before starting a solve [s]: a newer request within it replaces this one before any work
#: (a held arrow key sends a request per step; 0.25 s is about the human pause after a move).
SETTLE_S = 0.25


def default_max_solves(public: bool) -> int:
    """Concurrent solves: all cores on a private server, 2 when anyone on the network can ask."""
    return 2 if public else max(1, os.cpu_count() or 1)


def _warm() -> None:
    """Import the LED model in a fresh worker (so the first solve does not pay for it)."""
    import ncled.device.led  # noqa: F401


class SolvePool:
    """The server-wide pool of solvers; ``max_workers`` caps the concurrent solves.

    ``processes=False`` runs them on threads (tests, or where processes cannot be started).
    """

    def __init__(self, max_workers: int, processes: bool = True) -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be >= 1, got {max_workers}")
        self.max_workers = max_workers
        if processes:
            self._pool: Executor = ProcessPoolExecutor(
                max_workers=max_workers, mp_context=multiprocessing.get_context("spawn"))
            for _ in range(max_workers):
                self._pool.submit(_warm)
        else:
            self._pool = ThreadPoolExecutor(max_workers=max_workers,
                                            thread_name_prefix="ncled-solve")

    def submit(self, fn: Callable, *args) -> Future:
        return self._pool.submit(fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


_POOL: SolvePool | None = None
_POOL_LOCK = threading.Lock()


def configure_pool(max_workers: int, processes: bool = True) -> SolvePool:
    """Set up the server-wide pool (done once by the server at start)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown()
        _POOL = SolvePool(max_workers, processes)
        return _POOL


def pool() -> SolvePool:
    """The server-wide pool (created with :func:`default_max_solves` if not configured)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = SolvePool(default_max_solves(public=False))
        return _POOL


class LatestSolve:
    """Solves for one page: only the newest request's result is delivered.

    Parameters
    ----------
    solver : callable
        ``solver(config) -> result``, run in the pool; a module-level function (it is pickled to
        the worker processes). Default :func:`ncled.designer.model.solve`.
    settle_s : float
        Seconds a request waits before it starts (:data:`SETTLE_S`).
    """

    def __init__(self, solver: Callable = model.solve, settle_s: float = SETTLE_S) -> None:
        self._solver = solver
        self._settle_s = settle_s
        self._generation = 0
        self._queued: Future | None = None
        self._lock = threading.Lock()

    @property
    def generation(self) -> int:
        return self._generation

    async def submit(self, config: DeviceConfig):
        """Solve ``config``; None if a newer request superseded this one.

        Errors of the library (ConfigError, ConvergenceError...) propagate to the caller.
        """
        with self._lock:
            self._generation += 1
            gen = self._generation
        await asyncio.sleep(self._settle_s)
        with self._lock:
            if gen != self._generation:
                return None
            if self._queued is not None:
                self._queued.cancel()  # still waiting for a worker: never starts
            fut = self._queued = pool().submit(self._solver, config)
        try:
            result = await asyncio.wrap_future(fut)
        except asyncio.CancelledError:
            return None
        return result if gen == self._generation else None

    def cancel(self) -> None:
        """Supersede whatever is pending (e.g. when the page closes)."""
        with self._lock:
            self._generation += 1
            if self._queued is not None:
                self._queued.cancel()
