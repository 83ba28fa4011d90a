"""Criteria sets of the learning titles, as data: checked on load, frozen once built.

A set is one title in one version (e.g. `gia-dinh/448-2016`): criteria (tiêu chí) made of
items (chỉ số) with points, the pass rule, optional levels, how long a title lasts and
who recognises it. Sets come from YAML files (desktop.services.criteria) or, later, from
the province; desktop.domain.criteria_reader checks a plain dict and builds one.

An item may carry a short name for column headers (`short`): it is for display only and
stays out of the set's fingerprint, so naming the items of a set that already evaluated a
year does not turn it into "a changed set".

A manual item may name a rule as suggested evidence (`evidence: {rule, params}`): the rule's
outcome over the register ("Sổ TTHTCĐ: đã học 2 lớp/chuyên đề") is shown beside the item
and printed on the self-assessment form, and never sets points (desktop.domain.evidence).
It is content (in the fingerprint) only for the sets that use it: `to_dict` writes the key
only when an item has one, so the sets written before it keep their fingerprints.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping

from desktop.domain.errors import ValidationError
from desktop.domain.text import format_decimal

SCHEMA = 1

# Title id -> (subject kind, Vietnamese name); order is the evaluation order, since a
# higher title counts the lower ones of the same year.
TITLES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "cong-dan": ("citizen", "Công dân học tập"),
    "gia-dinh": ("household", "Gia đình học tập"),
    "dong-ho": ("clan", "Dòng họ học tập"),
    "cong-dong": ("hamlet", "Cộng đồng học tập cấp thôn"),
    "don-vi": ("unit", "Đơn vị học tập"),
})
TITLE_ORDER = tuple(TITLES)
SUBJECT_NAMES = {"citizen": "công dân", "household": "hộ gia đình", "clan": "dòng họ",
                 "hamlet": "thôn, tổ dân phố", "unit": "đơn vị"}

MANUAL, COMPUTED = "manual", "computed"
DISPLAY_ONLY_ITEM_KEYS = ("short",)  # how an item is labelled on screen, not what it scores
# How a document is cited in short, from the kind its number names ("448/QĐ-KHVN" is a quyết định).
DOCUMENT_KINDS = (("/QĐ-", "QĐ", "Quyết định"), ("/TT-", "TT", "Thông tư"), ("/KH-", "KH", "Kế hoạch"),
                  ("/HD-", "HD", "Hướng dẫn"), ("/CT-", "CT", "Chỉ thị"))


@lru_cache(maxsize=4096)
def fmt(points: float) -> str:
    return format_decimal(points)


@lru_cache(maxsize=4096)
def _below_total(total: float, max_points: float, min_total: float) -> str:
    return f"Tổng điểm {fmt(total)}/{fmt(max_points)}, chưa đạt mức {fmt(min_total)} điểm."


@lru_cache(maxsize=4096)
def _below_floor(what: str, ident: str, score: float, floor: float) -> str:
    return f"{what} {ident} được {fmt(score)} điểm, dưới mức sàn {fmt(floor)} điểm."


@lru_cache(maxsize=4096)
def _passed(total: float, max_points: float, rule: "PassRule") -> str:
    return f"Đạt: {fmt(total)}/{fmt(max_points)} điểm (cần từ {fmt(rule.min_total)} điểm{rule.floors_text})."


@dataclass(frozen=True)
class SourceDocument:
    code: str
    issuer: str
    date: str | None = None  # ISO yyyy-mm-dd
    period: str = ""
    note: str = ""
    # The date official citations give, where the copy read gives another (QĐ 448: read
    # 10/11/2015, cited 01/12/2015). What decisions print; display-only, out of the fingerprint.
    cited_date: str | None = None

    def _kind(self) -> tuple[str, str]:
        code = self.code.upper()
        return next(((short, full) for mark, short, full in DOCUMENT_KINDS if mark in code), ("", ""))

    @property
    def citation(self) -> str:
        """As an officer names it: "QĐ 448/QĐ-KHVN"."""
        short = self._kind()[0]
        return f"{short} {self.code}" if short else self.code

    @property
    def years(self) -> tuple[int, int] | None:
        """The years the document was written for, read off `period` ("2016–2020, …"); None if unsaid."""
        found = re.match(r"\s*(\d{4})\s*[–-]\s*(\d{4})", self.period)
        return (int(found.group(1)), int(found.group(2))) if found else None

    def outside_period(self, year: int) -> str:
        """"" when `year` lies in the document's period (or it gives none); else what to tell the officer."""
        years = self.years
        if years is None or years[0] <= year <= years[1]:
            return ""
        return (f"{self.citation} ban hành cho giai đoạn {years[0]}–{years[1]}; năm {year} nằm ngoài giai đoạn này "
                "(chưa có bộ tiêu chí thay thế được xác nhận, chương trình dùng tạm).")

    @property
    def full_citation(self) -> str:
        """"Quyết định số 448/QĐ-KHVN ngày 10/11/2015 của Hội Khuyến học Việt Nam"."""
        full = self._kind()[1]
        text = f"{full} số {self.code}" if full else f"Văn bản {self.code}"
        issued = self.cited_date or self.date
        if issued:
            text += " ngày " + date.fromisoformat(issued).strftime("%d/%m/%Y")
        return f"{text} của {self.issuer}" if self.issuer else text


