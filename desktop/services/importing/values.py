"""One cell of a commune's list made into what the register stores: relations, schooling,
dates with two-digit years, marks, hamlet names."""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.domain import vocab
from desktop.domain.cccd import describe_cccd
from desktop.domain.errors import ValidationError
from desktop.domain.text import fold, normalize_text

# Relations as lists write them, folded; checked in the unfolded lower case first where
# folding would merge two words ("ba" is a father in the South, "bà" a grandmother).
_RELATION_EXACT = {"bà": "grandparent", "ba": "father", "má": "mother", "mạ": "mother", "u": "mother"}
_RELATIONS: dict[str, str] = {
    **dict.fromkeys(("chu ho", "ch", "chu", "chu ho gia dinh", "ho truong", "chủ hộ"), "head"),
    **dict.fromkeys(("vo", "vo chu ho"), "wife"),
    **dict.fromkeys(("chong", "chong chu ho"), "husband"),
    **dict.fromkeys(("con", "con trai", "con gai", "con nuoi", "con ruot", "con de", "con rieng"), "child"),
    **dict.fromkeys(("con dau", "con re", "con dau/con re", "dau", "re"), "child_in_law"),
    **dict.fromkeys(("chau", "chau noi", "chau ngoai", "chau ruot", "chat", "chat noi", "chat ngoai"), "grandchild"),
    **dict.fromkeys(("bo", "cha", "bo de", "cha de", "bo chu ho", "cha chu ho", "bo vo", "bo chong", "cha vo",
                     "cha chong", "tia", "thay"), "father"),
    **dict.fromkeys(("me", "me de", "me chu ho", "me vo", "me chong", "bu"), "mother"),
    **dict.fromkeys(("ong", "ba noi", "ba ngoai", "ong noi", "ong ngoai", "ong ba", "cu", "cu ong", "cu ba"),
                    "grandparent"),
    **dict.fromkeys(("anh", "chi", "em", "anh trai", "chi gai", "em trai", "em gai", "anh ruot", "chi ruot",
                     "em ruot", "anh chi em", "anh/chi/em"), "sibling"),
    **dict.fromkeys(("khac", "o nho", "o ghep", "nguoi o nho", "co", "di", "chu", "bac", "cau", "mo", "thim"),
                    "other"),
}
_RELATION_LABELS = {fold(label): code for code, label in vocab.RELATIONS.items()}
# The sex a relation word gives, where it gives one.
_RELATION_SEX = {"vo": "F", "chong": "M", "con trai": "M", "con gai": "F", "con dau": "F", "con re": "M",
                 "bo": "M", "cha": "M", "me": "F", "ong": "M", "ong noi": "M", "ong ngoai": "M", "ba noi": "F",
                 "ba ngoai": "F", "anh": "M", "anh trai": "M", "chi": "F", "chi gai": "F", "em trai": "M",
                 "em gai": "F", "chau trai": "M", "chau gai": "F"}
_RELATION_SEX_EXACT = {"bà": "F", "ba": "M", "má": "F", "mạ": "F"}

_GRADE = re.compile(r"(\d{1,2})\s*/\s*(10|12)")
_EDUCATION: dict[str, str] = {
    **dict.fromkeys(("khong", "mu chu", "chua di hoc", "khong biet chu", "chua biet chu"), "none"),
    **dict.fromkeys(("tieu hoc", "th", "cap 1", "cap i"), "primary"),
    **dict.fromkeys(("thcs", "trung hoc co so", "cap 2", "cap ii"), "lower_secondary"),
    **dict.fromkeys(("thpt", "trung hoc pho thong", "cap 3", "cap iii", "bt thpt", "btthpt"), "upper_secondary"),
    **dict.fromkeys(("so cap", "so cap nghe", "cong nhan ky thuat", "cnkt"), "elementary_vocational"),
    **dict.fromkeys(("trung cap", "tc", "trung cap nghe", "tcn", "thcn", "trung hoc chuyen nghiep"), "intermediate"),
    **dict.fromkeys(("cao dang", "cd", "cao dang nghe", "cdn"), "college"),
    **dict.fromkeys(("dai hoc", "dh", "cu nhan", "ky su", "bac si"), "university"),
    **dict.fromkeys(("thac si", "ths", "tien si", "ts", "tren dai hoc", "sau dai hoc"), "postgraduate"),
}
_EDUCATION_LABELS = {fold(label): code for code, label in vocab.EDUCATION.items()}
_MARKS = {"x", "v", "1", "co", "√", "✓", "✔", "+", "*", "ch", "chu ho"}
_SHORT_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})")
_SHORT_MONTH = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{2})")


