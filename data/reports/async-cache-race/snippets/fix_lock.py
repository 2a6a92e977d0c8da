"""Fix 1: one ``asyncio.Lock`` per key, and a second look at the cache once it is held.

Ten concurrent callers of one key share a single fetch:

>>> import asyncio
>>> calls = []
>>> async def fetch(key):
...     calls.append(key)
...     await asyncio.sleep(0.01)
...     return f"value of {key}"
>>> async def ten_callers():
...     cache.clear(), _locks.clear()
...     return await asyncio.gather(*(get_or_fetch("k", fetch) for _ in range(10)))
>>> asyncio.run(ten_callers()) == ["value of k"] * 10
True
>>> len(calls)
1
>>> asyncio.run(get_or_fetch("k", fetch))
'value of k'
>>> len(calls)
1

A lock belongs to the event loop that first used it, so each ``asyncio.run``
above and below starts from empty ``cache`` and ``_locks``.

A failed fetch is not cached. Its caller gets the error; callers that were
waiting for the lock find the entry still empty and fetch again, one at a time:

>>> attempts = []
>>> async def flaky(key):
...     attempts.append(key)
...     await asyncio.sleep(0.01)
...     if len(attempts) == 1:
...         raise ConnectionError("backend down")
...     return "fresh"
>>> async def five_callers():
...     cache.clear(), _locks.clear()
...     calls = (get_or_fetch("k", flaky) for _ in range(5))
...     outcomes = await asyncio.gather(*calls, return_exceptions=True)
...     return [o if isinstance(o, str) else type(o).__name__ for o in outcomes]
>>> asyncio.run(five_callers())
['ConnectionError', 'fresh', 'fresh', 'fresh', 'fresh']
>>> len(attempts)
2
"""

import asyncio

cache = {}
# One lock per key ever requested; they are small, and dropping a lock while another
# caller waits on it would let a newcomer fetch alongside that waiter.
_locks = {}


async def get_or_fetch(key, fetcher):
    if key in cache:
        return cache[key]
    lock = _locks.setdefault(key, asyncio.Lock())
    async with lock:
        # Another caller may have stored the value while this one waited for the lock.
        if key in cache:
            return cache[key]
        value = await fetcher(key)
        cache[key] = value
        return value
