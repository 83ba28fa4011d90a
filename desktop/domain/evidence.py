"""Suggested evidence of a manual item: what the register already knows, never its points.

A criteria set may give a manual item (scored by the officer from the person's
self-assessment) an `evidence: {rule, params}` naming a rule of desktop.domain.rules. The
rule runs over the register as for a computed item, and its outcome is put in words for
the officer ("Sổ TTHTCĐ năm 2026: đã học 2 lớp/chuyên đề (14 giờ)") beside the item, on the
detail pane and on the printed form. A person who learned elsewhere brings other evidence:
the register is one way to back a score, not the only one.
"""

from __future__ import annotations

from typing import Mapping

from desktop.domain.facts import Context
from desktop.domain.rules import RULES, Outcome
from desktop.domain.text import format_decimal

CENTRE_BOOK = "Sổ TTHTCĐ"  # where the centre's activities are written


def _activities(ctx: Context, subject: str, params: Mapping[str, object], outcome: Outcome) -> str:
    person = ctx.facts.citizens[subject]
    done = bool(params.get("completed_only"))
    count = person.completed if done else person.activities_in_year
    verb = "đã hoàn thành" if done else "đã học"
    text = (f"{verb} {count} lớp/chuyên đề ({format_decimal(person.hours)} giờ)" if count
            else "chưa ghi lớp/chuyên đề nào")
    if params.get("count_studying") and person.studying:
        text += "; đang đi học"
    return f"{CENTRE_BOOK} năm {ctx.year}: {text}"


def _digital(ctx: Context, subject: str, params: Mapping[str, object], outcome: Outcome) -> str:
    count = ctx.facts.citizens[subject].digital_skills
    text = f"đã học {count} lớp/chuyên đề kỹ năng số" if count else "chưa ghi lớp/chuyên đề kỹ năng số nào"
    return f"{CENTRE_BOOK} năm {ctx.year}: {text}"


def _figures(ctx: Context, subject: str, params: Mapping[str, object], outcome: Outcome) -> str:
    """Any other rule: the figures it read, as the detail pane lists them."""
    if outcome.points is None:
        return f"Sổ của xã: {outcome.reason}"
    return "Sổ của xã: " + "; ".join(f"{label}: {value}" for label, value in outcome.data_used)


# Rules whose figures read better in a sentence of their own.
_WORDS = {"citizen_activities": _activities, "citizen_digital_skills": _digital}


def suggestion(ctx: Context, subject: str, rule_id: str, params: Mapping[str, object], max_points: float) -> str:
    """What the register shows for this item of this subject, in words (for the officer).

    Subjects share a few figures: one sentence per rule, parameters and figures.
    """
    outcome = RULES[rule_id].compute(ctx, subject, params, max_points)
    key = ("evidence", rule_id, id(params), outcome, _person_key(ctx, subject))
    text = ctx.memo.get(key)
    if not isinstance(text, str):
        text = ctx.memo[key] = _WORDS.get(rule_id, _figures)(ctx, subject, params, outcome)
    return text


def _person_key(ctx: Context, subject: str) -> tuple:
    person = ctx.facts.citizens.get(subject)
    if person is None:
        return (subject,)
    return (person.activities_in_year, person.completed, person.hours, person.studying, person.digital_skills)