def text(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, whitespace tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return normalize_text(str(value))


def relation_code(value: object) -> tuple[str, bool]:
    """The register's relation for a list's word, and whether the word was known."""
    raw = text(value).lower()
    if not raw:
        return "other", True
    if raw in _RELATION_EXACT:
        return _RELATION_EXACT[raw], True
    key = fold(raw).rstrip(".:")
    for table in (_RELATIONS, _RELATION_LABELS):
        if key in table:
            return table[key], True
    for word, code in _RELATIONS.items():  # "con trai út", "vợ (đã ly hôn)"
        if key.startswith(word + " ") and len(word) > 2:
            return code, True
    return "other", False


def sex_from_relation(value: object) -> str | None:
    raw = text(value).lower()
    if raw in _RELATION_SEX_EXACT:
        return _RELATION_SEX_EXACT[raw]
    return _RELATION_SEX.get(fold(raw))


def sex_from_identity(value: object) -> str | None:
    """Digit 4 of a 12-digit number gives the sex (Thông tư 59/2021/TT-BCA, Điều 7)."""
    try:
        from desktop.domain.cccd import validate_cccd

        return describe_cccd(validate_cccd(value)).sex
    except (ValidationError, ValueError, AttributeError):
        return None


def education_code(value: object) -> tuple[str | None, bool]:
    raw = fold(text(value)).rstrip(".")
    if not raw:
        return None, True
    if raw in _EDUCATION:
        return _EDUCATION[raw], True
    if raw in _EDUCATION_LABELS:
        return _EDUCATION_LABELS[raw], True
    if match := _GRADE.fullmatch(raw.replace("lop ", "")):
        grade, of = int(match[1]), int(match[2])
        if of == 10:  # the old 10-year school: grades 4, 7, 10 end the three levels
            grade = {4: 5, 7: 9, 10: 12}.get(grade, grade + (2 if grade > 7 else 1))
        if grade >= 12:
            return "upper_secondary", True
        if grade >= 9:
            return "lower_secondary", True
        if grade >= 5:
            return "primary", True
        return ("primary_incomplete" if grade > 0 else "none"), True
    return None, False


_LITERACY = {fold(label): code for code, label in vocab.LITERACY.items()} | {
    "mu chu": "illiterate", "khong biet chu": "illiterate", "chua biet chu": "illiterate",
    "muc 1": "level1", "muc do 1": "level1", "biet chu muc 1": "level1",
    "muc 2": "level2", "muc do 2": "level2", "biet chu muc 2": "level2", "biet chu": "level2"}
_STATUS = {fold(label): code for code, label in vocab.CITIZEN_STATUS.items()} | {
    "tt": "resident", "thuong tru": "resident", "tam tru": "temporary", "tam vang": "absent",
    "chuyen di": "moved_away", "da chuyen": "moved_away", "chet": "deceased", "da chet": "deceased", "mat": "deceased"}


def literacy_code(value: object) -> tuple[str | None, bool]:
    key = fold(text(value)).rstrip(".")
    if not key:
        return None, True
    return (_LITERACY[key], True) if key in _LITERACY else (None, False)


def status_code(value: object) -> tuple[str, bool]:
    key = fold(text(value)).rstrip(".")
    if not key:
        return "resident", True
    return (_STATUS[key], True) if key in _STATUS else ("resident", False)


def is_mark(value: object) -> bool:
    return fold(text(value)) in _MARKS


_UNKNOWN_DAY = re.compile(r"(?:0{1,2}\s*[/.\-]\s*){1,2}(\d{4})")
_DATE_LIKE = re.compile(r"(?:\d{1,2}\s*[/.\-]\s*){0,2}\d{2,4}")


def looks_like_birth(value: object) -> bool:
    if isinstance(value, (date, datetime)):
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value >= 1000
    return bool(_DATE_LIKE.fullmatch(text(value))) and len(text(value)) >= 4


def birth_value(value: object, *, today: date) -> object:
    """A birth date as the register's parser takes it; "d/m/yy" gets its century here.

    Two-digit years are read as this century when that is not in the future, else the last
    one ("05" in 2026 is 2005, "47" is 1947): a list of living people.
    """
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    raw = normalize_text(value)
    if match := _UNKNOWN_DAY.fullmatch(raw):  # "00/00/1960": only the year is known
        return match[1]
    for pattern, build in ((_SHORT_DATE, lambda m, y: f"{m[1]}/{m[2]}/{y}"),
                           (_SHORT_MONTH, lambda m, y: f"{m[1]}/{y}")):
        if match := pattern.fullmatch(raw):
            short = int(match[pattern.groups])
            century = 2000 if 2000 + short <= today.year else 1900
            return build(match, century + short)
    return raw


KIND_WORD = re.compile(r"^(thon|ban|xom|ap|lang|to dan pho|tdp|tieu khu|khoi pho|khu pho|khoi|khom|buon|bon|soc|"
                       r"phum|khu dan cu|to)\s+")


def hamlet_key(name: str) -> str:
    """"Thôn Yên Thịnh" and "Yên Thịnh" are one hamlet to a list; "Thôn 1" and "1" too."""
    return KIND_WORD.sub("", fold(name)).strip() or fold(name)


def kind_label(header: str) -> str:
    """The kind a hamlet column's header names ("Thôn", "Tổ dân phố"…), "" when it names none or several."""
    key = fold(header).replace(" ", "")
    for label in vocab.HAMLET_KINDS.values():
        if fold(label).replace(" ", "") == key:
            return label
    return ""


def hamlet_phrase(value: str) -> str:
    """The hamlet a title or a sheet name names: "DANH SÁCH HỘ GIA ĐÌNH THÔN YÊN THỊNH" → "Thôn Yên Thịnh"."""
    clean = normalize_text(value)
    folded = fold(clean)
    match = re.search(r"(?:^|\s)(thon|ban|xom|ap|lang|to dan pho|tdp|tieu khu|khoi pho|khu pho|khoi|khom|buon|"
                      r"bon|soc|phum|khu dan cu|to)\s+(\S.*)$", folded)
    if match is None:
        return ""
    start = match.start(1)
    phrase = clean[start:].strip(" :-–.,")
    phrase = re.split(r"\s*[,;(–-]\s*(?:xã|phường|thị trấn|huyện|năm|ngày)\b", phrase, flags=re.IGNORECASE)[0]
    words = phrase.split()
    if len(words) < 2 or len(words) > 8:
        return ""
    named = " ".join(w if any(ch.isdigit() for ch in w) else w[:1].upper() + w[1:].lower() for w in words)
    # The kind as the register writes it ("Tổ dân phố", "Tiểu khu"), then the hamlet's own name.
    for label in sorted(vocab.HAMLET_KINDS.values(), key=len, reverse=True):
        if fold(named).startswith(fold(label) + " "):
            rest = named[len(label):].strip()
            rest = re.sub(r"^Số\b", "số", rest)
            return f"{label} {rest}"
    return named
