"""Closed lists the register uses, as stable codes with their Vietnamese labels.

Codes are what the database and the wire carry; labels are what officers read.
Order of each mapping is the order lists and combo boxes show.
"""

from __future__ import annotations

from typing import Literal, overload

from desktop.domain.errors import ValidationError

SEX = {"M": "Nam", "F": "Nữ"}

HAMLET_KINDS = {
    "thon": "Thôn",
    "ban": "Bản",
    "ap": "Ấp",
    "lang": "Làng",
    "buon": "Buôn",
    "bon": "Bon",
    "phum": "Phum",
    "soc": "Sóc",
    "xom": "Xóm",
    "to_dan_pho": "Tổ dân phố",
    "khu_pho": "Khu phố",
    "khoi_pho": "Khối phố",
    "khom": "Khóm",
    "tieu_khu": "Tiểu khu",
    "khu_dan_cu": "Khu dân cư",
}

RELATIONS = {
    "head": "Chủ hộ",
    "wife": "Vợ",
    "husband": "Chồng",
    "child": "Con",
    "child_in_law": "Con dâu/Con rể",
    "grandchild": "Cháu",
    "father": "Bố",
    "mother": "Mẹ",
    "grandparent": "Ông/Bà",
    "sibling": "Anh/Chị/Em",
    "other": "Khác",
}

# Highest level completed (GSO census groups, with the vocational ladder).
EDUCATION = {
    "none": "Chưa đi học",
    "primary_incomplete": "Chưa tốt nghiệp tiểu học",
    "primary": "Tiểu học",
    "lower_secondary": "Trung học cơ sở",
    "upper_secondary": "Trung học phổ thông",
    "elementary_vocational": "Sơ cấp",
    "intermediate": "Trung cấp",
    "college": "Cao đẳng",
    "university": "Đại học",
    "postgraduate": "Trên đại học",
}

# NĐ 20/2014: level 1 = stage 1 of the literacy programme or grade 3; level 2 = grade 5.
LITERACY = {
    "illiterate": "Chưa biết chữ",
    "level1": "Biết chữ mức độ 1",
    "level2": "Biết chữ mức độ 2",
}

# In the words of the Luật Cư trú 2020 (68/2020/QH14), Điều 2: "cư trú" is living at a place
# in a commune (khoản 2), at one's nơi thường trú or at a nơi tạm trú, a place one lives for a
# time besides the nơi thường trú, registered as such (khoản 8, 9); "tạm vắng" is being away
# from one's nơi cư trú for a time (khoản 7; declared under Điều 31); "nơi ở hiện tại" is the
# nơi thường trú or nơi tạm trú where one regularly lives (khoản 10). So a tạm trú person
# lives in the commune now and a tạm vắng one does not. Every status but "resident" has a date
# it took effect (Citizen.status_since). Codes fit the column (VARCHAR(12)).
CITIZEN_STATUS = {
    "resident": "Thường trú",
    "temporary": "Tạm trú",
    "absent": "Tạm vắng",
    "moved_away": "Đã chuyển đi",
    "deceased": "Đã mất",
}
# Who lives in the commune now: its population, a household's members, who may be evaluated.
LIVING_HERE = ("resident", "temporary")

POVERTY = {
    "none": "Không thuộc diện nghèo",
    "near_poor": "Hộ cận nghèo",
    "poor": "Hộ nghèo",
}

UNIT_KINDS = {
    "school": "Trường học",
    "agency": "Cơ quan",
    "cooperative": "Hợp tác xã",
    "enterprise": "Doanh nghiệp",
    "health": "Cơ sở y tế",
    "other": "Đơn vị khác",
}

ACTIVITY_CATEGORIES = {
    "literacy": "Xóa mù chữ",
    "post_literacy": "Giáo dục tiếp tục sau khi biết chữ",
    "topic": "Chuyên đề",
    "skills": "Kỹ năng",
    "digital_skills": "Kỹ năng số",
    "foreign_language": "Ngoại ngữ",
    "culture_sport": "Văn hóa, thể thao",
    "other": "Khác",
}


@overload
def check_code(vocabulary: dict[str, str], value: str | None, *, field: str,
               required: Literal[True] = True) -> str: ...
@overload
def check_code(vocabulary: dict[str, str], value: str | None, *, field: str, required: bool) -> str | None: ...
def check_code(vocabulary: dict[str, str], value: str | None, *, field: str, required: bool = True) -> str | None:
    """Return `value` if it is a code of `vocabulary`; else a ValidationError naming the choices."""
    if value is None or value == "":
        if required:
            raise ValidationError("không được để trống.", code="required", field=field)
        return None
    if value not in vocabulary:
        choices = ", ".join(vocabulary.values())
        raise ValidationError(
            f"giá trị “{value}” không hợp lệ; chọn một trong: {choices}.",
            code="invalid_choice",
            field=field,
        )
    return value
