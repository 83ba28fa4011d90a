"""Keeping a batch step's rows in view: what the grid should show after the step's reload.

After "Đưa vào danh sách đề nghị" with the stage filter on "Đạt", the rows the officer just
acted on are "Đề nghị công nhận" and the filter would hide them all. `Follow` remembers the
rows a step acted on; after the reload, `stage_to_show` says which stage filter keeps them
in sight (their new stage when they share one, every stage otherwise), and `rows_to_select`
which rows to select: those acted on, or, when they are gone (unregistered), the row
that came after them. No Qt here: the page applies the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from desktop.services.titles.grid import GridRow

KEEP = object()  # stage_to_show's answer when the filter already shows the rows


@dataclass(frozen=True)
class Follow:
    ids: frozenset[str]  # the rows acted on
    select: tuple[str, ...]  # selected afterwards, the first current
    message: str  # what the notice line says the step did
    anchor: str | None = None  # selected instead when the rows are gone

    @classmethod
    def of(cls, shown: Sequence[str], ids: Iterable[str], message: str,
           select: Iterable[str] | None = None) -> "Follow":
        """A step acted on `ids` while the grid showed `shown` (subject ids, in order)."""
        ids = list(ids)
        acted = frozenset(ids)
        places = [number for number, i in enumerate(shown) if i in acted]
        anchor = None
        if places:
            anchor = next((i for i in shown[places[-1] + 1:] if i not in acted),
                          next((i for i in reversed(shown[:places[0]]) if i not in acted), None))
        return cls(acted, tuple(ids if select is None else select), message, anchor)

    def stage_to_show(self, rows: Iterable[GridRow], stage_filter: str | None) -> object:
        """The stage filter that shows the rows acted on (None: every stage), or KEEP."""
        moved = {r.stage for r in rows if r.subject_id in self.ids}
        if stage_filter is None or not moved or moved == {stage_filter}:
            return KEEP
        return next(iter(moved)) if len(moved) == 1 else None

    def rows_to_select(self, is_shown: Callable[[str], bool]) -> list[str]:
        chosen = [i for i in self.select if is_shown(i)]
        if not chosen and self.anchor is not None and is_shown(self.anchor):
            chosen = [self.anchor]
        return chosen
