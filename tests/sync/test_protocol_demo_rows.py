"""Every row the commune program writes passes the protocol's row check: a demo commune taken
through the whole year (evaluated, proposed, recognised, certificates printed, a recognition
revoked and a paper reissued), each row of every synced table as it would travel."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import select

from desktop.services import commune_rating
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition
from desktop.store.db import open_database
from desktop.store.models import Certificate, Recognition
from desktop.sync import outbox, protocol
from tests.sync.conftest import DEMO_YEAR


@pytest.fixture
def whole_year(demo_template, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))  # the certificate key's home
    path = tmp_path / "xa.sqlite"
    shutil.copyfile(demo_template, path)
    db = open_database(path)
    signed = min(date.today(), date(DEMO_YEAR, 12, 20))
    with transaction(db) as s:
        evaluation.evaluate_year(session=s, year=DEMO_YEAR)
        for number, title in enumerate(protocol.VOCABULARIES["title"][1], start=101):
            chosen = recognition.candidates(session=s, year=DEMO_YEAR, title=title)
            if not chosen:
                continue
            recognition.propose(session=s, year=DEMO_YEAR, title=title, subject_ids=chosen[:-1] or chosen,
                                note="Thôn đề nghị\tcông nhận")
            recognition.recognize(session=s, year=DEMO_YEAR, title=title, number=f"{number}/QĐ-UBND", signed_on=signed,
                                  signer_name="nguyễn  đình thắng", signer_capacity="KT. CHỦ TỊCH",
                                  note="Căn cứ kết quả\nbình xét")
            certificates.print_certificates(session=s, year=DEMO_YEAR, title=title, path=tmp_path / f"{title}.pdf")
        first, second = s.scalars(select(Recognition).order_by(Recognition.name).limit(2))
        recognition.revoke(session=s, recognition_id=first.id, reason="Khai sai thông tin\x07 khi bình xét")
        paper = s.scalar(select(Certificate).where(Certificate.recognition_id == second.id,
                                                    Certificate.void.is_(False)))
        certificates.reissue(session=s, certificate=paper.register_number, reason="Giấy bị rách, xin cấp lại")
        indicator = commune_rating.rating_set().indicators[0].id
        commune_rating.record(session=s, year=DEMO_YEAR, indicator=indicator, state=1,
                              evidence="Báo cáo số 12/BC-UBND\r\nngày 05/12")
    yield db
    db.close()


def test_every_row_of_a_whole_demo_year_passes_the_row_check(whole_year):
    refused, counts = [], {}
    with whole_year.engine.connect() as conn:
        for spec in protocol.TABLES:
            rows = conn.execute(select(outbox.TABLES[spec.name])).all()
            counts[spec.name] = len(rows)
            for row in rows:
                wire = outbox.encode(spec.name, row)
                if (problem := protocol.check_row(spec.name, wire)) is not None:
                    refused.append((spec.name, wire["id"], problem[1]))
    assert refused == []
    # Every table has rows, the year's last steps included: nothing was checked vacuously.
    assert all(counts.values()), counts
    assert counts["recognitions"] > 1 and counts["certificates"] > counts["recognitions"] - 1
    with whole_year.engine.connect() as conn:
        revoked = conn.exec_driver_sql("SELECT revoke_reason FROM recognitions WHERE revoked_on IS NOT NULL").scalar()
        notes = conn.exec_driver_sql("SELECT note FROM recognition_decisions").scalars().all()
        rated = conn.exec_driver_sql("SELECT checks_json FROM subject_checks WHERE title = 'cap-xa'").scalar()
    assert revoked == "Khai sai thông tin khi bình xét"  # the bell went at input
    assert set(notes) == {"Căn cứ kết quả bình xét"}  # a one-line field: the newline became a space
    assert "12/BC-UBND ngày 05/12" in rated  # the commune's own rating is checked too
