"""Where a study's tasks run: a Dask cluster, or a local process pool without Dask.

Both executors keep only a small window of tasks in flight (``IN_FLIGHT_PER_WORKER`` per worker):
the next task is submitted when one finishes, so neither the scheduler nor this process ever holds
the whole study, and a killed client loses at most the tasks in flight. Results come back to the
client, which writes them to the store in completion order.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ncled.errors import NcledError

#: Tasks in flight per worker: one running, one queued so that a worker never waits for the
#: client between tasks.
IN_FLIGHT_PER_WORKER = 2
#: Seconds a cluster may have no worker at all before the study stops (a cluster whose workers
#: died, or that never had any).
NO_WORKER_TIMEOUT = 20.0
#: Seconds to wait for a scheduler address to answer.
CONNECT_TIMEOUT = 5.0


class StudyExecutionError(NcledError):
    """The study could not run: a scheduler that refuses, a worker that died (exit code 2)."""


class WorkerDied(StudyExecutionError):
    """The worker computing a task died more often than Dask allows for one task
    (``distributed.scheduler.allowed-failures``, default 3): a point that kills its process
    (out of memory, a crash), or workers killed from outside."""


def have_dask() -> bool:
    """Whether dask.distributed is installed (``pip install 'ncled[studies]'``)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


