"""The learning centre's activities of the year and who took part in them."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain import vocab
from desktop.services.demo import names as N
from desktop.services.demo.base import GeneratorBase
from desktop.services.demo.model import DemoActivity, DemoHamlet, DemoParticipation
from desktop.services.demo.people import _EDU_RANK, _KINH
from desktop.services.demo.random_tools import _Picker

_CATEGORY_WEIGHTS = {
    "topic": 35, "skills": 12, "digital_skills": 15, "culture_sport": 12, "other": 8,
    "foreign_language": 5, "literacy": 4, "post_literacy": 4,
}


class ActivitiesMixin(GeneratorBase):
    """The learning centre's activities; mixed into `_Generator`."""

    def activities(self, hamlets: list[DemoHamlet], residents, households: int) -> list[DemoActivity]:
        """The learning centre's year: 25–60 activities, every category, topics the most."""
        rng = self.rng
        c = self.commune
        n_activities = min(60, max(25, 25 + households // 600 + rng.randint(0, 6)))
        categories = list(vocab.ACTIVITY_CATEGORIES)
        weighted = _Picker((cat, _CATEGORY_WEIGHTS.get(cat, 1)) for cat in categories)
        plan = categories + [weighted(rng) for _ in range(n_activities - len(categories))]

        # Who may join what: per category and hamlet. Literacy classes that cannot fill
        # up take people at level 1 too ("literacy_more").
        pools: dict[str, list[list[tuple[int, int]]]] = {  # (household, member) by category and hamlet
            cat: [[] for _ in hamlets] for cat in (*categories, "literacy_more")}
        kinds_cache: dict[tuple[int, str | None, int], tuple[str, ...]] = {}
        for hh, m, age, h, literacy, rank in residents:
            key = (age, literacy, rank)
            kinds = kinds_cache.get(key)
            if kinds is None:
                kinds = kinds_cache[key] = _eligible(age, literacy, rank)
            entry = (hh, m)
            for cat in kinds:
                pools[cat][h].append(entry)

        first = date(self.year, 1, 1)
        last = date(self.year, 12, 31)
        if first <= self.today < last:
            # The year so far; in January, its first month (activities just planned).
            last = max(self.today, first + timedelta(days=30))
        span = (last - first).days

        title_queues: dict[str, list[tuple[str, str]]] = {}
        title_uses: dict[str, int] = {}
        out = []
        for cat in plan:
            queue = title_queues.get(cat)
            if not queue:
                queue = title_queues[cat] = rng.sample(list(N.ACTIVITY_TITLES[cat]), len(N.ACTIVITY_TITLES[cat]))
            title, role = queue.pop()
            uses = title_uses[title] = title_uses.get(title, 0) + 1
            club = title.startswith(("Câu lạc bộ", "Tập luyện"))
            lo, hi = {
                "literacy": (15, 30), "post_literacy": (15, 30), "topic": (25, 60), "skills": (15, 35),
                "digital_skills": (20, 50), "foreign_language": (15, 30),
            }.get(cat, (20, 60))
            wanted = rng.randint(lo, hi)

            local_p = {"topic": 0.6, "culture_sport": 0.4, "other": 0.3, "literacy": 0.85,
                       "post_literacy": 0.85, "digital_skills": 0.3, "skills": 0.2}.get(cat, 0.0)
            by_hamlet = pools[cat]
            pool: list[tuple[int, int]] = []
            hamlet = None
            if rng.random() < local_p:
                if cat in ("literacy", "post_literacy"):
                    sizes = [len(p) for p in by_hamlet]
                    if max(sizes) >= 8:
                        hamlet = _Picker((h, s) for h, s in enumerate(sizes))(rng)
                else:
                    hamlet = rng.randrange(len(hamlets))
                if hamlet is not None:
                    pool = list(by_hamlet[hamlet])
                    if cat == "literacy" and len(pool) < lo:
                        pool += pools["literacy_more"][hamlet]
                    if len(pool) < lo:
                        hamlet, pool = None, []
            if hamlet is None:
                pool = [e for p in by_hamlet for e in p]
                if cat == "literacy" and len(pool) < lo:
                    pool += [e for p in pools["literacy_more"] for e in p]
            if not pool:
                # Nobody to teach (a tiny commune): no class.
                title_uses[title] -= 1
                continue
            chosen = sorted(rng.sample(pool, min(wanted, len(pool))))

            if hamlet is not None:
                place = f"Nhà văn hóa {_lower_kind(hamlets[hamlet])}"
                if cat in ("literacy", "post_literacy"):
                    title = f"{title} – {hamlets[hamlet].name}"
            elif cat in ("literacy", "post_literacy"):
                place = f"Trường Tiểu học {c}"
            elif cat == "digital_skills":
                place = rng.choice((f"Phòng tin học Trường THCS {c}", f"Trung tâm học tập cộng đồng xã {c}"))
            elif cat == "foreign_language":
                place = rng.choice((f"Trường THCS {c}", f"Trung tâm học tập cộng đồng xã {c}"))
            elif cat == "culture_sport" and "bóng" in title:
                place = f"Sân vận động xã {c}"
            elif cat == "culture_sport" and "Sách" in title:
                place = f"Thư viện Trung tâm học tập cộng đồng xã {c}"
            elif cat in ("topic", "other"):
                place = rng.choice((f"Hội trường Trung tâm học tập cộng đồng xã {c}",
                                    f"Hội trường Ủy ban nhân dân xã {c}"))
            else:
                place = f"Trung tâm học tập cộng đồng xã {c}"
            if uses > 1:
                title = f"{title} (đợt {uses})"

            if cat == "literacy":
                hours, days = rng.choice((120, 150, 180, 240)), rng.randint(90, 180)
            elif cat == "post_literacy":
                hours, days = rng.choice((60, 90, 120)), rng.randint(60, 120)
            elif cat == "skills":
                hours, days = rng.choice((16, 24, 40, 60)), rng.randint(4, 30)
            elif cat == "digital_skills":
                hours, days = rng.choice((4, 6, 8, 12)), rng.randint(0, 4)
            elif cat == "foreign_language":
                hours, days = rng.choice((30, 45, 60)), rng.randint(45, 90)
            elif cat == "culture_sport" and club:
                hours, days = rng.choice((24, 36, 48)), rng.randint(90, 240)
            elif cat == "culture_sport":
                hours, days = rng.choice((3, 4, 8)), rng.randint(0, 2)
            else:
                hours, days = rng.choice((2, 3, 4)), 0
            days = min(days, span)
            start = first + timedelta(days=rng.randrange(span - days + 1))
            fixed = N.ACTIVITY_FIXED_DAYS.get(title)
            if fixed:
                day = date(self.year, *fixed)
                if first <= day and day + timedelta(days=days) <= last:
                    start = day
            end = start + timedelta(days=days)

            completion = {"literacy": 0.8, "post_literacy": 0.85, "foreign_language": 0.75,
                          "skills": 0.88}.get(cat, 0.95)
            participants = []
            for hh, m in chosen:
                if rng.random() < completion:
                    participants.append(DemoParticipation(hh, m, float(hours), True))
                else:
                    partial = min(hours - 0.5, max(0.5, round(hours * rng.uniform(0.2, 0.9) * 2) / 2))
                    participants.append(DemoParticipation(hh, m, partial, False))

            out.append(DemoActivity(
                title=title, category=cat, start_date=start, end_date=end, hours=float(hours), place=place,
                instructor=self.instructor(role), participants=tuple(participants),
            ))
        out.sort(key=lambda a: (a.start_date, a.end_date, a.title))
        return out

    def instructor(self, role: str) -> str:
        rng = self.rng
        sex = "M" if rng.random() < 0.5 else "F"
        birth_year = self.today.year - rng.randint(27, 58)
        middle, given = self.person_names(sex, birth_year, _KINH)
        if role.endswith((" xã", "Trường Tiểu học", "Trường THCS")):
            role = f"{role} {self.commune}"
        return f"{self.kinh_family(rng)} {middle} {given} ({role})"


def _eligible(age: int, literacy: str | None, rank: int) -> tuple[str, ...]:
    """Activity categories a resident of that age and schooling may be drawn into."""
    kinds = []
    if 15 <= age <= 60:
        if literacy == "illiterate":
            kinds.append("literacy")
        elif literacy == "level1":
            kinds += ["post_literacy", "literacy_more"]
        elif literacy == "level2" and rank <= _EDU_RANK["primary"]:
            kinds.append("post_literacy")
    if 18 <= age <= 75:
        kinds += ["topic", "other"]
    if 16 <= age <= 55:
        kinds.append("skills")
    if 15 <= age <= 70:
        kinds.append("digital_skills")
    if 15 <= age <= 40:
        kinds.append("foreign_language")
    if 10 <= age <= 80:
        kinds.append("culture_sport")
    return tuple(kinds)


def _lower_kind(hamlet: DemoHamlet) -> str:
    """'Thôn Đông' -> 'thôn Đông', as it reads inside a longer name."""
    label = vocab.HAMLET_KINDS.get(hamlet.kind, "")
    if label and hamlet.name.startswith(label + " "):
        return label.lower() + hamlet.name[len(label):]
    return hamlet.name
