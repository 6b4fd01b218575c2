"""Drawing at random without losing exactness: whole shares of a total, weighted samples
without replacement, weighted choices."""

import math
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` by largest remainder (ties to the first)."""
    whole = sum(weights)
    quotas = [total * weight / whole for weight in weights]
    counts = [int(quota) for quota in quotas]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float], k: int):
    """k distinct items, each drawn with probability in proportion to its weight
    (Efraimidis–Spirakis); items with no weight are never drawn."""
    if k <= 0:
        return []
    log, draw = math.log, rng.random
    keys = [log(1.0 - draw()) / weight if weight > 0 else -math.inf for weight in weights]
    best = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)[:k]
    return [items[position] for position in best if keys[position] > -math.inf]


def weighted_choice(rng: random.Random, table: dict):
    """A key of `table` drawn with probability in proportion to its value."""
    keys = list(table)
    return rng.choices(keys, weights=[table[key] for key in keys])[0]


class Pool:
    """Schools (or districts) to draw from, in proportion to their size."""

    def __init__(self, schools: Sequence[int], weights: Sequence[float]):
        self.schools = list(schools)
        self.cumulative = list(accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.schools)

    def pick(self, rng: random.Random) -> int:
        position = bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.schools[min(position, len(self.schools) - 1)]
