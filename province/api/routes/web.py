"""The province officers' page: communes with their last sync and counts, and the yearly
indicators totalled across communes. Rendered on the server (no script to run), so it
prints and works on any browser of a provincial office."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path
from string import Template

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from desktop.sync import protocol
from province.api.deps import SessionDep
from province.models import utc_now
from province.services import overview

WEB = Path(__file__).resolve().parents[2] / "web"
VIETNAM = timezone(timedelta(hours=7))
LATE = timedelta(days=7)  # a commune silent for a week is worth a phone call
COLUMNS = (("hamlets", "Thôn/tổ"), ("households", "Hộ"), ("citizens", "Công dân"), ("clans", "Dòng họ"),
           ("units", "Đơn vị học tập"), ("activities", "Hoạt động"), ("participations", "Lượt tham gia"))
TITLE_SHORT = {"cong-dan": "Công dân HT", "gia-dinh": "Gia đình HT", "dong-ho": "Dòng họ HT",
               "cong-dong": "Cộng đồng HT", "don-vi": "Đơn vị HT"}

router = APIRouter()


def number(value: int) -> str:
    """12345 → '12.345' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def when(moment: datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if moment else ""


def _cards(statuses: list[overview.CommuneStatus]) -> str:
    synced = sum(1 for s in statuses if s.last_batch_at)
    cards = (("Xã đã đăng ký", len(statuses)), ("Xã đã đồng bộ", synced),
             ("Hộ gia đình", sum(s.counts.get("households", 0) for s in statuses)),
             ("Công dân", sum(s.counts.get("citizens", 0) for s in statuses)))
    return "\n".join(f'    <div class="card"><div class="value">{number(v)}</div>'
                     f'<div class="label">{escape(label)}</div></div>' for label, v in cards)


def _communes(statuses: list[overview.CommuneStatus], now: datetime) -> str:
    if not statuses:
        return ('    <p class="empty">Chưa có xã nào được đăng ký. Dùng lệnh '
                '<code>xhht-province commune add MÃ_XÃ</code> để cấp mã đăng ký cho xã.</p>')
    head = "".join(f'<th class="n">{escape(label)}</th>' for _, label in COLUMNS)
    lines = [f"    <table><thead><tr><th>Xã/phường</th><th>Mã</th><th>Đồng bộ gần nhất</th>{head}</tr></thead><tbody>"]
    for s in statuses:
        if s.last_batch_at is None:
            last = '<td class="never">Chưa đồng bộ</td>'
        else:
            late = ' class="late" title="Hơn 7 ngày chưa đồng bộ"' if now - s.last_batch_at > LATE else ""
            last = f"<td{late}>{when(s.last_batch_at)}</td>"
        cells = "".join(f'<td class="n">{number(s.counts.get(k, 0))}</td>' for k, _ in COLUMNS)
        lines.append(f"      <tr><td>{escape(s.name)}</td><td>{s.code}</td>{last}{cells}</tr>")
    totals = "".join(f'<td class="n">{number(sum(s.counts.get(k, 0) for s in statuses))}</td>' for k, _ in COLUMNS)
    lines.append(f'      <tr class="total"><td>Tổng cộng</td><td></td><td></td>{totals}</tr>')
    lines.append("    </tbody></table>")
    return "\n".join(lines)


def _titles(by_year: dict[int, dict[str, int]]) -> str:
    if not by_year:
        return '      <p class="empty">Chưa có quyết định công nhận nào được đồng bộ.</p>'
    head = "".join(f'<th class="n" title="{escape(protocol.TITLE_NAMES[t])}">{escape(TITLE_SHORT[t])}</th>'
                   for t in protocol.TITLE_NAMES)
    lines = [f'      <table><thead><tr><th>Năm</th>{head}<th class="n">Tổng</th></tr></thead><tbody>']
    for year, counts in by_year.items():
        cells = "".join(f'<td class="n">{number(counts.get(t, 0))}</td>' for t in protocol.TITLE_NAMES)
        lines.append(f'        <tr><td>{year}</td>{cells}<td class="n">{number(sum(counts.values()))}</td></tr>')
    lines.append("      </tbody></table>")
    return "\n".join(lines)


def _activities(by_year: dict[int, int]) -> str:
    if not by_year:
        return '      <p class="empty">Chưa có hoạt động nào được đồng bộ.</p>'
    rows = "".join(f'<tr><td>{y}</td><td class="n">{number(n)}</td></tr>' for y, n in by_year.items())
    head = '<tr><th>Năm</th><th class="n">Lớp, chuyên đề, sự kiện</th></tr>'
    return f"      <table><thead>{head}</thead><tbody>{rows}</tbody></table>"


def render_page(session, *, now: datetime | None = None) -> str:
    now = now or utc_now()
    statuses = overview.commune_statuses(session)
    template = Template((WEB / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        generated=when(now), cards=_cards(statuses), communes=_communes(statuses, now),
        titles=_titles(overview.recognitions_by_year(session)),
        activities=_activities(overview.activities_by_year(session)), version=escape(protocol.APP_VERSION))


@router.get("/", response_class=HTMLResponse)
def page(session: SessionDep) -> HTMLResponse:
    return HTMLResponse(render_page(session))


@router.get(f"{protocol.API}/overview")
def overview_json(session: SessionDep, year: int | None = Query(default=None, ge=2000, le=2100)) -> dict:
    """The page's figures as JSON (same keys as `xhht-province stats --json`)."""
    return overview.stats(session, year=year)
