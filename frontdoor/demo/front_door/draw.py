"""Quick draws for the year's hundreds of thousands of choices: `random.Random`'s own
`choice`, `randint` and `choices` cost several times more, as they check their arguments and
draw bits without bias (which a demo does not need). Each takes one `random()`."""

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate


def pick(rng: random.Random, items: Sequence):
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from `low` to `high`, both included."""
    return low + int(rng.random() * (high - low + 1))


class Table:
    """A key of `shares` drawn with probability in proportion to its value."""

    def __init__(self, shares: dict):
        self.keys = list(shares)
        self.cumulative = list(accumulate(shares.values()))

    def draw(self, rng: random.Random):
        position = bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.keys[min(position, len(self.keys) - 1)]


def whole(rng: random.Random, expected: float) -> int:
    """A whole number whose mean is `expected`."""
    count = int(expected)
    return count + (rng.random() < expected - count)
