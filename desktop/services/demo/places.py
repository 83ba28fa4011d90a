"""Where people live and work: hamlets, their ethnic mix, and the commune's units."""

from __future__ import annotations

from desktop.domain import vocab
from desktop.services.demo import names as N
from desktop.services.demo.base import GeneratorBase
from desktop.services.demo.model import DemoHamlet, DemoUnit
from desktop.services.demo.people import _KINH
from desktop.services.demo.random_tools import _Picker


def _kind_of(name: str) -> str:
    for code, label in sorted(vocab.HAMLET_KINDS.items(), key=lambda kv: -len(kv[1])):
        if name.startswith(label + " "):
            return code
    return "khu_dan_cu"


def _region(province_code: str) -> str:
    for region, codes in N.REGION_PROVINCES.items():
        if province_code in codes:
            return region
    return N.DEFAULT_REGION


class PlacesMixin(GeneratorBase):
    """Hamlets, the ethnic mix of each, and the commune's units; mixed into `_Generator`."""

    # --- hamlets ------------------------------------------------------------------------------

    def hamlet_plan(self, households: int) -> tuple[list[DemoHamlet], list[str | None]]:
        """Hamlets (Kinh ones first, minority villages last) and each one's minority group."""
        rng = self.rng
        n = max(2, round(households / rng.uniform(120, 250)))
        m = 0
        if n >= 3 and self.minority_share >= 0.05:
            m = min(n - 1, max(1, round(n * self.minority_share / 0.85)))
        main, others = self.minorities[0], self.minorities[1:]
        groups: list[str | None] = [None] * (n - m)
        for j in range(m):
            groups.append(others[(j // 3) % len(others)] if j % 3 == 2 else main)
        # Hoa communities live in ordinary hamlets; other groups in their own villages.
        plain = sum(1 for g in groups if g is None or g == "06")
        plain_names = iter(self.plain_hamlet_names(plain, households))
        village_pools: dict[tuple[str, ...], list[str]] = {}  # names not used yet, per table
        numbered: dict[str, int] = {}  # "Bản" -> last number given once a table ran out
        hamlets = []
        for g in groups:
            if g is None or g == "06":
                name = next(plain_names)
            else:
                table = N.MINORITY_HAMLET_NAMES.get(g, N.BAN_NAMES)
                if table not in village_pools:
                    village_pools[table] = rng.sample(list(table), len(table))
                pool = village_pools[table]
                if pool:
                    name = pool.pop()
                else:
                    prefix = table[0].split(" ")[0]
                    numbered[prefix] = numbered.get(prefix, 0) + 1
                    name = f"{prefix} {numbered[prefix]}"
            hamlets.append(DemoHamlet(name=name, kind=_kind_of(name)))
        return hamlets, groups

    def plain_hamlet_names(self, count: int, households: int) -> list[str]:
        rng = self.rng
        names: list[str] = []
        if households >= 3000 and rng.random() < 0.4:
            # The former township: its residential groups kept their numbers.
            names += [f"Tổ dân phố {i}" for i in range(1, min(count - 1, rng.randint(1, 3)) + 1)]
        rest = count - len(names)
        if self.south:
            prefix, pool = "Ấp", N.AP_NAMES
        else:
            style = rng.random()
            prefix, pool = ("Thôn", N.THON_NAMES) if style < 0.7 else ("Xóm", N.XOM_NAMES)
            if style >= 0.55 and style < 0.7 or style >= 0.9:
                pool = ()  # numbered: "Thôn 1", "Xóm 2" …
        if rest <= len(pool):
            names += rng.sample(list(pool), rest)
        else:
            names += [f"{prefix} {i}" for i in range(1, rest + 1)]
        return names

    def ethnic_mix(self, group: str | None) -> _Picker:
        kinh = _KINH
        if group is None:
            scatter = 0.03 if self.has_villages else min(self.minority_share, 0.1)
            return _Picker([(kinh, 1 - scatter)] + [(g, scatter / len(self.minorities)) for g in self.minorities])
        if group == "06":
            return _Picker([(kinh, 0.6), ("06", 0.4)])
        others = [g for g in self.minorities if g != group]
        return _Picker([(group, 0.85), (kinh, 0.10 if others else 0.15)] + [(g, 0.05 / len(others)) for g in others])

    # --- units --------------------------------------------------------------------------------

    def units(self, households: int) -> list[DemoUnit]:
        rng = self.rng
        extra = min(len(N.EXTRA_UNITS), max(0, households // 1500 + rng.randint(0, 2)))
        chosen = list(N.CORE_UNITS)
        if extra:
            # Nearly every commune has its agricultural cooperative.
            first = [N.EXTRA_UNITS[0]] if rng.random() < 0.9 else []
            rest = [u for u in N.EXTRA_UNITS if u not in first]
            chosen += first + rng.sample(rest, extra - len(first))
        chosen = chosen[:12]
        return [
            DemoUnit(name=pattern.format(c=self.commune), kind=kind, staff_count=rng.randint(lo, hi))
            for pattern, kind, lo, hi in chosen
        ]