@dataclass(frozen=True)
class PassRule:
    min_total: float
    item_floor: float | None = None  # every item scores at least this
    criterion_floor: float | None = None  # every criterion scores at least this
    no_criterion_at_zero: bool = False

    @property
    def floors_text(self) -> str:
        """What the rule asks beyond the total, as the reasons and the printed forms say it:
        ", không chỉ số nào dưới 5 điểm" ("" when nothing)."""
        text = f", không chỉ số nào dưới {fmt(self.item_floor)} điểm" if self.item_floor is not None else ""
        if self.criterion_floor is not None:
            text += f", không tiêu chí nào dưới {fmt(self.criterion_floor)} điểm"
        elif self.no_criterion_at_zero:
            text += ", không tiêu chí nào 0 điểm"
        return text


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    min_total: float


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    points: float
    kind: str  # MANUAL or COMPUTED
    rule: str | None = None
    # Every parameter of the rule, defaults filled in; read-only.
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    confirmed: bool = True
    why: str = ""
    note: str = ""
    short: str = ""  # a few words for a column header ("Trẻ đi học"); display only
    # A rule whose outcome is shown as suggested evidence of a manual item (never its points).
    evidence_rule: str | None = None
    evidence_params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    @property
    def number(self) -> str:
        """The item's number within its set: "1.2" for "gdht.1.2"."""
        return self.id.split(".", 1)[-1]

    @property
    def label(self) -> str:
        """The number and the short name, "1.2 Học lực, hạnh kiểm" (the number alone without one)."""
        return f"{self.number} {self.short}" if self.short else self.number


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    points: float
    items: tuple[Item, ...]
    confirmed: bool = True
    why: str = ""
    note: str = ""


