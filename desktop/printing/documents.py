"""What the printers take: plain frozen data, filled by services, drawn by decision/certificate.

Wording that follows from the data (authority line, place-date line, default articles,
annex columns) is computed here so the decision and its certificates always agree.
Dates follow Nghị định 30/2020, Phụ lục I, Phần I, Mục II.4.b: "đối với những số thể hiện ngày
nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước"; the decision's number follows Mục II.3.c
(numbers below 10 get a leading zero, printing.nd30.document_number).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from desktop.printing.nd30 import document_number

SUBJECT_KINDS = ("household", "clan", "hamlet", "unit", "citizen")

# kind -> (plural used in the articles, annex name column, annex head column, annex detail column)
# Households and citizens are listed under the hamlet they live in (HAMLET_COLUMN); clans,
# hamlets and units keep the hamlet, if any, in their detail column.
_KIND_WORDS = {
    "household": ("hộ gia đình", "Họ và tên chủ hộ", "", "Địa chỉ"),
    "clan": ("dòng họ", "Dòng họ", "Trưởng họ", "Địa chỉ"),
    "hamlet": ("thôn, tổ dân phố", "Thôn, tổ dân phố", "Trưởng thôn, tổ trưởng", "Ghi chú"),
    "unit": ("đơn vị", "Tên đơn vị", "Thủ trưởng đơn vị", "Địa chỉ"),
    "citizen": ("công dân", "Họ và tên", "", "Địa chỉ"),
}
_PLACE_PREFIXES = ("xã ", "phường ", "thị trấn ", "đặc khu ")
HAMLET_COLUMN = "Thôn, tổ dân phố"
_BY_HAMLET = ("household", "citizen")


@dataclass(frozen=True)
class Signer:
    """The signature block: capacity, title, name (NĐ 30/2020, Phụ lục I, Phần I, Mục II.7.b).

    The capacity (quyền hạn) is "" when the chair signs on his own power (no line is printed),
    "TM. ỦY BAN NHÂN DÂN" when he signs for the committee as a collective, "KT. CHỦ TỊCH" when
    a deputy signs for the chair (title "PHÓ CHỦ TỊCH").
    """

    name: str
    title: str = "CHỦ TỊCH"
    capacity: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.capacity, self.title) if x)

    @property
    def collective(self) -> bool:
        # "TM." signs for the People's Committee as a body; otherwise for its chair.
        return self.capacity.upper().startswith("TM.")


@dataclass(frozen=True)
class AnnexRow:
    name: str
    detail: str = ""  # hamlet or address
    head: str = ""  # household head, clan head, unit head
    hamlet: str = ""  # the hamlet of the household (of the citizen's household); "" if none


@dataclass(frozen=True)
class DecisionDoc:
    commune: str  # "Xã Yên Xuân"
    province: str  # "Nghệ An"
    number: str  # "123/QĐ-UBND" as stored; printed through document_number ("5/…" -> "05/…")
    date: date | None
    signer: Signer
    title_name: str  # "Gia đình học tập"
    subject_kind: str
    year: int
    legal_bases: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ("Như Điều 3;", "Lưu: VT.")
    subjects: tuple[AnnexRow, ...] = ()
    articles: tuple[str, ...] = ()  # empty: the standard three articles

    @property
    def place(self) -> str:
        return place_name(self.commune)

    @property
    def number_line(self) -> str:
        return f"Số: {document_number(self.number)}" if self.number else "Số:        /QĐ-UBND"

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.date, self.year)

    @property
    def authority(self) -> str:
        return authority_line(self.commune, self.signer)

    @property
    def subject(self) -> str:
        return f"Về việc công nhận danh hiệu “{self.title_name}” năm {self.year}"

    @property
    def article_texts(self) -> tuple[str, ...]:
        return self.articles or default_articles(self)

    @property
    def annex_title(self) -> tuple[str, str]:
        plural = kind_words(self.subject_kind)[0]
        return "DANH SÁCH", f"Các {plural} đạt danh hiệu “{self.title_name}” năm {self.year}"

    @property
    def annex_reference(self) -> str:
        # Phụ lục I, Phần I, Mục III.1.c: "(Kèm theo văn bản số …/…-… ngày … tháng … năm …)".
        number = document_number(self.number) or "       /QĐ-UBND"
        when = date_words(self.date) if self.date else f"ngày      tháng      năm {self.year}"
        issuer = "Ủy ban nhân dân" if self.signer.collective else "Chủ tịch Ủy ban nhân dân"
        return f"(Kèm theo Quyết định số {number} {when} của {issuer} {in_sentence(self.commune)})"

    @property
    def by_hamlet(self) -> bool:
        """Households and citizens are listed under their hamlet, in a column of its own."""
        return self.subject_kind in _BY_HAMLET

    @property
    def annex_columns(self) -> tuple[str, ...]:
        _, name, head, detail = kind_words(self.subject_kind)
        if self.by_hamlet:
            return ("STT", name, HAMLET_COLUMN, detail)
        with_head = bool(head) and any(r.head for r in self.subjects)
        return ("STT", name, head, detail) if with_head else ("STT", name, detail)

    def annex_cells(self, index: int, row: AnnexRow) -> tuple[str, ...]:
        # A household is listed by its head's name when the row has one.
        name = row.head or row.name if self.subject_kind == "household" else row.name
        if self.by_hamlet:
            return (str(index), name, row.hamlet, without_hamlet(row.detail, row.hamlet))
        if len(self.annex_columns) == 4:
            return (str(index), name, row.head, row.detail)
        return (str(index), name, row.detail)


@dataclass(frozen=True)
class CertificateDoc:
    commune: str  # "Xã Yên Xuân"
    title_name: str
    year: int
    subject_kind: str
    name_lines: tuple[tuple[str, str], ...]  # (label, value); the first is the main name
    decision_number: str
    decision_date: date | None
    date: date | None  # of the place-date line, usually the decision's
    signer: Signer
    register_number: str  # "2026-GĐHT-000123"
    check_value: str  # "7KQ2M9XD" (printed grouped)
    qr_payload: str

    @property
    def authority(self) -> str:
        return authority_line(self.commune, self.signer)

    @property
    def headline(self) -> str:
        return f"{self.title_name.upper()} NĂM {self.year}"

    @property
    def achievement(self) -> tuple[str, str]:
        issuer = "Ủy ban nhân dân" if self.signer.collective else "Chủ tịch Ủy ban nhân dân"
        when = short_date(self.decision_date) if self.decision_date else "…"
        return (f"Đã đạt danh hiệu “{self.title_name}” năm {self.year}",
                f"theo Quyết định số {document_number(self.decision_number)} ngày {when} của {issuer} "
                f"{in_sentence(self.commune)}.")

    @property
    def date_line(self) -> str:
        return date_line(place_name(self.commune), self.date, self.year)

    @property
    def grouped_check(self) -> str:
        half = len(self.check_value) // 2
        value = self.check_value
        return f"{value[:half]}-{value[half:]}" if "-" not in value else value


# --- wording ---------------------------------------------------------------------


def kind_words(kind: str) -> tuple[str, str, str, str]:
    if kind not in _KIND_WORDS:
        raise ValueError(f"unknown subject kind {kind!r}")
    return _KIND_WORDS[kind]


def place_name(commune: str) -> str:
    """"Xã Yên Xuân" -> "Yên Xuân" (the place on the place-date line)."""
    for prefix in _PLACE_PREFIXES:
        if commune.lower().startswith(prefix):
            return commune[len(prefix):].strip()
    return commune.strip()


def in_sentence(commune: str) -> str:
    """"Xã Yên Xuân" -> "xã Yên Xuân": only the kind word drops its capital mid-sentence."""
    return commune[:1].lower() + commune[1:]


def authority_line(commune: str, signer: Signer) -> str:
    body = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    return body if signer.collective else f"CHỦ TỊCH {body}"


def date_line(place: str, when: date | None, year: int) -> str:
    if when is None:  # a draft: the clerk writes the day in
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, {date_words(when)}"


def date_words(when: date) -> str:
    """"ngày 05 tháng 3 năm 2026", "ngày 20 tháng 02 năm 2026": Phụ lục I, Phần I, Mục II.4.b
    pads a day below 10 and the months 1 and 2 (so "1" cannot be turned into "11" or "12")."""
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"ngày {when.day:02d} tháng {month} năm {when.year}"


def without_hamlet(detail: str, hamlet: str) -> str:
    """The address with the hamlet it ends with taken off (the hamlet has its own column)."""
    detail = detail.strip()
    if hamlet and detail.endswith(hamlet):
        detail = detail[: -len(hamlet)].rstrip(" ,;-")
    return detail


def short_date(when: date) -> str:
    return f"{when.day:02d}/{when.month:02d}/{when.year}"


def default_articles(doc: DecisionDoc) -> tuple[str, ...]:
    plural = kind_words(doc.subject_kind)[0]
    count = len(doc.subjects)
    return (
        f"Công nhận danh hiệu “{doc.title_name}” năm {doc.year} cho {count} {plural} "
        "(có danh sách kèm theo).",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Chủ tịch Hội Khuyến học xã, "
        f"Trưởng các thôn, tổ dân phố và các {plural} có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )


def name_lines(kind: str, name: str, *, head: str = "", address: str = "", sex: str | None = None,
               birth_year: int | None = None) -> tuple[tuple[str, str], ...]:
    """The (label, value) lines a certificate prints for one subject."""
    honorific = {"M": "ông", "F": "bà"}.get(sex or "", "ông (bà)")
    if kind == "household":
        lines = [(f"Gia đình {honorific}:", head or name)]
    elif kind == "clan":
        lines = [("Dòng họ:", name)] + ([("Trưởng họ:", head)] if head else [])
    elif kind == "hamlet":
        lines = [("Cộng đồng:", name)]
    elif kind == "unit":
        lines = [("Đơn vị:", name)]
    elif kind == "citizen":
        lines = [(f"{honorific[:1].upper()}{honorific[1:]}:", name)]
        if birth_year:
            lines.append(("Năm sinh:", str(birth_year)))
    else:
        kind_words(kind)  # raises
        lines = []
    if address:
        lines.append(("Địa chỉ:", address))
    return tuple(lines)


# --- output file -----------------------------------------------------------------


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary name beside `path`; it replaces `path` only if the block succeeds.

    A cancelled or failed print leaves the old file (or none), never half a PDF. The
    writer creates the file itself, so it gets the user's usual permissions (mkstemp's
    0600 would hide the PDF from other accounts on a shared office PC).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield str(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
