"""Academy trusts: multi-academy trusts by area, single-academy trusts for some secondary
academies (grammar schools first), and which trust each academy is in."""

from collections import Counter

from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.demo.generator.records import TrustRecord
from frontdoor.demo.generator.state import CountyState
from frontdoor.schools.models import Trust


def add(county: CountyState) -> None:
    """The trusts (trust 0, the largest, holds school B), and each academy's trust."""
    rng = county.stream("trusts")
    academies = [s for s in county.schools if s.is_academy]
    multi = max(1, round(cal.MULTI_ACADEMY_TRUSTS * county.scale))
    single = round(cal.SINGLE_ACADEMY_TRUSTS * county.scale)
    words = list(names.TRUST_WORDS)
    rng.shuffle(words)
    for index in range(multi):
        county.trusts.append(
            TrustRecord(
                index=index,
                uid=str(cal.DEMO_TRUST_UID_FIRST + index),
                name=f"{words[index % len(words)]} {rng.choice(names.TRUST_KINDS)}",
                kind=Trust.Kind.MULTI_ACADEMY.value,
                # Trust 0, the largest, is in the West (school B's area).
                area=cal.AREAS[(index + 2) % len(cal.AREAS)],
            )
        )
    # Single-academy trusts: grammar schools first, as in Kent.
    candidates = [s for s in academies if s.index != county.school_b and s.kind == "grammar"]
    candidates += [s for s in academies if s.index != county.school_b and s.kind == "secondary"]
    for school in candidates[:single]:
        trust = TrustRecord(
            index=len(county.trusts),
            uid=str(cal.DEMO_TRUST_UID_FIRST + len(county.trusts)),
            name=f"{school.name} Trust",
            kind=Trust.Kind.SINGLE_ACADEMY.value,
            area=cal.DISTRICTS[school.district].area,
        )
        county.trusts.append(trust)
        school.trust = trust.index
    size = [1 / (index + 1) ** 0.6 for index in range(multi)]
    county.schools[county.school_b].trust = 0
    for school in academies:
        if school.trust is not None:
            continue
        area = cal.DISTRICTS[school.district].area
        weights = [size[t] * (4.0 if county.trusts[t].area == area else 0.3) for t in range(multi)]
        school.trust = rng.choices(range(multi), weights=weights)[0]
    # Every multi-academy trust has at least one academy: an empty one takes an academy
    # from the largest trust (in its area if it can). School B stays in trust 0.
    members = Counter(s.trust for s in academies)
    for trust in range(1, multi):
        if members[trust]:
            continue
        donors = [
            s
            for s in academies
            if s.trust < multi
            and members[s.trust] > 1
            and s.index != county.school_b
            and s.kind != "junior"
        ]
        near = [s for s in donors if cal.DISTRICTS[s.district].area == county.trusts[trust].area]
        if near or donors:
            donor = max(near or donors, key=lambda s: (members[s.trust], s.index))
            members[donor.trust] -= 1
            donor.trust = trust
            members[trust] += 1
    # An infant school and its junior school are in the same trust.
    for school in county.schools:
        if school.kind == "junior" and school.is_academy:
            school.trust = county.schools[school.partner].trust