@dataclass(frozen=True)
class CriteriaSet:
    title: str
    name: str
    version: str
    source: SourceDocument
    valid_from: int
    valid_to: int | None
    recognised_by: str
    validity_years: int
    max_points: float
    pass_rule: PassRule
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]
    unconfirmed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    note: str = ""
    origin: str = field(default="", compare=False)  # where it was loaded from, for messages

    @property
    def id(self) -> str:
        """What a year's evaluation records to keep its set: "gia-dinh/448-2016"."""
        return f"{self.title}/{self.version}"

    @property
    def subject(self) -> str:
        return TITLES[self.title][0]

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for criterion in self.criteria for item in criterion.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    def in_force(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    @property
    def confirmed(self) -> bool:
        """Every part read in the source document (none marked `confirmed: false` or listed as unconfirmed)."""
        return not self.unconfirmed and all(c.confirmed and all(i.confirmed for i in c.items)
                                            for c in self.criteria)

    def unconfirmed_points(self) -> tuple[str, ...]:
        """What is not yet confirmed from the document, each with why, for the officer to read."""
        points = [why for why in self.unconfirmed.values() if why]
        for criterion in self.criteria:
            if not criterion.confirmed:
                points.append(f"Tiêu chí {criterion.id.split('.', 1)[-1]}: {criterion.why}")
            points += [f"Chỉ số {i.number}: {i.why}" for i in criterion.items if not i.confirmed]
        return tuple(points)

    @cached_property
    def fingerprint(self) -> str:
        """Hash of the content: the same id with another fingerprint is a changed set.

        Display-only fields (an item's short name) are left out: a year evaluated with the
        set before its items had short names still finds the same set afterwards.
        """
        content = self.to_dict()
        content["source"].pop("cited_date", None)
        for criterion in content["criteria"]:
            for item in criterion["items"]:
                for key in DISPLAY_ONLY_ITEM_KEYS:
                    item.pop(key, None)
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @cached_property
    def _criteria_items(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((c.id, tuple(i.id for i in c.items)) for c in self.criteria)

    def passes(self, total: float, item_scores: Mapping[str, float]) -> tuple[bool, tuple[str, ...]]:
        """Apply the pass rule; the reasons say what failed, or how it passed.

        Runs once per subject (75,000 citizens a year): messages come from small caches.
        """
        rule = self.pass_rule
        floor, criterion_floor = rule.item_floor, rule.criterion_floor
        failed: list[str] = []
        if total < rule.min_total:
            failed.append(_below_total(total, self.max_points, rule.min_total))
        for criterion_id, item_ids in self._criteria_items:
            subtotal: float = 0
            for item_id in item_ids:
                score = item_scores.get(item_id, 0)
                subtotal += score
                if floor is not None and score < floor:
                    failed.append(_below_floor("Chỉ số", item_id, score, floor))
            if criterion_floor is not None and subtotal < criterion_floor:
                failed.append(_below_floor("Tiêu chí", criterion_id, subtotal, criterion_floor))
            elif rule.no_criterion_at_zero and subtotal <= 0:
                failed.append(f"Tiêu chí {criterion_id} được 0 điểm.")
        if failed:
            return False, tuple(failed)
        return True, (_passed(total, self.max_points, rule),)

    def level_for(self, total: float, passed: bool) -> Level | None:
        """The highest level reached; levels only apply to a subject that passes."""
        reached = [level for level in self.levels if passed and total >= level.min_total]
        return reached[-1] if reached else None

    def to_dict(self) -> dict:
        """The set as plain data, accepted back by `criteria_set_from_dict` (round trip)."""
        def item_dict(i: Item) -> dict:
            return {"id": i.id, "name": i.name, "points": i.points, "kind": i.kind,
                    **({"rule": i.rule, "params": dict(i.params)} if i.kind == COMPUTED else {}),
                    "confirmed": i.confirmed, "why": i.why, "note": i.note,
                    **({"short": i.short} if i.short else {}),
                    # only when used: the sets written before the key keep their fingerprints
                    **({"evidence": {"rule": i.evidence_rule, "params": dict(i.evidence_params)}}
                       if i.evidence_rule else {})}
        return {
            "schema": SCHEMA, "title": self.title, "name": self.name, "version": self.version,
            "source": {"code": self.source.code, "issuer": self.source.issuer, "date": self.source.date,
                       "period": self.source.period, "note": self.source.note,
                       **({"cited_date": self.source.cited_date} if self.source.cited_date else {})},
            "valid_from": self.valid_from, "valid_to": self.valid_to, "recognised_by": self.recognised_by,
            "validity_years": self.validity_years, "max_points": self.max_points,
            "pass_rule": {"min_total": self.pass_rule.min_total, "item_floor": self.pass_rule.item_floor,
                          "criterion_floor": self.pass_rule.criterion_floor,
                          "no_criterion_at_zero": self.pass_rule.no_criterion_at_zero},
            "levels": [{"id": lv.id, "name": lv.name, "min_total": lv.min_total} for lv in self.levels],
            "criteria": [{"id": c.id, "name": c.name, "points": c.points, "items": [item_dict(i) for i in c.items],
                          "confirmed": c.confirmed, "why": c.why, "note": c.note} for c in self.criteria],
            "unconfirmed": dict(self.unconfirmed), "note": self.note,
        }


class CriteriaError(ValidationError):
    """A criteria set with one or more problems; `errors` lists each with its place."""

    default_code = "invalid_criteria_set"

    def __init__(self, source: str, errors: list[ValidationError]) -> None:
        self.errors = tuple(errors)
        head = f"Bộ tiêu chí “{source}”" + (f" có {len(errors)} lỗi" if len(errors) > 1 else "")
        super().__init__(f"{head}: " + "; ".join(e.message for e in errors))
        self.source = source