class DaskExecutor:
    """Tasks on dask.distributed: an existing cluster by ``address`` or a LocalCluster."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster, as_completed

        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise StudyExecutionError(
                    f"cannot reach the Dask scheduler at {address!r}: {exc}. Start one with "
                    "`dask scheduler` (and `dask worker ADDRESS`), or leave out --scheduler to "
                    "use this machine's cores") from None
            self.where = f"dask scheduler {address}"
        else:
            n = workers or os.cpu_count() or 1
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster, set_as_default=False)
            self.where = f"dask LocalCluster of {n} workers"
        self.completed = as_completed(loop=self.client.loop)

    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def scatter(self, obj: Any) -> Any:
        try:
            return self.client.scatter(obj, broadcast=True)
        except (OSError, TimeoutError) as exc:
            raise StudyExecutionError(f"the {self.where} has no worker to send the study to "
                                      f"({exc}); rerun to resume when it has") from None

    def submit(self, fn: Callable, *args: Any) -> Any:
        fut = self.client.submit(fn, *args, pure=False)
        self.completed.add(fut)
        return fut

    def wait_any(self, futures: set, timeout: float) -> set:
        """Futures completed within ``timeout`` (Dask's ``as_completed`` over the window)."""
        deadline = time.monotonic() + timeout
        while not self.completed.has_ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        return set(self.completed.next_batch(block=False)) if self.completed.has_ready() else set()

    def result(self, fut: Any) -> Any:
        from distributed import KilledWorker

        try:
            return fut.result()
        except KilledWorker as exc:
            last = getattr(exc.last_worker, "address", exc.last_worker)
            raise WorkerDied(f"its worker died {exc.allowed_failures + 1} time(s) while "
                             f"computing it (last on {last})") from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class PoolExecutor:
    """Tasks on a local process pool (no Dask needed)."""

    def __init__(self, workers: int | None = None) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.n = workers or os.cpu_count() or 1
        self.pool = ProcessPoolExecutor(max_workers=self.n, mp_context=mp.get_context("spawn"))
        self.where = f"process pool of {self.n} workers"

    def n_workers(self) -> int:
        return self.n

    def scatter(self, obj: Any) -> Any:
        return obj

    def submit(self, fn: Callable, *args: Any) -> Any:
        return self.pool.submit(fn, *args)

    def wait_any(self, futures: set, timeout: float) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return set(wait(futures, timeout=timeout, return_when=FIRST_COMPLETED).done)

    def result(self, fut: Any) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return fut.result()
        except BrokenProcessPool as exc:
            raise StudyExecutionError(
                f"a worker process died while computing a task ({exc}); the points done are "
                "kept, rerun to resume") from None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class SerialExecutor:
    """Tasks run in this process when submitted (small studies, debugging, profiling)."""

    where = "this process (serial)"

    def n_workers(self) -> int:
        return 1

    def scatter(self, obj: Any) -> Any:
        return obj

    def submit(self, fn: Callable, *args: Any) -> Any:
        from concurrent.futures import Future

        fut: Future = Future()
        fut.set_result(fn(*args))
        return fut

    def wait_any(self, futures: set, timeout: float) -> set:
        return set(futures)

    def result(self, fut: Any) -> Any:
        return fut.result()

    def close(self) -> None:
        """Nothing to release."""


EXECUTORS = ("auto", "dask", "pool", "serial")


def make_executor(scheduler: str | None = None, workers: int | None = None,
                  kind: str = "auto") -> DaskExecutor | PoolExecutor | SerialExecutor:
    """A Dask executor where Dask is installed (or ``scheduler`` given), else a process pool;
    ``serial`` runs the tasks in this process."""
    if kind not in EXECUTORS:
        raise StudyExecutionError(f"executor must be one of {EXECUTORS}, got {kind!r}")
    if workers is not None and workers < 1:
        raise StudyExecutionError(f"--workers must be at least 1, got {workers}")
    if kind == "serial":
        if scheduler:
            raise StudyExecutionError("a scheduler address needs the Dask executor")
        return SerialExecutor()
    if kind == "pool":
        if scheduler:
            raise StudyExecutionError("a scheduler address needs the Dask executor")
        return PoolExecutor(workers)
    if kind == "dask" or scheduler:
        if not have_dask():
            raise StudyExecutionError("a Dask scheduler needs dask.distributed: "
                                      "pip install 'ncled[studies]'")
        return DaskExecutor(scheduler, workers)
    return DaskExecutor(None, workers) if have_dask() else PoolExecutor(workers)


def bounded_map(executor, fn: Callable, shared: Any, tasks: Iterable[tuple],
                no_worker_timeout: float = NO_WORKER_TIMEOUT,
                describe: Callable[[tuple], str] = lambda task: f"task {task}"
                ) -> Iterator[Any]:
    """Yield ``fn(shared, *task)`` for every task as they complete, a few in flight at a time.

    ``shared`` is sent to the workers once (Dask: scattered). At most ``IN_FLIGHT_PER_WORKER``
    tasks per worker are submitted; the next is submitted when one completes. A task whose
    worker died (:class:`WorkerDied`) is set aside and the others go on; the error is raised
    once every other task has been yielded, so a study keeps all it could compute;
    ``describe(task)`` names the lost tasks in its message.

    Raises
    ------
    StudyExecutionError
        Tasks whose worker died (the message names them), a process pool that broke, or a
        cluster that had no worker for ``no_worker_timeout`` seconds.
    """
    todo = iter(tasks)
    handle = executor.scatter(shared)
    live: dict = {}
    lost: list[tuple[tuple, str]] = []
    idle_since: float | None = None

    def fill() -> None:
        window = IN_FLIGHT_PER_WORKER * max(executor.n_workers(), 1)
        while len(live) < window:
            task = next(todo, None)
            if task is None:
                return
            live[executor.submit(fn, handle, *task)] = task

    fill()
    while live:
        finished = executor.wait_any(set(live), timeout=1.0)
        if not finished:
            if executor.n_workers() == 0:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > no_worker_timeout:
                    raise StudyExecutionError(
                        f"the {executor.where} has had no worker for {no_worker_timeout:.0f} s "
                        "(did they die?); the points done are kept, rerun to resume")
            else:
                idle_since = None
            continue
        for fut in finished:
            task = live.pop(fut)
            try:
                res = executor.result(fut)
            except WorkerDied as exc:
                lost.append((task, str(exc)))
                continue
            yield res
        fill()
    if lost:
        raise StudyExecutionError(
            f"{len(lost)} task(s) lost their worker; the other tasks were completed (a study "
            f"keeps their points: rerun to compute the rest). The first, {describe(lost[0][0])}:"
            f" {lost[0][1]}. A worker that dies on every try is often out of memory (give it "
            "more, or use fewer workers).")


def _call_indexed(payload: tuple, index: int, *args: Any) -> tuple[int, Any]:
    fn, shared = payload
    return index, fn(shared, *args)


def run_all(executor, fn: Callable, shared: Any, args_list: list[tuple]) -> list:
    """``[fn(shared, *args) for args in args_list]`` on the executor, in order."""
    out: list = [None] * len(args_list)
    tasks = [(i, *args) for i, args in enumerate(args_list)]
    for i, res in bounded_map(executor, _call_indexed, (fn, shared), tasks,
                              describe=lambda task: f"task {task[0]}"):
        out[i] = res
    return out
