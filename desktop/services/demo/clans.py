"""Lineages (dòng họ) of each hamlet, and the clans they form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from desktop.domain.dates import PartialDate
from desktop.services.demo.base import GeneratorBase
from desktop.services.demo.model import DemoClan
from desktop.services.demo.people import _KINH
from desktop.services.demo.random_tools import _Picker, _shares


@dataclass
class _Lineage:
    family: str
    middle: str | None  # the middle name its men traditionally share ("Họ Nguyễn Văn")
    ethnicity: str
    hamlet: int


class ClansMixin(GeneratorBase):
    """Lineages and the clans they form; mixed into `_Generator`."""

    def plan_lineages(
        self, counts: list[int], mixes: list[_Picker],
    ) -> tuple[list[_Lineage], dict[tuple[int, str], _Picker], dict[tuple[int, str], _Picker]]:
        """Lineages of each hamlet and ethnicity; about 60 % of households belong to one.

        Returns the lineages, a picker of lineage indexes per (hamlet, ethnicity), and one
        per (hamlet, ethnicity) for the branches of the previous hamlet's lineages.
        """
        rng = self.rng
        n = len(counts)
        lineages: list[_Lineage] = []
        lineage_pick: dict[tuple[int, str], _Picker] = {}
        spill_pick: dict[tuple[int, str], _Picker] = {}
        for h in range(n):
            for eth, share in zip(mixes[h].items, _shares(mixes[h]), strict=True):
                expected = counts[h] * share
                if expected < 6:
                    continue
                wanted = max(1, round(expected * 0.6 / 18))
                seen: set[tuple[str, str | None]] = set()
                ids: list[int] = []
                for _ in range(wanted * 3):
                    if len(ids) == wanted:
                        break
                    family = self.family_name(eth)
                    middle = self.lineage_middle(rng) if eth == _KINH and rng.random() < 0.55 else None
                    if (family, middle) in seen:
                        continue
                    seen.add((family, middle))
                    ids.append(len(lineages))
                    lineages.append(_Lineage(family, middle, eth, h))
                lineage_pick[(h, eth)] = _Picker((lid, 1 / (i + 1) ** 0.7) for i, lid in enumerate(ids))
                # About one lineage in five has branches in the next hamlet too.
                spanning = [lid for lid in ids if rng.random() < 0.2]
                if spanning:
                    spill_pick[(h + 1, eth)] = _Picker((lid, 1.0) for lid in spanning)
        return lineages, lineage_pick, spill_pick

    def clans(self, households, household_lineage, lineages, hamlets) -> list[DemoClan]:
        members: dict[int, list[int]] = {}
        for index, lid in enumerate(household_lineage):
            if lid is not None and households[index].members[0].family_name == lineages[lid].family:
                members.setdefault(lid, []).append(index)
        found: list[tuple[str, tuple[int, ...], tuple[int, int]]] = []
        for lid in sorted(members):
            indexes = members[lid]
            if len(indexes) < 4:
                continue
            lineage = lineages[lid]
            head: tuple[PartialDate, tuple[int, int]] | None = None
            for index in indexes:
                for m, p in enumerate(households[index].members):
                    if p.sex == "M" and p.family_name == lineage.family and p.status == "resident":
                        if head is None or p.birth < head[0]:
                            head = (p.birth, (index, m))
            if head is None:
                continue
            base = f"Họ {lineage.family} {lineage.middle}" if lineage.middle else f"Dòng họ {lineage.family}"
            found.append((base, tuple(indexes), head[1]))
        # Clans sharing a name are told apart by the hamlet of their first household (the
        # one a register would file them under), then by branch (chi) number.
        repeated = Counter(base for base, *_ in found)
        taken: Counter[str] = Counter()
        clans = []
        for base, clan_households, head_at in found:
            name = base
            if repeated[base] > 1:
                name = f"{base} ({hamlets[households[clan_households[0]].hamlet].name})"
                taken[name] += 1
                if taken[name] > 1:
                    name = f"{name[:-1]}, chi {taken[name]})"
            clans.append(DemoClan(name=name, households=clan_households, head=head_at))
        return clans
