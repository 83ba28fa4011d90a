"""What Nghị định 30/2020/NĐ-CP (công tác văn thư, 05/3/2020) asks of a printed decision, in one place.

Source read: Phụ lục I "Thể thức, kỹ thuật trình bày văn bản hành chính và bản sao văn bản",
Phần I (văn bản hành chính), Mục I (quy định chung), Mục II (thành phần thể thức chính),
Mục III (thành phần khác), Mục V (mẫu chữ — the table of sizes); and Phụ lục III, Mẫu 1.2
"Quyết định (cá biệt) quy định trực tiếp" and Mẫu 2.1 (phụ lục văn bản giấy). Each constant
names the item it comes from ("I.3" = Phụ lục I, Phần I, Mục I, khoản 3; "II.6.e" = Mục II,
khoản 6, điểm e). Where the decree gives a range we take one value and say which.

Not confirmed from the text (the diagram of Mục IV, "Sơ đồ bố trí", is a drawing we could not
read): the widths of the two header columns and the exact vertical distances between the
header's rows. We use the usual split of the Mẫu's two-cell table (issuing body ~40 %,
national title ~60 % of the text width), which is what the Mẫu 1.2 table shows and what
offices print from the Word templates; the text confirms only the positions (II.1.a: quốc
hiệu "ở phía trên cùng, bên phải"; II.3.c: số, ký hiệu "canh giữa dưới tên cơ quan"; II.4.c:
địa danh "đặt dưới, canh giữa so với Quốc hiệu và Tiêu ngữ", on the same line as the number).
"""

from __future__ import annotations

import re

from reportlab.lib.units import mm

# I.1 Khổ A4; I.3 "Cách mép trên và mép dưới 20 - 25 mm, cách mép trái 30 - 35 mm, cách mép
# phải 15 - 20 mm": we take the smallest of each range (the most room for the annex table).
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm

# I.7 Số trang: cỡ chữ 13 đến 14, đứng, canh giữa trong lề trên, không hiển thị trang thứ nhất.
# III.1.đ "Số trang của Phụ lục được đánh số riêng theo từng Phụ lục": the annex starts again.
PAGE_NUMBER = 13

# II.1.a Quốc hiệu: in hoa, 12 đến 13, đứng, đậm, trên cùng bên phải.
NATIONAL_TITLE = 12
# II.1.b Tiêu ngữ: in thường, 13 đến 14, đứng, đậm, canh giữa dưới Quốc hiệu; đường kẻ ngang nét
# liền "có độ dài bằng độ dài của dòng chữ". II.1.c: the two lines are set single-spaced.
MOTTO = 13
# II.2.b Tên cơ quan ban hành: in hoa, 12 đến 13, đứng, đậm; đường kẻ dưới dài 1/3 đến 1/2
# dòng chữ, đặt cân đối. (Mục V's example sets it the same size as the Quốc hiệu: 12.)
ISSUER = 12
ISSUER_RULE = 0.5  # fraction of the name's width (1/3 to 1/2)
# II.3.c Từ "Số": in thường, cỡ chữ 13, đứng; ký hiệu in hoa, cỡ chữ 13; "với những số nhỏ hơn
# 10 phải ghi thêm số 0 phía trước" (see document_number below).
NUMBER = 13
# II.4.c Địa danh và thời gian: in thường, 13 đến 14, nghiêng; II.4.b "đối với những số thể hiện
# ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước" (documents.date_line).
PLACE_DATE = 13
# II.5.b Tên loại: in hoa, 13 đến 14, đứng, đậm; trích yếu: in thường, 13 đến 14, đứng, đậm,
# canh giữa; đường kẻ dưới trích yếu dài 1/3 đến 1/2 dòng chữ.
DOCUMENT_KIND = 14
SUBJECT = 14
SUBJECT_RULE = 1 / 3  # fraction of the subject line's width
# II.6.a Căn cứ: in thường, nghiêng, 13 đến 14; each ends with ";", the last with ".".
# II.6.e Nội dung: 13 đến 14, canh đều hai lề, lùi đầu dòng 1 cm hoặc 1,27 cm; "khoảng cách giữa
# các đoạn văn tối thiểu là 6pt; khoảng cách giữa các dòng tối thiểu là dòng đơn, tối đa là
# 1,5 lines".
BODY = 13
FIRST_LINE_INDENT = 10 * mm
PARAGRAPH_SPACE = 6  # points, the minimum
LINE_SPACING = 1.2  # times the size: a little over single (1.0), well under 1.5
# II.6.đ Điều: in thường, lùi 1 cm hoặc 1,27 cm, "Điều" and its number bold, body size.
# II.7.b Quyền hạn: "TM." before the collective's name when signing for a collective; "KT."
# before the head's title when a deputy signs for the head; Q., TL., TUQ. for the other cases
# (not used by a commune's recognition decision). A head signing on his own power writes no
# quyền hạn at all (Mục V's second example: "CHỦ TỊCH" alone would be the chức vụ line).
# II.7.đ Quyền hạn, chức vụ: in hoa, 13 đến 14, đứng, đậm; họ tên: in thường, 13 đến 14,
# đứng, đậm, canh giữa quyền hạn, chức vụ.
SIGNATURE = 13
# II.9.d (ô 9b) "Nơi nhận" on its own line, level with the quyền hạn/chức vụ line, "sát lề
# trái", followed by ":", in thường, cỡ chữ 12, nghiêng, đậm; the recipients: in thường, cỡ
# chữ 11, đứng, each on its own line starting "-" at the left margin, ending ";", the last
# "Lưu: VT, …." ending ".".
RECIPIENTS_HEAD = 12
RECIPIENT = 11
# III.1.b–c Phụ lục: its name canh giữa, in hoa, 13 đến 14, đứng, đậm; the reference "(Kèm
# theo văn bản số …/…-… ngày … tháng … năm …)" canh giữa, in thường, 13 đến 14, nghiêng.
ANNEX_TITLE = 14
ANNEX_REFERENCE = 13

_ONE_DIGIT = re.compile(r"[1-9](/\S.*)?")


def document_number(number: str | int) -> str:
    """The decision's number as printed: "5/QĐ-UBND" -> "05/QĐ-UBND", 4 or "4" -> "04".

    Phụ lục I, Phần I, Mục II, khoản 3, điểm c: "với những số nhỏ hơn 10 phải ghi thêm số 0
    phía trước". Only a single digit 1–9, alone or directly followed by "/" and the ký hiệu,
    is padded; anything else (blank, "05/…", "12/…", "0/…", " 5/…", a text in another shape)
    prints as the officer stored it. What is stored is never changed: this runs when printing.
    """
    text = "" if number is None else str(number)
    return f"0{text}" if _ONE_DIGIT.fullmatch(text) else text
