"""Title commands: register, check, evaluate, propose, recognize, revoke, certificates.

Each runs one service call (or a few) in one transaction: a command either did all of
its work or, with a Vietnamese message and exit 1, none of it. Subjects are named by id,
households also by code (H00012), citizens by identity number, hamlets by name.
"""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import end_progress_line, open_db, out, progress_line, year_number
from desktop.domain.criteria import SUBJECT_NAMES, TITLE_ORDER
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.text import format_count

_TITLE_HELP = "danh hiệu: " + ", ".join(TITLE_ORDER)


def _year(parser, required: bool = True) -> None:
    parser.add_argument("--year", type=year_number, required=required, metavar="NĂM", help="năm đánh giá")


def _title(parser, required: bool = True) -> None:
    parser.add_argument("--title", choices=TITLE_ORDER, required=required, metavar="DANH_HIỆU", help=_TITLE_HELP)


def _subjects(parser, help_text: str) -> None:
    parser.add_argument("--subject", dest="subjects", action="extend", nargs="+", default=[], metavar="MÃ",
                        help=help_text + " (mã số; hộ: mã hộ như H00012; công dân: số định danh; thôn, dòng họ, "
                        "đơn vị: tên); lặp lại được")


def add_commands(commands, common) -> dict:
    p = commands.add_parser("register", parents=[common], help="đăng ký danh hiệu cho hộ, công dân, dòng họ…")
    _year(p)
    _title(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="mọi đối tượng đủ điều kiện (công dân: từ 15 tuổi)")
    _subjects(which, "các đối tượng đăng ký")
    p.add_argument("--hamlet", metavar="TÊN", help="cùng --all: chỉ trong thôn, tổ dân phố này")
    p.set_defaults(usage_error=p.error)

    p = commands.add_parser("check", parents=[common], help="cán bộ chấm các chỉ số chấm tay (minh chứng)")
    _year(p)
    _title(p)
    p.add_argument("--full-marks", action="store_true", required=True,
                   help="chấm đủ điểm mọi chỉ số chấm tay (danh sách của thôn đã xác nhận)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-registered", action="store_true", help="mọi đối tượng đã đăng ký năm đó")
    _subjects(which, "các đối tượng được chấm")
    p.add_argument("--evidence", default="", metavar="MINH_CHỨNG", help="minh chứng, vd. “Biên bản bình xét của thôn”")

    p = commands.add_parser("evaluate", parents=[common], help="đánh giá các danh hiệu của một năm")
    _year(p)
    _title(p, required=False)

    p = commands.add_parser("propose", parents=[common], help="lập (hoặc bỏ) danh sách đề nghị công nhận")
    _year(p)
    _title(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--passed", action="store_true", help="mọi đối tượng đã đạt, đủ điểm chấm, chưa đề nghị "
                       "(cùng --withdraw: cả danh sách đề nghị)")
    _subjects(which, "các đối tượng đề nghị")
    p.add_argument("--withdraw", action="store_true", help="bỏ các đối tượng này khỏi danh sách đề nghị")
    p.add_argument("--note", default="", help="ghi chú của danh sách đề nghị")

    p = commands.add_parser("recognize", parents=[common], help="ghi quyết định công nhận (mặc định: danh sách "
                            "đề nghị, hoặc mọi đối tượng đã đạt)")
    _year(p)
    _title(p)
    p.add_argument("--number", required=True, metavar="SỐ", help="số quyết định, vd. 123/QĐ-UBND")
    p.add_argument("--date", required=True, metavar="NGÀY", help="ngày ký, dd/mm/yyyy hoặc yyyy-mm-dd")
    p.add_argument("--signer", required=True, metavar="HỌ_TÊN", help="người ký")
    p.add_argument("--signer-title", default="CHỦ TỊCH", metavar="CHỨC_VỤ", help="chức vụ (mặc định: CHỦ TỊCH)")
    p.add_argument("--capacity", default="", metavar="THẨM_QUYỀN",
                   help="thẩm quyền ký: để trống (mặc định, Chủ tịch ký), TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH")
    _subjects(p, "chỉ công nhận các đối tượng này")
    p.add_argument("--note", default="", help="ghi chú")
    p.add_argument("--out", type=Path, metavar="TỆP.pdf", help="in quyết định (kèm danh sách) ra tệp PDF")

    p = commands.add_parser("revoke", parents=[common], help="thu hồi công nhận của một đối tượng (ghi rõ lý do)")
    _year(p)
    _title(p)
    p.add_argument("--subject", required=True, metavar="MÃ", help="đối tượng bị thu hồi công nhận")
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do thu hồi")

    p = commands.add_parser("certificates", parents=[common], help="in giấy công nhận, sổ cấp, cấp lại, xác thực")
    _year(p, required=False)
    _title(p, required=False)
    p.add_argument("--out", type=Path, metavar="TỆP.pdf", help="tệp PDF để in")
    _subjects(p, "chỉ in giấy của các đối tượng này")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--reprint", metavar="SỐ_VÀO_SỔ", help="in lại một giấy (cùng số, cùng mã xác thực)")
    mode.add_argument("--reissue", metavar="SỐ_VÀO_SỔ", help="hủy giấy này và cấp giấy mới số mới (cần --reason)")
    mode.add_argument("--list", action="store_true", help="xem sổ cấp giấy công nhận")
    mode.add_argument("--verify", metavar="SỐ_VÀO_SỔ", help="kiểm tra một giấy (cần --code)")
    p.add_argument("--reason", metavar="LÝ_DO", help="lý do cấp lại")
    p.add_argument("--code", metavar="MÃ_XÁC_THỰC", help="mã xác thực in trên giấy, vd. 7KQ2-M9XD")
    p.add_argument("--blank", action="store_true",
                   help="in trên phôi có sẵn: chỉ in phần chữ thay đổi (phôi đã có khung, quốc hiệu, "
                   "chữ GIẤY CÔNG NHẬN)")
    p.add_argument("--offset-x", type=float, metavar="MM", help="cùng --blank: dịch chữ sang phải (âm: sang trái), mm")
    p.add_argument("--offset-y", type=float, metavar="MM", help="cùng --blank: dịch chữ xuống dưới (âm: lên trên), mm")
    p.set_defaults(usage_error=p.error)
    return {"register": cmd_register, "check": cmd_check, "evaluate": cmd_evaluate, "propose": cmd_propose,
            "recognize": cmd_recognize, "revoke": cmd_revoke, "certificates": cmd_certificates}


