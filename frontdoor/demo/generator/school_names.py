"""Fictional school names, and the establishment numbers an LA gives each type of school."""

import random

from frontdoor.demo import names
from frontdoor.demo.generator.records import (
    AP_KINDS,
    NOT_RELIGIOUS,
    PRIMARY_KINDS,
    SchoolRecord,
)
from frontdoor.demo.generator.sampling import weighted_choice


class EstablishmentNumbers:
    """DfE establishment numbers by type, as LAs allocate them: 1100s PRUs, 2000s community
    and academy primaries, 3000s voluntary primaries (VC below 3300, VA above), 4000s
    secondaries (4500s voluntary), 5200s foundation primaries, 5400s foundation secondaries,
    7000s special schools."""

    RANGES = {
        "pru": (1100, 1199),
        "primary": (2001, 2999),
        "primary_vc": (3000, 3299),
        "primary_va": (3300, 3999),
        "primary_foundation": (5200, 5299),
        "secondary": (4000, 4499),
        "secondary_voluntary": (4500, 4999),
        "secondary_foundation": (5400, 5499),
        "special": (7000, 7999),
    }

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.free: dict[str, list[int]] = {}

    def take(self, school: SchoolRecord) -> int:
        pool = self._pool(school)
        if pool not in self.free:
            first, last = self.RANGES[pool]
            numbers = list(range(first, last + 1))
            self.rng.shuffle(numbers)
            self.free[pool] = numbers
        return self.free[pool].pop()

    @staticmethod
    def _pool(school: SchoolRecord) -> str:
        if school.kind in AP_KINDS:
            return "pru"
        if school.kind == "special":
            return "special"
        faith = school.religious_character != NOT_RELIGIOUS
        if school.kind in PRIMARY_KINDS:
            if school.route == "foundation":
                return "primary_foundation"
            if school.route == "va":
                return "primary_va"
            if school.route == "vc" or faith:
                return "primary_vc"
            return "primary"
        if school.route == "foundation":
            return "secondary_foundation"
        if school.route in ("va", "vc") or faith:
            return "secondary_voluntary"
        return "secondary"


class SchoolNames:
    """Fictional school names: a plant and a landscape word, or a saint for church schools.
    A name already used in the county is prefixed with the school's town."""

    def __init__(self, rng: random.Random):
        stems = []
        for plant in names.NAME_PLANTS:
            for landscape in names.NAME_LANDSCAPES:
                if plant[-1] == landscape[0]:
                    continue  # "Elmmere", "Ashhurst"
                if len(plant) <= names.SHORT_PLANT:
                    stem = plant + landscape
                else:
                    stem = f"{plant} {landscape.capitalize()}"
                if stem not in names.BLOCKED_STEMS:
                    stems.append(stem)
        rng.shuffle(stems)
        self.stems = stems
        self.saints = list(names.SAINTS)
        rng.shuffle(self.saints)
        self.used: set[str] = set()

    def _stem(self) -> str:
        return self.stems.pop()

    def _saint(self, rng: random.Random) -> str:
        saint = self.saints.pop() if self.saints else rng.choice(names.SAINTS)
        return f"St {saint}'" if saint.endswith("s") else f"St {saint}'s"

    def _unique(self, name: str, town: str) -> str:
        if name in self.used:
            name = f"{town} {name}"
        while name in self.used:
            name = f"{town} {self._stem()} {name.removeprefix(town + ' ')}"
        self.used.add(name)
        return name

    def primary(self, rng: random.Random, school: SchoolRecord) -> str:
        religion = school.religious_character
        if religion == "Church of England":
            church = "Church of England Primary " + ("Academy" if school.is_academy else "School")
            if rng.random() < 0.6:
                return self._unique(f"{self._saint(rng)} {church}", school.town)
            return self._unique(f"{self._stem()} {church}", school.town)
        if religion == "Roman Catholic":
            return self._unique(f"{self._saint(rng)} Catholic Primary School", school.town)
        if religion == "Methodist":
            return self._unique(f"{self._stem()} Methodist Primary School", school.town)
        stem = self._stem()
        if school.route == "community" and rng.random() < 0.3:
            return self._unique(f"{stem} Community Primary School", school.town)
        if school.route in ("sponsor_led", "free_school"):
            return self._unique(f"{stem} Primary Academy", school.town)
        if school.route == "converter":
            ending = weighted_choice(rng, {"Primary School": 4, "Primary Academy": 3, "Academy": 3})
            return self._unique(f"{stem} {ending}", school.town)
        return self._unique(f"{stem} Primary School", school.town)

    def pair(self, rng: random.Random, infant: SchoolRecord) -> tuple[str, str]:
        stem = self._stem()
        ending = "Academy" if infant.is_academy else "School"
        church = " Church of England" if infant.religious_character == "Church of England" else ""
        return (
            self._unique(f"{stem}{church} Infant {ending}", infant.town),
            self._unique(f"{stem}{church} Junior {ending}", infant.town),
        )

    def secondary(self, rng: random.Random, school: SchoolRecord, *, faith: bool) -> str:
        if faith:
            religion = school.religious_character
            if religion == "Roman Catholic":
                return self._unique(f"{self._saint(rng)} Catholic School", school.town)
            ending = "Academy" if school.is_academy else "School"
            return self._unique(f"{self._saint(rng)} Church of England {ending}", school.town)
        stem = self._stem()
        if school.is_academy:
            ending = weighted_choice(rng, {"Academy": 5, "School": 2, "High School": 2})
        else:
            ending = weighted_choice(rng, {"School": 4, "High School": 3, "Community College": 1})
        return self._unique(f"{stem} {ending}", school.town)

    def grammar(self, rng: random.Random, school: SchoolRecord) -> str:
        stem = self._stem()
        if school.gender == "Girls":
            ending = rng.choice(("Grammar School for Girls", "Girls' Grammar School"))
        elif school.gender == "Boys":
            ending = rng.choice(("Grammar School for Boys", "Boys' Grammar School"))
        else:
            ending = "Grammar School"
        return self._unique(f"{stem} {ending}", school.town)

    def special(self, rng: random.Random, school: SchoolRecord) -> str:
        ending = (
            "Academy" if school.is_academy else rng.choice(("School", "School", "Special School"))
        )
        return self._unique(f"{self._stem()} {ending}", school.town)
