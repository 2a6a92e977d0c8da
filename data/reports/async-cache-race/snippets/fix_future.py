"""Fix 2: concurrent callers await one shared in-flight ``Future``.

The first caller of a key runs the fetch; the others await its future through
``asyncio.shield``, so a waiter that is cancelled does not cancel the fetch:

>>> import asyncio
>>> calls = []
>>> async def fetch(key):
...     calls.append(key)
...     await asyncio.sleep(0.01)
...     return f"value of {key}"
>>> async def ten_callers():
...     cache.clear()
...     return await asyncio.gather(*(get_or_fetch("k", fetch) for _ in range(10)))
>>> asyncio.run(ten_callers()) == ["value of k"] * 10
True
>>> len(calls)
1
>>> asyncio.run(get_or_fetch("k", fetch))
'value of k'
>>> len(calls)
1

A failed fetch reaches every waiter, leaves nothing behind, and the next call
fetches again instead of serving the error:

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
...     return errors, _pending, await get_or_fetch("k", flaky)
>>> asyncio.run(five_callers_then_one())
(['ConnectionError', 'ConnectionError', 'ConnectionError', 'ConnectionError', 'ConnectionError'], {}, 'fresh')
>>> len(attempts)
2
"""

import asyncio

cache = {}
_pending = {}


async def get_or_fetch(key, fetcher):
    if key in cache:
        return cache[key]
    if key in _pending:
        return await asyncio.shield(_pending[key])

    pending = asyncio.get_running_loop().create_future()
    _pending[key] = pending
    try:
        value = await fetcher(key)
    except asyncio.CancelledError:
        pending.cancel()
        raise
    except Exception as exc:
        pending.set_exception(exc)
        # Marks the error as seen, so a fetch with no waiters logs no warning.
        pending.exception()
        raise
    finally:
        del _pending[key]
    cache[key] = value
    pending.set_result(value)
    return value
