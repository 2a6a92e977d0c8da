"""Fix 3: the cache stores the fetch's ``Task``, and every caller awaits it.

>>> import asyncio
>>> calls = []
>>> async def fetch(key):
...     calls.append(key)
...     await asyncio.sleep(0.01)
...     return f"value of {key}"
>>> async def ten_callers_then_one():
...     cache.clear()
...     first = await asyncio.gather(*(get_or_fetch("k", fetch) for _ in range(10)))
...     return first, await get_or_fetch("k", fetch)
>>> first, later = asyncio.run(ten_callers_then_one())
>>> first == ["value of k"] * 10, later
(True, 'value of k')
>>> len(calls)
1

A failed task reaches every waiter and is dropped from the cache, so the next
call fetches again:

>>> attempts = []
>>> async def flaky(key):
...     attempts.append(key)
...     await asyncio.sleep(0.01)
...     if len(attempts) == 1:
...         raise ConnectionError("backend down")
...     return "fresh"
>>> async def five_callers_then_one():
...     cache.clear()
...     calls = (get_or_fetch("k", flaky) for _ in range(5))
...     outcomes = await asyncio.gather(*calls, return_exceptions=True)
...     errors = [type(o).__name__ for o in outcomes]
...     return errors, "k" in cache, await get_or_fetch("k", flaky)
>>> asyncio.run(five_callers_then_one())
(['ConnectionError', 'ConnectionError', 'ConnectionError', 'ConnectionError', 'ConnectionError'], False, 'fresh')
>>> len(attempts)
2
"""

import asyncio

cache = {}


async def get_or_fetch(key, fetcher):
    task = cache.get(key)
    if task is None:
        task = asyncio.ensure_future(fetcher(key))
        cache[key] = task
        task.add_done_callback(lambda done: _forget_failure(key, done))
    return await asyncio.shield(task)


def _forget_failure(key, task):
    # A failed or cancelled fetch must not be served to later callers.
    if (task.cancelled() or task.exception() is not None) and cache.get(key) is task:
        del cache[key]
