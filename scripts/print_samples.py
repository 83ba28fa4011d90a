"""Sample decision and certificates as PDF and PNG (docs/samples), to look at the layout.

Usage: python scripts/print_samples.py [--out docs/samples] [--no-png]
PNGs need pdftoppm (poppler-utils). The names are invented; the secret is a sample one.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from reportlab import rl_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.domain.verification import check_value, qr_payload  # noqa: E402
from desktop.printing.certificate import draw_certificates  # noqa: E402
from desktop.printing.decision import draw_decision  # noqa: E402
from desktop.printing.documents import AnnexRow, CertificateDoc, DecisionDoc, Signer, name_lines  # noqa: E402

SECRET = b"sample-secret-not-for-real-use"
COMMUNE, COMMUNE_CODE, PROVINCE = "Xã Yên Xuân", "17380", "Nghệ An"
DECIDED = date(2026, 11, 20)
CHAIR = Signer(name="Nguyễn Đình Thắng", title="CHỦ TỊCH", capacity="")
HAMLETS = ("Thôn Yên Lạc", "Thôn Yên Thịnh", "Thôn Xuân Hương", "Thôn Đồng Quan", "Thôn Phúc Ấm")
HEADS = (
    "Nguyễn Văn Hùng", "Trần Thị Lệ", "Lê Đình Quý", "Phạm Thị Ngọc Ánh", "Hoàng Văn Thắng",
    "Võ Thị Hường", "Đặng Quốc Việt", "Bùi Thị Thủy", "Đỗ Xuân Trường", "Hồ Sỹ Đức",
    "Ngô Thị Huyền", "Dương Văn Khải", "Lý Thị Nguyệt", "Phan Đăng Lưu", "Vương Thị Yến",
    "Trịnh Văn Tuấn", "Đinh Thị Ngà", "Lương Văn Chiến", "Mai Thị Hằng", "Cao Xuân Hưởng",
    "Nghiêm Văn Quyết", "Chu Thị Ước", "Kiều Văn Ổn", "Hà Thị Mỹ Dung", "Tôn Nữ Thị Ửng",
)
LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Quyết định số 387/QĐ-TTg ngày 25 tháng 3 năm 2022 của Thủ tướng Chính phủ phê duyệt "
    "Chương trình “Đẩy mạnh phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị "
    "giai đoạn 2021 - 2030”;",
    "Căn cứ Quyết định số 448/QĐ-KHVN ngày 10 tháng 11 năm 2015 của Trung ương Hội Khuyến học Việt Nam "
    "ban hành Tiêu chí và Hướng dẫn tổ chức đánh giá, công nhận “Gia đình học tập”, “Dòng họ học tập”, "
    "“Cộng đồng học tập” cấp thôn và “Đơn vị học tập”;",
    "Xét đề nghị của Chủ tịch Hội Khuyến học xã tại Tờ trình số 15/TTr-HKH ngày 12 tháng 11 năm 2026.",
)
RECIPIENTS = ("Như Điều 3;", "Hội Khuyến học tỉnh Nghệ An;", "Thường trực Đảng ủy, HĐND xã;",
              "Chủ tịch, các Phó Chủ tịch UBND xã;", "Lưu: VT, VHXH.")


def address(hamlet: str) -> str:
    return f"{hamlet}, xã Yên Xuân, tỉnh {PROVINCE}"


def sample_decision() -> DecisionDoc:
    rows = tuple(AnnexRow(name=f"Hộ {head}", head=head, detail=HAMLETS[i % len(HAMLETS)])
                 for i, head in enumerate(HEADS))
    return DecisionDoc(commune=COMMUNE, province=PROVINCE, number="235/QĐ-UBND", date=DECIDED, signer=CHAIR,
                       title_name="Gia đình học tập", subject_kind="household", year=2026,
                       legal_bases=LEGAL_BASES, recipients=RECIPIENTS, subjects=rows)


def certificate(kind: str, title: str, title_id: str, serial: int, lines, name: str) -> CertificateDoc:
    register = f"2026-{title_id}-{serial:06d}"
    check = check_value(SECRET, commune_code=COMMUNE_CODE, register_number=register, year=2026,
                        title=title_id, name=name)
    return CertificateDoc(
        commune=COMMUNE, title_name=title, year=2026, subject_kind=kind, name_lines=lines,
        decision_number="235/QĐ-UBND", decision_date=DECIDED, date=DECIDED, signer=CHAIR,
        register_number=register, check_value=check,
        qr_payload=qr_payload(commune_code=COMMUNE_CODE, register_number=register, year=2026,
                              title=title_id, check=check))


def sample_certificates() -> list[CertificateDoc]:
    return [
        certificate("household", "Gia đình học tập", "GĐHT", 123,
                    name_lines("household", "", head="Nguyễn Văn Hùng", address=address("Thôn Yên Lạc"), sex="M"),
                    "Nguyễn Văn Hùng"),
        certificate("clan", "Dòng họ học tập", "DHHT", 7,
                    name_lines("clan", "Nguyễn Đình (chi 3)", head="Nguyễn Đình Khoa",
                               address=address("Thôn Yên Thịnh")), "Nguyễn Đình (chi 3)"),
        certificate("citizen", "Công dân học tập", "CDHT", 45,
                    name_lines("citizen", "Tôn Nữ Thị Ngọc Ánh", sex="F", birth_year=1987,
                               address=address("Thôn Phúc Ấm")), "Tôn Nữ Thị Ngọc Ánh"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rl_config.invariant = 1  # no timestamps or random ids: regenerated samples diff clean
    pdfs = {"quyet-dinh": args.out / "quyet-dinh.pdf", "giay-cong-nhan": args.out / "giay-cong-nhan.pdf"}
    draw_decision(sample_decision(), pdfs["quyet-dinh"])
    draw_certificates(sample_certificates(), pdfs["giay-cong-nhan"])
    if not args.no_png:
        if shutil.which("pdftoppm") is None:
            print("pdftoppm not found (poppler-utils): PDFs only", file=sys.stderr)
        else:
            for stem, pdf in pdfs.items():
                for old in args.out.glob(f"{stem}-*.png"):
                    old.unlink()
                subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(args.out / stem)], check=True)
    for path in sorted(args.out.iterdir()):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
