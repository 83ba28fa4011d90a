"""The commune's business keys, as the province must keep them too.

The commune database holds them as unique (partial) indexes: one live household per code,
one live citizen per identity number, one evaluation round per year and title, one
evaluation per subject, year and title, one standing recognition, one decision number a
year, one certificate number… The province stores rows by id only, so without these a
second PC, or a PC working on an older copy of its file, could push a second live row for
one key — and every restore of the commune would then break on the unique index.

Standard library only (plus the protocol): the province server imports this module.
tests/sync compares these keys with the commune models' unique indexes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

# When a key applies, as the unique index's WHERE clause does on the commune.
ALWAYS, LIVE, LIVE_WITH_IDENTITY, STANDING = "always", "live", "live_with_identity", "standing"
_APPLIES = {
    ALWAYS: lambda row: True,
    LIVE: lambda row: not row.get("deleted"),
    LIVE_WITH_IDENTITY: lambda row: not row.get("deleted") and row.get("identity_number") is not None,
    STANDING: lambda row: not row.get("deleted") and row.get("revoked_on") is None,
}


@dataclass(frozen=True)
class UniqueKey:
    index: str  # the commune's unique index of the same rule
    table: str
    columns: tuple[str, ...]
    applies: str  # one of ALWAYS, LIVE, LIVE_WITH_IDENTITY, STANDING
    rule: str  # the rule in the officer's words

    def holds(self, row: Mapping[str, Any]) -> bool:
        return _APPLIES[self.applies](row)

    def value(self, row: Mapping[str, Any]) -> str:
        """A fixed-length digest of the key's values: what the province indexes."""
        values = json.dumps([row.get(c) for c in self.columns], ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(f"{self.index}|{values}".encode("utf-8")).hexdigest()


UNIQUE_KEYS: tuple[UniqueKey, ...] = (
    UniqueKey("uq_households_code_live", "households", ("code",), LIVE,
              "mỗi mã hộ chỉ dùng cho một hộ gia đình"),
    UniqueKey("uq_citizens_identity_live", "citizens", ("identity_number",), LIVE_WITH_IDENTITY,
              "mỗi số định danh cá nhân chỉ thuộc về một công dân"),
    UniqueKey("uq_clan_households_live", "clan_households", ("clan_id", "household_id"), LIVE,
              "một hộ chỉ ghi một lần vào mỗi dòng họ"),
    UniqueKey("uq_participations_live", "participations", ("activity_id", "citizen_id"), LIVE,
              "mỗi công dân chỉ ghi một lần vào mỗi hoạt động"),
    UniqueKey("uq_title_registrations_live", "title_registrations", ("year", "title", "subject_id"), LIVE,
              "mỗi đối tượng chỉ đăng ký một danh hiệu một lần mỗi năm"),
    UniqueKey("uq_subject_checks_live", "subject_checks", ("year", "title", "subject_id"), LIVE,
              "mỗi đối tượng chỉ có một phiếu chấm cho mỗi danh hiệu mỗi năm"),
    UniqueKey("uq_evaluation_rounds_live", "evaluation_rounds", ("year", "title"), LIVE,
              "mỗi danh hiệu chỉ có một đợt đánh giá mỗi năm"),
    UniqueKey("uq_evaluations_live", "evaluations", ("year", "title", "subject_id"), LIVE,
              "mỗi đối tượng chỉ có một kết quả đánh giá cho mỗi danh hiệu mỗi năm"),
    UniqueKey("uq_recognition_decisions_number", "recognition_decisions", ("year", "number"), LIVE,
              "mỗi số quyết định chỉ dùng một lần trong năm"),
    UniqueKey("uq_recognitions_standing", "recognitions", ("year", "title", "subject_id"), STANDING,
              "mỗi đối tượng chỉ được công nhận một danh hiệu một lần mỗi năm (trừ khi đã thu hồi)"),
    UniqueKey("uq_certificates_number", "certificates", ("register_number",), ALWAYS,
              "mỗi số vào sổ giấy công nhận chỉ dùng một lần"),
    UniqueKey("uq_certificates_serial", "certificates", ("year", "serial"), ALWAYS,
              "mỗi số thứ tự giấy công nhận chỉ dùng một lần trong năm"),
)
KEYS_BY_TABLE: dict[str, tuple[UniqueKey, ...]] = {}
for _key in UNIQUE_KEYS:
    KEYS_BY_TABLE[_key.table] = KEYS_BY_TABLE.get(_key.table, ()) + (_key,)


def keys_of(table: str, row: Mapping[str, Any]) -> list[tuple[UniqueKey, str]]:
    """The keys this row holds as it stands (none once deleted, for most)."""
    return [(key, key.value(row)) for key in KEYS_BY_TABLE.get(table, ()) if key.holds(row)]


def duplicates(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> list[tuple[UniqueKey, list[Mapping[str, Any]]]]:
    """Groups of rows (table, row) that hold one key together, in a stable order."""
    holders: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    found: dict[tuple[str, str], UniqueKey] = {}
    for table, row in rows:
        for key, value in keys_of(table, row):
            holders.setdefault((key.index, value), []).append(row)
            found[(key.index, value)] = key
    groups = [(found[k], sorted(rs, key=lambda r: str(r.get("id")))) for k, rs in holders.items() if len(rs) > 1]
    return sorted(groups, key=lambda g: (g[0].index, str(g[1][0].get("id"))))
