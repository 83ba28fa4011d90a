"""Sample decision and certificates (docs/samples), made the way an officer makes them.

A small commune is built through the services in a temporary database; its year goes
through the real workflow (register, check, evaluate, recognise, print), and the PDFs
are rendered to PNG: the decision's first page and its annex, a household's and a
citizen's certificate.

Usage: python scripts/print_samples.py [--out docs/samples] [--no-png]
PNGs need pdftoppm (poppler-utils). The names are invented; the key is a sample one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab import rl_config  # noqa: E402

from desktop.domain.records import CitizenInput, HouseholdInput  # noqa: E402
from desktop.services import centre, hamlets, register  # noqa: E402
from desktop.services.centre import ActivityInput  # noqa: E402
from desktop.services.commune import init_commune  # noqa: E402
from desktop.services.session import transaction  # noqa: E402
from desktop.services.titles import certificates, evaluation, recognition, registration  # noqa: E402
from desktop.store.db import open_database, write_setting  # noqa: E402

COMMUNE_CODE = "17380"  # Xã Yên Xuân, Nghệ An
YEAR = 2026
SIGNED = date(2026, 11, 20)
SAMPLE_KEY = "5a" * 32  # fixed, so regenerated samples carry the same codes
SIGNER = "Nguyễn Đình Thắng"
HAMLETS = ("Thôn Yên Lạc", "Thôn Yên Thịnh", "Thôn Phúc Ấm")
# (head, sex, birth year, spouse, child, hamlet, address)
FAMILIES = (
    ("Nguyễn Văn Hùng", "Nam", 1975, "Trần Thị Lệ", "Nguyễn Thị Lan", 0, "Xóm 1"),
    ("Lê Đình Quý", "Nam", 1970, "Phạm Thị Ngọc Ánh", "Lê Đình Khoa", 0, ""),
    ("Hoàng Văn Thắng", "Nam", 1980, "Võ Thị Hường", "Hoàng Minh Đức", 0, "Xóm 2"),
    ("Đặng Quốc Việt", "Nam", 1982, "Bùi Thị Thủy", "Đặng Minh Khôi", 1, ""),
    ("Đỗ Xuân Trường", "Nam", 1978, "Ngô Thị Huyền", "Đỗ Thị Ước", 1, ""),
    ("Hồ Sỹ Đức", "Nam", 1969, "Lý Thị Nguyệt", "Hồ Sỹ Ổn", 1, "Xóm Đồng"),
    ("Cao Thị Hằng", "Nữ", 1972, "Phan Đăng Lưu", "Phan Thị Yến", 2, ""),
    ("Dương Văn Khải", "Nam", 1985, "Mai Thị Hằng", "Dương Thị Ngà", 2, ""),
    ("Tôn Nữ Thị Ửng", "Nữ", 1979, "Kiều Văn Ổn", "Kiều Thị Mỹ Dung", 2, "Xóm Trại"),
    ("Vương Văn Chiến", "Nam", 1983, "Chu Thị Ước", "Vương Thị Ánh", 2, ""),
)


def build_commune(session) -> dict[str, str]:
    """The register, through the services: people's ids by name, households' by "hộ <head>"."""
    hamlet_ids = [hamlets.add_hamlet(session=session, name=name).id for name in HAMLETS]
    ids: dict[str, str] = {}
    topic = centre.add_activity(session=session, data=ActivityInput(
        title="Chuyên đề kỹ thuật trồng lúa chất lượng cao", category="topic", start_date="10/03/2026",
        end_date="12/03/2026", hours=8))
    digital = centre.add_activity(session=session, data=ActivityInput(
        title="Lớp kỹ năng số: dịch vụ công trực tuyến", category="digital_skills", start_date="04/05/2026",
        end_date="29/05/2026", hours=20))
    for head, sex, born, spouse, child, hamlet, address in FAMILIES:
        spouse_sex = "Nữ" if sex == "Nam" else "Nam"
        saved = register.add_household(session=session, data=HouseholdInput(
            hamlet_id=hamlet_ids[hamlet], address=address, members=[
                CitizenInput(full_name=head, sex=sex, birth_date=str(born), relation="head", literacy="level2"),
                CitizenInput(full_name=spouse, sex=spouse_sex, birth_date=str(born + 2),
                             relation="wife" if sex == "Nam" else "husband", education="upper_secondary"),
                CitizenInput(full_name=child, sex="Nữ" if "Thị" in child else "Nam", birth_date="2014",
                             relation="child", studying=True)]))
        ids[f"hộ {head}"] = saved.id
        for member in saved.members:
            ids[member.full_name] = member.id
        for member in saved.members[:2]:
            centre.add_participant(session=session, activity_id=topic.id, citizen_id=member.id, completed=True)
    centre.add_participant(session=session, activity_id=digital.id, citizen_id=ids["Trần Thị Lệ"], completed=True)
    return ids


def run_year(session, ids: dict[str, str], out: Path) -> dict[str, Path]:
    """Register, check, evaluate, recognise and print; returns the PDFs by name."""
    households = [ids[f"hộ {f[0]}"] for f in FAMILIES]
    registration.register(session=session, year=YEAR, title="gia-dinh", subject_ids=households,
                          registered_on=date(2026, 2, 1))
    registration.register(session=session, year=YEAR, title="cong-dan", subject_ids=[ids["Trần Thị Lệ"]],
                          registered_on=date(2026, 2, 1))
    registration.check_full_marks(session=session, year=YEAR, title="gia-dinh", subject_ids=households[:-1],
                                  evidence="Biên bản bình xét của thôn")
    registration.check_full_marks(session=session, year=YEAR, title="cong-dan", subject_ids=[ids["Trần Thị Lệ"]],
                                  evidence="Phiếu tự đánh giá có xác nhận của trưởng thôn")
    evaluation.evaluate_year(session=session, year=YEAR)
    # The chair recognises on his own power (no "TM."), as the dialog and the CLI default to.
    households_decision = recognition.recognize(
        session=session, year=YEAR, title="gia-dinh", number="235/QĐ-UBND", signed_on=SIGNED, signer_name=SIGNER,
        signer_capacity="")
    recognition.recognize(session=session, year=YEAR, title="cong-dan", number="236/QĐ-UBND", signed_on=SIGNED,
                          signer_name=SIGNER, signer_capacity="")
    pdfs = {"quyet-dinh": out / "quyet-dinh.pdf", "giay-cong-nhan-ho": out / "giay-cong-nhan-ho.pdf",
            "giay-cong-nhan-cong-dan": out / "giay-cong-nhan-cong-dan.pdf"}
    certificates.print_decision(session=session, decision_id=households_decision.id, path=pdfs["quyet-dinh"])
    certificates.print_certificates(session=session, year=YEAR, title="gia-dinh", path=pdfs["giay-cong-nhan-ho"])
    certificates.print_certificates(session=session, year=YEAR, title="cong-dan", path=pdfs["giay-cong-nhan-cong-dan"])
    return pdfs


def render(pdfs: dict[str, Path], out: Path) -> None:
    """PNG at 60 dpi: the decision's first page and its annex, each certificate's first page."""
    for old in out.glob("*.png"):
        old.unlink()
    annex = next(i for i, page in enumerate(PdfReader(pdfs["quyet-dinh"]).pages, start=1)
                 if "DANH SÁCH" in page.extract_text())
    pages = [("quyet-dinh", 1, "quyet-dinh-trang-1"), ("quyet-dinh", annex, "quyet-dinh-danh-sach"),
             ("giay-cong-nhan-ho", 1, "giay-cong-nhan-ho"), ("giay-cong-nhan-cong-dan", 1, "giay-cong-nhan-cong-dan")]
    for pdf, page, stem in pages:
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdfs[pdf]), str(out / stem)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rl_config.invariant = 1  # no timestamps or random ids: regenerated samples diff clean
    with tempfile.TemporaryDirectory() as work:
        os.environ["XDG_DATA_HOME"] = work  # only the bundled criteria sets, not this PC's
        path = Path(work) / "mau.sqlite"
        init_commune(path, COMMUNE_CODE)
        db = open_database(path)
        try:
            with transaction(db) as session:
                write_setting(session, certificates.KEY_SETTING, SAMPLE_KEY)
                pdfs = run_year(session, build_commune(session), args.out)
        finally:
            db.close()
    for old in args.out.glob("*.pdf"):
        if old not in pdfs.values():
            old.unlink()
    if not args.no_png:
        if shutil.which("pdftoppm") is None:
            print("pdftoppm not found (poppler-utils): PDFs only", file=sys.stderr)
        else:
            render(pdfs, args.out)
    for path in sorted(args.out.iterdir()):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
