"""Solves off the event loop: the newest request wins, queued ones never start."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from ncled.designer import jobs

_STARTED: list = []
_RELEASE = threading.Event()


def _slow_solver(config):
    _STARTED.append(config)
    _RELEASE.wait(5)
    return f"solved {config}"


@pytest.fixture
def one_worker():
    jobs.configure_pool(1, processes=False)
    _STARTED.clear()
    _RELEASE.clear()
    yield
    _RELEASE.set()
    jobs.configure_pool(1, processes=False)


def test_a_newer_request_supersedes_the_older(one_worker):
    latest = jobs.LatestSolve(_slow_solver, settle_s=0.01)

    async def scenario():
        first = asyncio.ensure_future(latest.submit("a"))
        await asyncio.sleep(0.1)  # "a" is running on the only worker
        second = asyncio.ensure_future(latest.submit("b"))
        await asyncio.sleep(0.05)
        third = asyncio.ensure_future(latest.submit("c"))  # "b" still queued: cancelled
        await asyncio.sleep(0.05)
        _RELEASE.set()
        return await asyncio.gather(first, second, third)

    results = asyncio.run(scenario())
    assert results == [None, None, "solved c"]
    assert _STARTED == ["a", "c"]  # "b" never ran


def test_a_burst_within_the_settle_time_starts_one_solve(one_worker):
    _RELEASE.set()
    latest = jobs.LatestSolve(_slow_solver, settle_s=0.2)

    async def burst():
        tasks = []
        for k in range(10):
            tasks.append(asyncio.ensure_future(latest.submit(k)))
            await asyncio.sleep(0.001)
        return await asyncio.gather(*tasks)

    t0 = time.perf_counter()
    results = asyncio.run(burst())
    assert results == [None] * 9 + ["solved 9"]
    assert _STARTED == [9]
    assert time.perf_counter() - t0 < 5


def test_public_servers_cap_the_solves():
    assert jobs.default_max_solves(public=True) == 2
    assert jobs.default_max_solves(public=False) >= 1
    with pytest.raises(ValueError, match="max_workers"):
        jobs.SolvePool(0, processes=False)
