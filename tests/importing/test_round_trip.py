"""A list this program exported is a list like any other: the citizens export of one commune,
imported into a new file, gives the same households and people, and again gives nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop.domain.vocab import LIVING_HERE
from desktop.services.commune import init_commune
from desktop.services.demo.build import build_demo
from desktop.services.export import export_workbook
from desktop.services.importing import run_import
from desktop.services.session import transaction
from desktop.store.db import open_database
from desktop.store.models import Citizen, Household
from desktop.store.queries import live


def test_the_citizens_export_imports_whole(db, tmp_path):
    build_demo(db=db, households=40, seed=5, year=date.today().year)
    listed = tmp_path / "cong-dan.xlsx"
    with db.session() as session:
        export_workbook(session=session, path=listed, what="citizens")
        living = session.scalar(select(func.count()).select_from(Citizen).where(
            live(Citizen), Citizen.status.in_(LIVING_HERE)))
        people = {(c.full_name, c.birth_date, c.identity_number, c.sex, c.relation, c.ethnicity, c.status)
                  for c in session.scalars(select(Citizen).where(live(Citizen), Citizen.status.in_(LIVING_HERE)))}
    target = tmp_path / "moi.sqlite"
    init_commune(target, "17380")
    with open_database(target) as other:
        with transaction(other) as session:
            result = run_import(session=session, path=listed)
        assert (result.citizens, result.rejected) == (living, ())
        with other.session() as session:
            assert session.scalar(select(func.count()).select_from(Household)) == result.households
            copied = {(c.full_name, c.birth_date, c.identity_number, c.sex, c.relation, c.ethnicity, c.status)
                      for c in session.scalars(select(Citizen))}
        assert copied == people
        with transaction(other) as session:
            again = run_import(session=session, path=listed)
        assert (again.households, again.citizens, again.citizens_matched) == (0, 0, living)
