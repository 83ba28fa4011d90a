"""`xhht commune-rating`: the commune's self-assessment as “Cộng đồng học tập” cấp xã
(Thông tư 25/2023/TT-BGDĐT) — shown, one indicator recorded, or the report printed."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import open_db, out, year_number

_STATES = {"2": 2, "1": 1, "0": 0, "none": None}


def _state(text: str) -> str:
    if text.strip().lower() not in _STATES:
        raise argparse.ArgumentTypeError(f"“{text}”: ghi 2 (đạt mức độ 2), 1 (đạt mức độ 1), 0 (chưa đạt) "
                                         "hoặc none (chưa đánh giá)")
    return text.strip().lower()


def add_commands(commands, common) -> dict:
    p = commands.add_parser("commune-rating", parents=[common],
                            help="tự đánh giá “Cộng đồng học tập” cấp xã (Thông tư 25/2023/TT-BGDĐT): xem, ghi "
                                 "kết quả từng chỉ tiêu, in báo cáo")
    p.add_argument("--year", type=year_number, required=True, metavar="NĂM", help="năm đánh giá")
    p.add_argument("--indicator", metavar="MÃ", help="ghi kết quả của chỉ tiêu này, vd. 1.2 (cần --state)")
    p.add_argument("--state", type=_state, metavar="KẾT_QUẢ",
                   help="2 (đạt mức độ 2), 1 (đạt mức độ 1), 0 (chưa đạt), none (chưa đánh giá)")
    p.add_argument("--evidence", default="", metavar="MINH_CHỨNG", help="minh chứng, vd. “Kế hoạch số 15/KH-UBND”")
    p.add_argument("--out", type=Path, metavar="TỆP.pdf", help="in báo cáo tự đánh giá ra tệp PDF")
    p.add_argument("--number", default="", metavar="SỐ", help="cùng --out: số báo cáo, vd. 12/BC-UBND")
    p.add_argument("--date", metavar="NGÀY", help="cùng --out: ngày ký, dd/mm/yyyy hoặc yyyy-mm-dd")
    p.add_argument("--signer", default="", metavar="HỌ_TÊN", help="cùng --out: người ký (Chủ tịch UBND xã)")
    p.add_argument("--signer-title", default="CHỦ TỊCH", metavar="CHỨC_VỤ", help="chức vụ (mặc định: CHỦ TỊCH)")
    p.add_argument("--capacity", default="TM. ỦY BAN NHÂN DÂN", metavar="THẨM_QUYỀN",
                   help="thẩm quyền ký (mặc định: TM. ỦY BAN NHÂN DÂN)")
    p.add_argument("--to", default="", metavar="CƠ_QUAN", help="cùng --out: nơi gửi sau “Kính gửi:”")
    p.set_defaults(usage_error=p.error)
    return {"commune-rating": cmd_commune_rating}


def _as_dict(rated) -> dict:
    return {
        "year": rated.year, "commune": rated.commune, "document": rated.set.source.code,
        "level": rated.level, "level_name": rated.level_name, "complete": rated.result.complete,
        "missing": list(rated.missing), "not_met": list(rated.result.not_met),
        "only_level1": list(rated.result.only_level1), "verdict": rated.verdict,
        "criteria": [{
            "id": c.criterion.id, "name": c.criterion.name,
            "indicators": [{
                "id": i.indicator.id, "name": i.indicator.name, "level2_higher": i.indicator.level2_higher,
                "confirmed": i.indicator.confirmed, "why": i.indicator.why, "state": i.state,
                "state_text": i.state_text, "reached": i.reached, "evidence": i.evidence,
                "figures": {g.key: list(g.lines) for g in i.figures},
            } for i in c.indicators],
        } for c in rated.criteria],
        "figures": {key: list(lines) for key, _, lines in rated.figures.groups()},
        "unconfirmed": list(rated.unconfirmed),
    }


def _lines(rated) -> list[str]:
    lines = [f"Tự đánh giá “Cộng đồng học tập” cấp xã năm {rated.year} — {rated.commune} "
             f"(Thông tư {rated.set.source.code})"]
    for criterion in rated.criteria:
        lines.append(f"Tiêu chí {criterion.criterion.id}: {criterion.criterion.name}")
        for item in criterion.indicators:
            mark = "" if item.indicator.confirmed else " [chưa đối chiếu văn bản gốc]"
            lines.append(f"  {item.indicator.id}. {item.indicator.name}{mark}")
            lines.append(f"      Kết quả: {item.state_text}" + (f" — Minh chứng: {item.evidence}" if item.evidence else ""))
            for group in item.figures:
                lines.append(f"      {group.heading}:")
                lines += [f"        - {line}" for line in group.lines]
    lines.append(f"Kết quả: {rated.verdict}")
    return lines


def cmd_commune_rating(args) -> None:
    from desktop.domain.dates import parse_full_date
    from desktop.services.commune_rating import print_report, rating, record
    from desktop.services.session import transaction

    if (args.indicator is None) != (args.state is None):
        args.usage_error("--indicator và --state phải đi cùng nhau")
    if args.indicator is not None and args.out is not None:
        args.usage_error("ghi kết quả (--indicator) và in báo cáo (--out) là hai lần chạy lệnh riêng")
    if args.out is None and (args.number or args.date or args.signer or args.to):
        args.usage_error("--number, --date, --signer, --to chỉ dùng cùng --out")
    with open_db(args) as db, transaction(db) as session:
        if args.indicator is not None:
            done = record(session=session, year=args.year, indicator=args.indicator, state=_STATES[args.state],
                          evidence=args.evidence)
            rated = rating(session=session, year=args.year)
            item = next(i for i in rated.indicators if i.indicator.id == done.indicator)
            out(args, {"year": done.year, "indicator": done.indicator, "state": done.state, "evidence": done.evidence,
                       "level": rated.level, "verdict": rated.verdict},
                [f"Đã ghi chỉ tiêu {done.indicator} năm {done.year}: {item.state_text}.", f"Kết quả: {rated.verdict}"])
            return
        if args.out is not None:
            signed = parse_full_date(args.date, field="date") if args.date else None
            rated = print_report(session=session, year=args.year, path=args.out, number=args.number,
                                 signed_on=signed, signer=args.signer, signer_title=args.signer_title,
                                 capacity=args.capacity, addressee=args.to)
            out(args, {**_as_dict(rated), "file": str(args.out)},
                [f"Đã in báo cáo tự đánh giá năm {args.year}: {args.out}", f"Kết quả: {rated.verdict}"])
            return
        rated = rating(session=session, year=args.year)
    out(args, _as_dict(rated), _lines(rated))
