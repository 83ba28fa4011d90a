"""Benchmark of `xhht import` (issue 12, item 7): a 10,000-person commune list, laid out as
communes keep them (one sheet per hamlet, a title block, "Năm sinh" over Nam | Nữ, the STT on
the head's row, identity numbers Excel made numbers, blank lines between households), imported
into a new commune in one transaction. The raw limit beside it: python-calamine alone reading
every cell of the same file, which any import of it has to do.
Target: ≤ 5 s. Run: .venv/bin/python bench/import_lists.py (bench/spreadsheets.py runs it too).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desktop.services.commune import init_commune  # noqa: E402
from desktop.services.importing import run_import  # noqa: E402
from desktop.services.session import transaction  # noqa: E402
from desktop.store.db import open_database  # noqa: E402

COMMUNE = "17380"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Thanh"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Minh", "Thị Thanh", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khoa", "Long", "Mạnh", "Nam", "Phúc", "Quân", "Sơn", "Tuấn"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Mai", "Nga", "Oanh", "Thảo", "Trang", "Yến"]


def _person(rng: random.Random, family: str, sex: str, year: int) -> str:
    middle = rng.choice(MIDDLE_M if sex == "M" else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
    return f"{family} {middle} {given}"


def list_workbook(path: Path, *, people: int, hamlets: int = 10, seed: int = 1) -> int:
    """A commune's list of about `people` people; returns how many it holds."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    per_hamlet = people // hamlets
    written = 0
    serial = 0
    for h in range(1, hamlets + 1):
        ws = book.create_sheet(f"Thôn {h}")
        ws.append(["UBND XÃ YÊN XUÂN", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        ws.append([None, None, None, "Độc lập - Tự do - Hạnh phúc"])
        ws.append([])
        ws.append([f"DANH SÁCH HỘ GIA ĐÌNH, NHÂN KHẨU THÔN {h}"])
        ws.append([])
        ws.append(["STT", "Họ và tên", "Năm sinh", None, "Quan hệ với chủ hộ", "Số CCCD", "Dân tộc", "Ghi chú"])
        ws.append([None, None, "Nam", "Nữ"])
        count, household = 0, 0
        while count < per_hamlet:
            household += 1
            family = rng.choice(FAMILY)
            size = min(per_hamlet - count, rng.choice((1, 2, 3, 3, 4, 4, 5, 6)))
            head_year = rng.randint(1940, 1995)
            for i in range(size):
                if i == 0:
                    sex, year, relation = rng.choice("MF"), head_year, "Chủ hộ"
                elif i == 1:
                    sex, year, relation = rng.choice("MF"), head_year + rng.randint(-3, 5), "Vợ"
                else:
                    sex, year, relation = rng.choice("MF"), min(2025, head_year + rng.randint(20, 35)), "Con"
                if relation == "Vợ":
                    sex = "F"
                serial += 1
                digit = (0 if sex == "M" else 1) + (2 if year >= 2000 else 0)
                cccd = int(f"040{digit}{year % 100:02d}{serial:06d}")  # a number: the leading 0 lost
                ws.append([household if i == 0 else None, _person(rng, family, sex, year),
                           year if sex == "M" else None, year if sex == "F" else None, relation, cccd, "Kinh", None])
                count += 1
            ws.append([])
        ws.append([f"Tổng cộng: {household} hộ, {count} nhân khẩu"])
        ws.append([None, "Người lập biểu", None, None, "Trưởng thôn"])
        written += count
    book.save(path)
    return written


def calamine_read(path: Path) -> float:
    """The reader alone: every cell of every sheet, as Python values."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - started


def measure(folder: Path, *, people: int = 10_000) -> dict:
    source = folder / "danh-sach.xlsx"
    listed = list_workbook(source, people=people)
    database = folder / "nhap.sqlite"
    init_commune(database, COMMUNE)
    with open_database(database) as db:
        started = time.perf_counter()
        with transaction(db) as session:
            result = run_import(session=session, path=source)
        seconds = time.perf_counter() - started
    return {
        "import_people_listed": listed,
        "import_citizens": result.citizens,
        "import_households": result.households,
        "import_rejected": len(result.rejected),
        "import_seconds": round(seconds, 2),
        "import_calamine_read_seconds": round(calamine_read(source), 2),
        "import_target_seconds": 5.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "import.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        figures = measure(Path(work), people=args.people)
    figures["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
