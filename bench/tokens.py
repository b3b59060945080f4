"""Print what checking a control-room access token costs on the request path.

Usage: python bench/tokens.py [CHECKS]   (default 200,000)

Times issuing and checking access tokens (`AccessTokens`), and, where this checkout has it,
the cached look-up of the signed-in user's standing that every request makes after the
signature (`SignIns.standing`, a cache hit: no database read).
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import time

from controlroom.security import AccessTokens


def per_call_us(fn, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        fn()
    return (time.perf_counter() - start) / count * 1e6


def standing_us(count: int) -> float | None:
    try:
        from controlroom.hub.signins import CACHE_SECONDS, SignIns, Standing
    except ImportError:
        return None
    signins = SignIns(engine=None)  # a warm cache never touches the store
    signins._cache[(1, "f")] = (time.monotonic() + CACHE_SECONDS, Standing("a", "b", True, True))

    async def run() -> float:
        start = time.perf_counter()
        for _ in range(count):
            await signins.standing(1, "f")
        return (time.perf_counter() - start) / count * 1e6

    return asyncio.run(run())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    tokens = AccessTokens(secrets.token_bytes(32))
    token = tokens.issue(42, "dispatcher-1", "dispatcher")
    print(f"token length: {len(token)} characters")
    issue = per_call_us(lambda: tokens.issue(42, "dispatcher-1", "dispatcher"), count // 4)
    print(f"issue: {issue:.2f} us")
    fresh = [tokens.issue(42, "dispatcher-1", "dispatcher") for _ in range(count // 20)]
    first = per_call_us(lambda: tokens.check(fresh.pop()), count // 20)
    print(f"check, first sight of a token: {first:.2f} us")
    print(f"check, a token seen before: {per_call_us(lambda: tokens.check(token), count):.2f} us")
    cached = standing_us(count)
    if cached is not None:
        print(f"standing (cache hit): {cached:.2f} us")


if __name__ == "__main__":
    main()
