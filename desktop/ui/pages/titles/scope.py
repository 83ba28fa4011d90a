"""What a step on the titles page acts on, handed from the page to its actions.

The page builds a `TitleScope` when an action starts (`TitlesPage.scope`); the actions and
their printing half read it, say what they did and keep rows in view through callbacks
the page passes them. So the page imports its actions and nothing imports the page back.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from desktop.services.titles.grid import GridRow
from desktop.services.titles.recognition import DecisionSummary


@dataclass(frozen=True)
class TitleScope:
    year: int
    title: str  # the title shown (gia-dinh…)
    is_selection: bool  # "Áp dụng cho": the selected rows, or every row the filters show
    text: str  # how a message names the scope: "3 dòng đang chọn"
    selected: tuple[GridRow, ...]  # the selected rows the filters show
    shown: tuple[GridRow, ...]  # every row the filters show, in the grid's order
    grid: tuple[GridRow, ...]  # the year's whole grid, filters aside
    current: GridRow | None  # the row the detail pane shows
    hamlet: str | None = None  # the hamlet filter
    decisions: tuple[DecisionSummary, ...] = ()  # the title's decisions that year

    @property
    def rows(self) -> tuple[GridRow, ...]:
        """The rows a batch step works on."""
        return self.selected if self.is_selection else self.shown


class FollowRows(Protocol):
    """The page's `follow`: say `message` and keep the rows `ids` in view (and `select`
    selected) after the reload the step's broadcast brings."""

    def __call__(self, ids: Iterable[str], message: str, *, select: Iterable[str] | None = None) -> None: ...
