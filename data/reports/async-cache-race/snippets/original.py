"""The cache as given in the task: check, await the fetcher, then store.

Ten concurrent callers of one key all miss the cache, because each one is
suspended at ``await fetcher(key)`` before any of them stores a value:

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
10

Once a value is stored, later callers are served from the cache:

>>> asyncio.run(get_or_fetch("k", fetch))
'value of k'
>>> len(calls)
10

A slow fetch that started first finishes last and overwrites the fresher
value that a quicker fetch had already stored:

>>> async def slow_then_fresh():
...     cache.clear()
...     answers = iter([("old", 0.05), ("new", 0.0)])
...     async def fetch(key):
...         value, delay = next(answers)
...         await asyncio.sleep(delay)
...         return value
...     slow = asyncio.create_task(get_or_fetch("k", fetch))
...     await asyncio.sleep(0)
...     fresh = await get_or_fetch("k", fetch)
...     await slow
...     return fresh, cache["k"]
>>> asyncio.run(slow_then_fresh())
('new', 'old')
"""

cache = {}


async def get_or_fetch(key, fetcher):
    if key in cache:
        return cache[key]
    value = await fetcher(key)
    cache[key] = value
    return value