def _kind_words(title: str) -> str:
    from desktop.services.titles.common import subject_kind

    return SUBJECT_NAMES[subject_kind(title)]


# --- registration, checks, evaluation, proposal -------------------------------------


def cmd_register(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.common import title_name
    from desktop.services.titles.lookup import hamlet_id, resolve_subjects
    from desktop.services.titles.registration import register, register_all

    if args.hamlet and not args.all:
        args.usage_error("--hamlet chỉ dùng cùng --all")
    with open_db(args) as db, transaction(db) as session:
        if args.all:
            where = hamlet_id(session=session, name=args.hamlet) if args.hamlet else None
            count = register_all(session=session, year=args.year, title=args.title, hamlet_id=where)
        else:
            ids = resolve_subjects(session=session, title=args.title, refs=args.subjects)
            count = register(session=session, year=args.year, title=args.title, subject_ids=ids)
    out(args, {"year": args.year, "title": args.title, "added": count.added, "already": count.already},
        [f"Đã đăng ký {title_name(args.title)} năm {args.year}: {format_count(count.added)} "
         f"{_kind_words(args.title)} mới, {format_count(count.already)} đã đăng ký từ trước."])


def cmd_check(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.common import title_name
    from desktop.services.titles.lookup import resolve_subjects
    from desktop.services.titles.registration import check_full_marks, registered_ids

    with open_db(args) as db, transaction(db) as session:
        if args.all_registered:
            ids = registered_ids(session=session, year=args.year, title=args.title)
        else:
            ids = resolve_subjects(session=session, title=args.title, refs=args.subjects)
        checked = check_full_marks(session=session, year=args.year, title=args.title, subject_ids=ids,
                                   evidence=args.evidence)
    out(args, {"year": args.year, "title": args.title, "checked": checked},
        [f"Đã chấm đủ điểm các chỉ số chấm tay {title_name(args.title)} năm {args.year} cho "
         f"{format_count(checked)} {_kind_words(args.title)}" + (f" (minh chứng: {args.evidence})." if args.evidence
                                                                 else ".")])


def cmd_evaluate(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.common import set_for_year
    from desktop.services.titles.evaluation import evaluate_year

    progress = progress_line()
    with open_db(args) as db, transaction(db) as session:
        try:
            summaries = evaluate_year(session=session, year=args.year, titles=[args.title] if args.title else None,
                                      progress=progress)
        finally:
            end_progress_line()
        incomplete = _incomplete(session, args.year, [s.title for s in summaries])
        outside = {s.title: set_for_year(session=session, year=args.year, title=s.title)
                   .source.outside_period(args.year)
                   for s in summaries}
    titles = {s.title: {k: v for k, v in s.to_dict().items() if k != "title"} for s in summaries}
    header = (f"{'danh hiệu':<28} {'đăng ký':>8} {'đã chấm':>8} {'đạt':>8} {'đủ điểm':>8} {'khóa':>6} "
              f"{'ghi':>8}  bộ tiêu chí")
    lines = [f"Đánh giá năm {args.year}:", header]
    for s in summaries:
        lines.append(f"{s.name:<28} {format_count(s.registered):>8} {format_count(s.evaluated):>8} "
                     f"{format_count(s.passed):>8} {format_count(s.complete):>8} {format_count(s.locked):>6} "
                     f"{format_count(s.written):>8}  {s.set_id}")
    for s in summaries:
        titles[s.title]["incomplete"] = incomplete[s.title]
        titles[s.title]["outside_period"] = outside[s.title]
    lines.append("(đủ điểm: mọi chỉ số đã có điểm; khóa: đã công nhận, kết quả giữ nguyên; ghi: kết quả mới hoặc "
                 "thay đổi)")
    lines += [f"Lưu ý — {s.name}: {outside[s.title]}" for s in summaries if outside[s.title]]
    for s in summaries:
        rows = incomplete[s.title]
        if rows:
            lines.append(f"{s.name} — {format_count(len(rows))} đối tượng chưa đủ căn cứ — chưa kết luận đạt, "
                         "chưa đề nghị hay công nhận được cho đến khi chấm đủ:")
            lines += [f"  {r['name']}{' (' + r['detail'] + ')' if r['detail'] else ''}: " + "; ".join(
                part for part in (r["unscored"] and "chưa chấm " + ", ".join(r["unscored"]),
                                  r["no_data"] and "thiếu số liệu " + ", ".join(r["no_data"])) if part)
                      for r in rows[:INCOMPLETE_SHOWN]]
            if len(rows) > INCOMPLETE_SHOWN:
                lines.append(f"  … và {format_count(len(rows) - INCOMPLETE_SHOWN)} đối tượng khác (--json liệt kê đủ).")
    out(args, {"year": args.year, "titles": titles}, lines)


INCOMPLETE_SHOWN = 15  # per title on the terminal; --json gives all


def _incomplete(session, year: int, titles: list[str]) -> dict[str, list[dict]]:
    """Per title, the subjects "chưa đủ căn cứ" and why."""
    from desktop.services.titles.grid import grid

    out = {}
    for title in titles:
        table = grid(session=session, year=year, title=title)
        out[title] = []
        for row in table.rows:
            if row.stage == "incomplete":
                unscored, no_data = table.why_incomplete(row)
                out[title].append({"subject_id": row.subject_id, "name": row.name, "detail": row.detail,
                                   "unscored": list(unscored), "no_data": list(no_data)})
    return out


def cmd_propose(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.common import title_name
    from desktop.services.titles.grid import grid
    from desktop.services.titles.lookup import resolve_subjects
    from desktop.services.titles.recognition import proposal_applies, propose

    with open_db(args) as db, transaction(db) as session:
        if args.passed:
            ids = [r.subject_id for r in grid(session=session, year=args.year, title=args.title).rows
                   if proposal_applies(r, proposed=not args.withdraw)]
        else:
            ids = resolve_subjects(session=session, title=args.title, refs=args.subjects)
        count = propose(session=session, year=args.year, title=args.title, subject_ids=ids, note=args.note,
                        proposed=not args.withdraw) if ids else 0
    done = "Đã bỏ khỏi" if args.withdraw else "Đã đưa vào"
    out(args, {"year": args.year, "title": args.title, ("withdrawn" if args.withdraw else "proposed"): count},
        [f"{done} danh sách đề nghị công nhận {title_name(args.title)} năm {args.year}: {format_count(count)} "
         f"{_kind_words(args.title)}."])


# --- recognition ----------------------------------------------------------------------


def cmd_recognize(args) -> None:
    from desktop.domain.dates import parse_full_date
    from desktop.services.session import transaction
    from desktop.services.titles.certificates import print_decision
    from desktop.services.titles.lookup import resolve_subjects
    from desktop.services.titles.recognition import recognize

    signed_on = parse_full_date(args.date, field="date")
    with open_db(args) as db, transaction(db) as session:
        ids = resolve_subjects(session=session, title=args.title, refs=args.subjects) if args.subjects else None
        summary = recognize(session=session, year=args.year, title=args.title, number=args.number, signed_on=signed_on,
                            signer_name=args.signer, signer_title=args.signer_title,
                            signer_capacity=args.capacity, subject_ids=ids, note=args.note)
        if args.out:  # in the same transaction: a decision whose PDF failed is not kept half-done
            print_decision(session=session, decision_id=summary.id, path=args.out)
    lines = [f"Đã ghi Quyết định số {summary.number} ngày {summary.signed_on:%d/%m/%Y} ({summary.signer_name} ký): "
             f"công nhận {format_count(summary.recognised)} {_kind_words(args.title)} đạt “{summary.title_name}” "
             f"năm {summary.year}."]
    if args.out:
        lines.append(f"Đã in quyết định kèm danh sách: {args.out}")
    out(args, {"decision": summary.to_dict(), "recognised": summary.recognised,
               "out": str(args.out) if args.out else None}, lines)


def cmd_revoke(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.common import title_name
    from desktop.services.titles.lookup import resolve_subjects
    from desktop.services.titles.recognition import revoke, standing_recognition

    with open_db(args) as db, transaction(db) as session:
        subject_id, = resolve_subjects(session=session, title=args.title, refs=[args.subject])
        row = standing_recognition(session=session, year=args.year, title=args.title, subject_id=subject_id)
        if row is None:
            raise NotFoundError(f"“{args.subject}” không có công nhận {title_name(args.title)} năm {args.year} "
                                "còn hiệu lực để thu hồi.")
        name, recognition_id = row.name, row.id
        revoke(session=session, recognition_id=recognition_id, reason=args.reason)
    out(args, {"year": args.year, "title": args.title, "revoked": 1, "subject": subject_id,
               "recognition": recognition_id},
        [f"Đã thu hồi công nhận {title_name(args.title)} năm {args.year} của {name}; giấy công nhận của "
         "đối tượng này đã bị hủy trong sổ cấp. Đánh giá lại để cập nhật kết quả."])


# --- certificates ---------------------------------------------------------------------


def cmd_certificates(args) -> None:
    if args.list:
        return _list(args)
    if args.verify:
        if not args.code:
            args.usage_error("--verify cần --code (mã xác thực in trên giấy)")
        return _verify(args)
    if args.reissue:
        if not args.reason:
            args.usage_error("--reissue cần --reason (lý do cấp lại)")
        return _reissue(args)
    if not args.out:
        args.usage_error("cần --out TỆP.pdf để in")
    if (args.offset_x is not None or args.offset_y is not None) and not args.blank:
        args.usage_error("--offset-x, --offset-y chỉ dùng cùng --blank (in trên phôi)")
    if args.reprint:
        return _reprint(args)
    if args.year is None or args.title is None:
        args.usage_error("in giấy công nhận cần --year và --title")
    return _print(args)


def _blank(args):
    """The layout for pre-printed blanks (checked before the database is opened), or None."""
    from desktop.printing.certificate import BlankLayout

    return BlankLayout(args.offset_x or 0.0, args.offset_y or 0.0) if args.blank else None


def _blank_line(blank) -> str:
    if blank is None:
        return ""
    x, y = (f"{v:g}".replace(".", ",") for v in (blank.offset_x_mm, blank.offset_y_mm))  # 2,5 mm
    return f" (in trên phôi, lệch {x} mm ngang, {y} mm dọc)"


def _print(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.certificates import print_certificates
    from desktop.services.titles.common import title_name
    from desktop.services.titles.lookup import resolve_subjects

    blank = _blank(args)
    progress = progress_line()
    with open_db(args) as db, transaction(db) as session:
        ids = resolve_subjects(session=session, title=args.title, refs=args.subjects) if args.subjects else None
        try:
            pages = print_certificates(session=session, year=args.year, title=args.title, path=args.out,
                                       subject_ids=ids,
                                       progress=progress, blank=blank)
        finally:
            end_progress_line()
    out(args, {"year": args.year, "title": args.title, "printed": pages, "out": str(args.out), "blank": bool(blank)},
        [f"Đã in {format_count(pages)} giấy công nhận {title_name(args.title)} năm {args.year}"
         f"{_blank_line(blank)}: {args.out}"])


def _reprint(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.certificates import reprint

    blank = _blank(args)
    with open_db(args) as db, transaction(db) as session:
        number = reprint(session=session, certificate=args.reprint, path=args.out, blank=blank)
    out(args, {"reprinted": number, "out": str(args.out), "blank": bool(blank)},
        [f"Đã in lại giấy công nhận số {number} (cùng số vào sổ, cùng mã xác thực){_blank_line(blank)}: {args.out}"])


def _reissue(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.certificates import reissue

    with open_db(args) as db, transaction(db) as session:
        done = reissue(session=session, certificate=args.reissue, reason=args.reason)
    data = {"void": done.voided, "register_number": done.issued.register_number, "check": done.issued.check}
    out(args, data, [f"Đã hủy giấy số {done.voided} và cấp giấy mới số {data['register_number']} "
                     f"(mã xác thực {data['check']}).",
                     f"In giấy mới: xhht certificates --reprint {data['register_number']} --out TỆP.pdf"])


def _entry(e) -> dict:
    return {"register_number": e.register_number, "year": e.year, "title": e.title, "name": e.name,
            "detail": e.detail, "decision_number": e.decision_number, "issued_on": e.issued_on, "check": e.check,
            "void": e.void, "void_reason": e.void_reason, "prints": e.prints, "last_printed": e.last_printed}


def _list(args) -> None:
    from desktop.services.titles.certificates import register_entries

    with open_db(args) as db, db.session() as session:
        entries = register_entries(session=session, year=args.year, title=args.title)
    void = sum(e.void for e in entries)
    lines = [f"Sổ cấp giấy công nhận: {format_count(len(entries))} giấy, {format_count(void)} đã hủy.",
             f"{'số vào sổ':<18} {'tên':<30} {'quyết định':<14} {'ngày cấp':<10} {'mã xác thực':<11} "
             f"{'in':>3}  trạng thái"]
    for e in entries:
        state = f"đã hủy ({e.void_reason})" if e.void else "còn hiệu lực"
        lines.append(f"{e.register_number:<18} {e.name[:30]:<30} {e.decision_number[:14]:<14} "
                     f"{e.issued_on:%d/%m/%Y} {e.check:<11} {e.prints:>3}  {state}")
    out(args, {"certificates": [_entry(e) for e in entries], "count": len(entries), "void": void}, lines)


def _verify(args) -> None:
    from desktop.services.titles.certificates import verify

    with open_db(args) as db, db.session() as session:
        entry = verify(session=session, register_number=args.verify, check=args.code)
    if entry is None:
        raise ValidationError(f"Giấy số {args.verify} với mã xác thực {args.code} không khớp với sổ cấp: có thể "
                              "gõ nhầm, hoặc giấy không do xã cấp.", code="not_verified")
    if entry.void:
        raise ValidationError(f"Giấy số {entry.register_number} ({entry.name}) đúng mã nhưng đã bị hủy: "
                              f"{entry.void_reason}.", code="void_certificate")
    out(args, {"valid": True, "certificate": _entry(entry)},
        [f"Giấy hợp lệ: số {entry.register_number}, {entry.name} — {entry.detail}; Quyết định số "
         f"{entry.decision_number}, cấp ngày {entry.issued_on:%d/%m/%Y}."])
