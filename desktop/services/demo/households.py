"""Who lives together: household members by size and family shape."""

from __future__ import annotations

from desktop.services.demo.base import GeneratorBase
from desktop.services.demo.model import DemoPerson

_HOUSEHOLD_SIZES = {
    # size: (Kinh weight, minority weight) — census 2019 shape, minorities larger.
    1: (10, 6), 2: (18.5, 12), 3: (22, 17), 4: (26.5, 24), 5: (12.5, 18), 6: (6, 11), 7: (3, 7), 8: (1.5, 5),
}
# size -> weights of (nuclear, single parent, with the head's parents, three generations, grandparents+grandchildren)
_COMPOSITION = {
    3: (60, 10, 12, 10, 8),
    4: (62, 6, 13, 14, 5),
    5: (45, 3, 22, 26, 4),
    6: (25, 2, 28, 42, 3),
    7: (15, 2, 30, 50, 3),
}


class HouseholdsMixin(GeneratorBase):
    """Household members by size and family shape; mixed into `_Generator`."""

    # --- family shapes --------------------------------------------------------------------

    def kids(self, k: int, max_mother: int = 80) -> tuple[int, list[int]]:
        """(mother's age, children's ages oldest first): births at 19–40, 1–6 years apart."""
        rng = self.rng
        first = rng.randint(19, 29)
        births = [first]
        for _ in range(k - 1):
            births.append(births[-1] + rng.randint(1, 6))
        if births[-1] > 40:
            births = [first + (b - first) * (40 - first) // (births[-1] - first) for b in births]
        x = rng.random()
        if x < 0.45:
            youngest = rng.randint(0, 6)
        elif x < 0.75:
            youngest = rng.randint(7, 15)
        else:
            youngest = rng.randint(16, 24) if x < 0.92 else rng.randint(25, 35)
        mother = min(births[-1] + youngest, max(max_mother, births[-1]))
        return mother, [mother - b for b in births]

    def husband_age(self, wife: int, kids: list[int]) -> int:
        age = wife + min(10, max(-3, round(self.rng.gauss(3, 2.5))))
        if kids:
            age = max(age, max(kids) + 18)
            age = min(age, min(kids) + 50)
        return min(max(age, 20), 100)

    def child_sex(self) -> str:
        return "M" if self.rng.random() < 0.52 else "F"

    def household_members(self, size: int, paternal: str, ethnicity: str,
                          lineage_middle: str | None) -> list[DemoPerson]:
        rng = self.rng
        used: set[str] = set()
        out: list[DemoPerson] = []
        person = self.person
        member_ages: list[int] = []
        self.member_ages = member_ages

        def add(relation, sex, age, family, eth=ethnicity, moved_in=False):
            mid = lineage_middle if (sex == "M" and family == paternal) else None
            out.append(person(relation, sex, age, family, eth, used, moved_in, mid))
            member_ages.append(self.last_age)

        def spouse_eth():
            return ethnicity if rng.random() < 0.92 else self.other_ethnicity(ethnicity)

        def couple(wife_age, kid_ages, head_female_p=0.12):
            husband = self.husband_age(wife_age, kid_ages)
            if rng.random() < head_female_p:
                eth = spouse_eth()
                add("head", "F", wife_age, self.family_name(ethnicity))
                add("husband", "M", husband, paternal, eth, moved_in=True)
            else:
                add("head", "M", husband, paternal)
                eth = spouse_eth()
                add("wife", "F", wife_age, self.family_name(eth), eth, moved_in=True)
            return husband

        def children(ages, relation="child", family=None):
            for age in ages:
                add(relation, self.child_sex(), age, family or paternal)

        if size == 1:
            if rng.random() < 0.5:
                sex = "F" if rng.random() < 0.7 else "M"
                age = int(rng.triangular(60, 93, 66))
            else:
                sex = "M" if rng.random() < 0.6 else "F"
                age = rng.randint(22, 59)
            add("head", sex, age, paternal if sex == "M" else self.family_name(ethnicity))
            return out

        if size == 2:
            x = rng.random()
            if x < 0.36:  # elderly couple
                couple(int(rng.triangular(50, 88, 60)), [])
            elif x < 0.55:  # young couple
                couple(rng.randint(19, 32), [])
            elif x < 0.80:  # single parent and one child
                mother, ages = self.kids(1)
                if rng.random() < 0.72:
                    add("head", "F", mother, self.family_name(ethnicity))
                else:
                    add("head", "M", self.husband_age(mother, ages), paternal)
                children(ages)
            elif x < 0.90:  # unmarried head and a parent
                sex = "M" if rng.random() < 0.6 else "F"
                age = rng.randint(25, 55)
                family = paternal if sex == "M" else self.family_name(ethnicity)
                add("head", sex, age, family)
                mother = min(age + rng.randint(20, 38), 98)
                if rng.random() < 0.75:
                    add("mother", "F", mother, self.family_name(ethnicity))
                else:
                    add("father", "M", min(mother + rng.randint(0, 6), 100), family)
            else:
                self.skipped_generation(size, paternal, ethnicity, add)
            return out

        shape = self.composition[min(size, 7)](rng)
        if shape == 0:  # couple and children
            wife, ages = self.kids(size - 2)
            couple(wife, ages)
            children(ages)
        elif shape == 1:  # single parent
            mother, ages = self.kids(size - 1)
            if rng.random() < 0.72:
                add("head", "F", mother, self.family_name(ethnicity))
            else:
                add("head", "M", self.husband_age(mother, ages), paternal)
            children(ages)
        elif shape == 2:
            self.with_parents(size, paternal, ethnicity, add, spouse_eth, children)
        elif shape == 3:
            self.three_generations(size, paternal, ethnicity, add, spouse_eth, children)
        else:
            self.skipped_generation(size, paternal, ethnicity, add)
        return out

    def with_parents(self, size, paternal, ethnicity, add, spouse_eth, children) -> None:
        """Head (with or without spouse and children) living with their own parent(s)."""
        rng = self.rng
        n_parents = 2 if size >= 4 and rng.random() < 0.4 else 1
        rest = size - 1 - n_parents
        has_spouse = rest >= 1 and rng.random() < 0.85
        k = rest - has_spouse
        if k:
            wife, ages = self.kids(k, max_mother=56)
        else:
            wife, ages = rng.randint(20, 50), []
        husband = self.husband_age(wife, ages)
        head_female = rng.random() < (0.15 if has_spouse else 0.35)
        if head_female:
            head_age, head_family = wife, self.family_name(ethnicity)
            add("head", "F", wife, head_family)
            if has_spouse:
                add("husband", "M", husband, paternal, spouse_eth(), moved_in=True)
        else:
            head_age, head_family = husband, paternal
            add("head", "M", husband, paternal)
            if has_spouse:
                eth = spouse_eth()
                add("wife", "F", wife, self.family_name(eth), eth, moved_in=True)
        mother = min(head_age + rng.randint(20, 34), 98)
        father = min(mother + rng.randint(0, 6), 100)
        with_father = n_parents == 2 or rng.random() < 0.3
        if with_father:
            add("father", "M", father, head_family)
        if n_parents == 2 or not with_father:
            add("mother", "F", mother, self.family_name(ethnicity))
        children(ages)

    def three_generations(self, size, paternal, ethnicity, add, spouse_eth, children) -> None:
        """Grandparents heading the household, a married child with spouse, grandchildren."""
        rng = self.rng
        head_female = rng.random() < 0.18  # widow
        head_spouse = (not head_female) and size >= 4 and rng.random() < 0.75
        slots = size - 1 - head_spouse
        grand_total = slots - 2
        g = min(grand_total, 4)
        others = grand_total - g
        through_son = rng.random() < 0.8
        if g:
            mother, grand_ages = self.kids(g, max_mother=42)
        else:
            mother, grand_ages = rng.randint(22, 45), []
        if through_son:
            child_age = self.husband_age(mother, grand_ages)
        else:
            child_age = mother
        wife_age = min(child_age + rng.randint(21, 34), 97)
        other_ages = [rng.randint(max(0, wife_age - 42), max(0, child_age - 2)) for _ in range(others)]
        if head_female:
            add("head", "F", wife_age, self.family_name(ethnicity))
        else:
            add("head", "M", self.husband_age(wife_age, [child_age, *other_ages]), paternal)
            if head_spouse:
                eth = spouse_eth()
                add("wife", "F", wife_age, self.family_name(eth), eth, moved_in=True)
        if through_son:
            add("child", "M", child_age, paternal)
            eth = spouse_eth()
            add("child_in_law", "F", mother, self.family_name(eth), eth, moved_in=True)
            grand_family = paternal
        else:
            add("child", "F", child_age, paternal)
            eth = spouse_eth()
            grand_family = self.family_name(eth)
            add("child_in_law", "M", self.husband_age(mother, grand_ages), grand_family, eth, moved_in=True)
        children(sorted(other_ages, reverse=True))
        children(grand_ages, relation="grandchild", family=grand_family)

    def skipped_generation(self, size, paternal, ethnicity, add) -> None:
        """Grandparents raising the children of a son working away."""
        rng = self.rng
        grandfather = rng.random() < 0.55
        with_wife = grandfather and size >= 3 and rng.random() < 0.8
        g = size - 1 - with_wife
        ages = [rng.randint(1, 12)]
        for _ in range(g - 1):
            ages.append(min(17, ages[-1] + rng.randint(1, 4)))
        ages.sort(reverse=True)
        parent = ages[0] + rng.randint(20, 30)
        grandmother = min(parent + rng.randint(20, 32), 90)
        if grandfather:
            add("head", "M", self.husband_age(grandmother, [parent]), paternal)
            if with_wife:
                add("wife", "F", grandmother, self.family_name(ethnicity), moved_in=True)
        else:
            add("head", "F", grandmother, self.family_name(ethnicity))
        for age in ages:
            add("grandchild", self.child_sex(), age, paternal)
