"""Criteria-set commands: which sets this PC knows, and adding a new set file."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import Parser, out, year_number


def add_commands(commands, common) -> dict:
    criteria = commands.add_parser("criteria", parents=[common], help="bộ tiêu chí đánh giá các danh hiệu")
    actions = criteria.add_subparsers(title="việc", dest="criteria_action", metavar="VIỆC", required=True,
                                      parser_class=Parser)
    listing = actions.add_parser("list", parents=[common], help="các bộ tiêu chí trên máy này")
    listing.add_argument("--year", type=year_number, help="chỉ các bộ áp dụng cho năm này")
    adding = actions.add_parser("import", parents=[common], help="kiểm tra rồi thêm một tệp bộ tiêu chí (YAML)")
    adding.add_argument("file", type=Path, metavar="TỆP", help="tệp .yaml của bộ tiêu chí")
    return {"criteria": cmd_criteria}


def cmd_criteria(args) -> None:
    from desktop.services.titles.common import available_sets

    if args.criteria_action == "import":
        from desktop.services.criteria import import_set_file

        criteria = import_set_file(args.file, known=available_sets())
        out(args, {"imported": criteria.id, "fingerprint": criteria.fingerprint},
            [f"Đã thêm bộ tiêu chí {criteria.id} ({criteria.name}, áp dụng từ năm {criteria.valid_from})."])
        return
    sets = sorted(available_sets(), key=lambda s: (s.title, s.valid_from, s.version))
    if args.year is not None:
        sets = [s for s in sets if s.in_force(args.year)]
    data = {"sets": [{"id": s.id, "title": s.title, "name": s.name, "version": s.version,
                      "valid_from": s.valid_from, "valid_to": s.valid_to, "items": len(s.items),
                      "max_points": s.max_points, "source": s.source.code, "origin": s.origin} for s in sets]}
    lines = [f"{'bộ tiêu chí':<24} {'áp dụng':<12} {'chỉ số':>6}  nguồn"]
    for s in sets:
        span = f"{s.valid_from}–{s.valid_to or ''}"
        lines.append(f"{s.id:<24} {span:<12} {len(s.items):>6}  {s.source.code}")
    out(args, data, lines)
