"""Register commands: init, demo, search, stats."""

from __future__ import annotations

import time
from dataclasses import asdict

from desktop.cli.common import (
    count_limit,
    database_path,
    end_progress_line,
    open_db,
    out,
    progress_line,
    year_number,
)
from desktop.domain.errors import XhhtError
from desktop.domain.text import format_count


def add_commands(commands, common) -> dict:
    init = commands.add_parser("init", parents=[common], help="tạo cơ sở dữ liệu mới cho một xã")
    init.add_argument("--commune", required=True, help="mã xã/phường chính thức (5 chữ số, vd. 00070)")
    init.add_argument("--centre", help="tên Trung tâm học tập cộng đồng")

    demo = commands.add_parser("demo", parents=[common], help="điền dữ liệu mẫu cho một xã trống")
    demo.add_argument("--households", type=int, required=True, help="số hộ")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
    demo.add_argument("--year", type=year_number, help="năm của các hoạt động và danh hiệu (mặc định: năm nay)")
    demo.add_argument("--no-titles", action="store_true",
                      help="không tạo đăng ký danh hiệu và điểm chấm của năm đó")

    search = commands.add_parser("search", parents=[common], help="tìm công dân, hộ theo tên, số định danh, mã hộ")
    search.add_argument("text", metavar="NỘI_DUNG", help="nội dung tìm (không cần dấu)")
    search.add_argument("--limit", type=count_limit, default=50, help="số kết quả tối đa mỗi loại")

    stats = commands.add_parser("stats", parents=[common], help="số liệu tổng hợp của xã")
    stats.add_argument("--year", type=year_number, help="chỉ tính hoạt động trong năm này")
    return {"init": cmd_init, "demo": cmd_demo, "search": cmd_search, "stats": cmd_stats}


def cmd_init(args) -> None:
    from desktop.services.commune import init_commune

    path = database_path(args)
    info = init_commune(path, args.commune, centre_name=args.centre)
    out(args, {"commune": asdict(info), "db": str(path)},
         [f"Đã tạo cơ sở dữ liệu cho {info.name}, {info.province_name} (mã {info.code}): {path}"])


def cmd_demo(args) -> None:
    from desktop.services.demo.build import build_demo

    if args.households <= 0:
        raise XhhtError("Số hộ phải lớn hơn 0.", field="households")
    progress = progress_line()
    with open_db(args) as db:
        started = time.perf_counter()
        summary = build_demo(db=db, households=args.households, seed=args.seed, year=args.year, progress=progress,
                             titles=not args.no_titles)
        seconds = time.perf_counter() - started
    end_progress_line()
    data = asdict(summary) | {"seconds": round(seconds, 2)}
    out(args, data, [
        f"Đã tạo dữ liệu mẫu trong {seconds:.1f} giây:",
        f"  {summary.hamlets} thôn/tổ dân phố, {summary.households} hộ, {summary.citizens} công dân,",
        f"  {summary.clans} dòng họ, {summary.units} đơn vị học tập,",
        f"  {summary.activities} hoạt động với {summary.participations} lượt người tham gia.",
    ] + ([f"  {summary.title_registrations} lượt đăng ký danh hiệu năm {summary.title_year}, "
          f"{summary.title_checked} đối tượng đã được chấm các chỉ số (chưa đánh giá)."]
         if summary.title_year else []))


def cmd_search(args) -> None:
    from desktop.domain import vocab
    from desktop.services.search import search_register

    with open_db(args) as db, db.session() as session:
        result = search_register(session=session, text=args.text, limit=args.limit)
    data = {
        "query": args.text,
        "citizens": [c.to_dict() for c in result.citizens],
        "households": [h.to_dict() for h in result.households],
    }
    lines = [f"Công dân ({len(result.citizens)}):"]
    for c in result.citizens:
        birth = c.birth.format_vi() if c.birth else ""
        lines.append(f"  {c.full_name:<30} {vocab.SEX[c.sex]:<4} {birth:<10} {c.identity_number or '':<12} "
                     f"{vocab.CITIZEN_STATUS[c.status]}")
    lines.append(f"Hộ gia đình ({len(result.households)}):")
    for h in result.households:
        place = h.address if h.hamlet_name in h.address else ", ".join(p for p in (h.address, h.hamlet_name) if p)
        lines.append(f"  {h.code:<8} chủ hộ {h.head_name:<28} {place}")
    out(args, data, lines)


def cmd_stats(args) -> None:
    from desktop.services.commune import commune_info
    from desktop.services.stats import register_stats

    with open_db(args) as db:
        info = commune_info(db=db)
        with db.session() as session:
            stats = register_stats(session=session, year=args.year).as_dict()
    labels = {
        "hamlets": "Thôn/tổ dân phố", "households": "Hộ gia đình", "citizens": "Công dân",
        "residents": "  đang cư trú", "temporary_residents": "    trong đó tạm trú",
        "temporarily_absent": "  tạm vắng", "moved_away": "  đã chuyển đi", "deceased": "  đã mất",
        "clans": "Dòng họ", "units": "Đơn vị học tập", "activities": "Hoạt động TTHTCĐ",
        "participations": "Lượt người tham gia", "change_log": "Thay đổi trong nhật ký đồng bộ",
    }
    lines = [f"{info.name}, {info.province_name}" + (f" — năm {args.year}" if args.year else "")]
    lines += [f"  {labels[k]:<32} {format_count(v):>8}" for k, v in stats.items()]
    out(args, stats | {"commune": info.code, **({"year": args.year} if args.year else {})}, lines)


