"""Small builders of valid input, so each test states only what it is about."""

from __future__ import annotations

from desktop.domain.records import CitizenInput, HouseholdInput


def person(full_name: str = "Nguyễn Văn An", sex: str = "Nam", birth_date: object = "1975",
           identity_number: object = None, relation: str = "other", **extra) -> CitizenInput:
    return CitizenInput(full_name=full_name, sex=sex, birth_date=birth_date,
                        identity_number=identity_number, relation=relation, **extra)


def family(*members: CitizenInput, hamlet_id: str | None = None, code: str = "", **extra) -> HouseholdInput:
    if not members:
        members = (
            person("Nguyễn Văn An", "Nam", "1975", "040075000001", "head"),
            person("Trần Thị Hường", "Nữ", "12/03/1978", "040178000002", "wife"),
            person("Nguyễn Văn Bình", "Nam", "2005", None, "child"),
        )
    return HouseholdInput(code=code, hamlet_id=hamlet_id, members=list(members), **extra)
