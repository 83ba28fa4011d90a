"""Seeded draws for the demo generator: a faster Random and weighted pickers."""

from __future__ import annotations

import random


class _Picker:
    """Weighted choice by table lookup: one rng.random() and one index per pick.

    The weights are spread over a table of about `size` slots (largest remainder, at
    least one slot for any positive weight), so shares are exact to 1/size.
    """

    __slots__ = ("items", "weights", "table", "n")

    def __init__(self, pairs, size: int = 1024) -> None:
        pairs = [(item, float(w)) for item, w in pairs if w > 0]
        self.items = [item for item, _ in pairs]
        self.weights = [w for _, w in pairs]
        total = sum(self.weights)
        exact = [w / total * size for w in self.weights]
        slots = [max(1, int(e)) for e in exact]
        short = size - sum(slots)
        for i in sorted(range(len(exact)), key=lambda i: (int(exact[i]) - exact[i], i))[:max(0, short)]:
            slots[i] += 1
        self.table = [item for item, count in zip(self.items, slots, strict=True) for _ in range(count)]
        self.n = len(self.table)

    def __call__(self, rng: random.Random):
        return self.table[int(rng.random() * self.n)]


def _modernity(birth_year: int) -> float:
    """0 for people born up to 1975, 1 from 2000 on: how 'modern' their names are."""
    return min(1.0, max(0.0, (birth_year - 1975) / 25))


class _Rng(random.Random):
    """random.Random with cheaper integer draws (floor of random() * n).

    The stdlib versions reject-sample from getrandbits to be exactly uniform; a bias
    below 2**-40 does not matter for demo data, and these are several times faster.
    Still fully determined by the seed.
    """

    # No `step`: the demo never passes one, and the fast draw has no use for it.
    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class _CohortPicker:
    """Names whose weights drift from traditional to modern with the year of birth."""

    _STEP = 5
    _FIRST = 1970
    _LAST = 2005

    def __init__(self, table) -> None:
        pickers = []
        for year in range(self._FIRST, self._LAST + 1, self._STEP):
            t = _modernity(year)
            pickers.append(_Picker(((name, old * (1 - t) + new * t) for name, old, new in table), 4096).table)
        # Lookup table per year of birth (1850–2150 covers anyone the register can hold).
        self.by_year = {
            year: pickers[(min(max(year, self._FIRST), self._LAST) - self._FIRST) // self._STEP]
            for year in range(1850, 2151)
        }

    def __call__(self, rng: random.Random, birth_year: int):
        table = self.by_year[birth_year]
        return table[int(rng.random() * len(table))]


def _shares(picker: _Picker) -> list[float]:
    total = sum(picker.weights)
    return [w / total for w in picker.weights]


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, at least one each when there are enough."""
    n = len(weights)
    base = [1] * n if total >= n else [0] * n
    rest = total - sum(base)
    scale = sum(weights)
    exact = [w / scale * rest for w in weights]
    counts = [b + int(e) for b, e in zip(base, exact, strict=True)]
    leftover = total - sum(counts)
    order = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in order[:leftover]:
        counts[i] += 1
    return counts
