"""Schools for the schools block tests: hand-sized, every count named."""

from decimal import Decimal

from frontdoor.funding.nff_values import COUNTED
from frontdoor.funding.schools_data import DEFAULT_YEAR_GROUPS, SchoolData


def school(urn="100001", phase="primary", primary=0, ks3=0, ks4=0, counts=None, **fields):
    """A school with the given pupils; `counts` maps e.g. "fsm_primary" to eligible pupils."""
    counts = counts or {}
    eligible = {
        factor: {part: counts.get(f"{factor}_{part}", 0) for part in ("primary", "secondary")}
        for factor in COUNTED
    }
    fields.setdefault("year_groups", DEFAULT_YEAR_GROUPS[phase])
    fields.setdefault("maintained", False)
    return SchoolData(
        urn=urn,
        name=fields.pop("name", f"School {urn}"),
        phase=phase,
        pupils={"primary": primary, "ks3": ks3, "ks4": ks4},
        eligible=eligible,
        **fields,
    )


# Hand-worked in test_lff.py: NFF 2023-24 gives £950,050 (the MPPL tops it up by £2,602).
PRIMARY = dict(
    urn="100001",
    phase="primary",
    primary=210,
    counts={
        "fsm_primary": 30,
        "fsm6_primary": 40,
        "idaci_a_primary": 10,
        "idaci_c_primary": 5,
        "lpa_primary": 20,
        "eal3_primary": 8,
        "mobility_primary": 15,
    },
    premises=Decimal(25000),
)
# Hand-worked: factors £5,882,650, × ACA 1.01 = £5,941,476.50; above its MPPL.
SECONDARY = dict(
    urn="100002",
    phase="secondary",
    ks3=600,
    ks4=400,
    counts={
        "fsm_secondary": 150,
        "fsm6_secondary": 250,
        "lpa_secondary": 200,
        "eal3_secondary": 30,
        "mobility_secondary": 50,
    },
    area_cost_adjustment=Decimal("1.01"),
)


def county(size=60):
    """A county of `size` schools, five primaries to each secondary, with MFG baselines a little
    below their NFF allocations (so the MFG bites for some), for balancing tests."""
    schools = []
    for i in range(size):
        if i % 6:
            pupils = 150 + (i * 37) % 400
            schools.append(
                school(
                    urn=str(200000 + i),
                    primary=pupils,
                    counts={
                        "fsm_primary": pupils * (10 + i % 20) // 100,
                        "fsm6_primary": pupils * (15 + i % 25) // 100,
                        "idaci_a_primary": pupils * (i % 6) // 100,
                        "idaci_b_primary": pupils * (i % 9) // 100,
                        "idaci_c_primary": pupils * (i % 8) // 100,
                        "idaci_d_primary": pupils * (5 + i % 7) // 100,
                        "idaci_e_primary": pupils * (5 + i % 5) // 100,
                        "lpa_primary": pupils * (20 + i % 15) // 100,
                        "eal3_primary": pupils * (i % 10) // 100,
                        "mobility_primary": pupils * (i % 12) // 100,
                    },
                    maintained=i % 2 == 0,
                    mfg_baseline=Decimal(pupils * (4000 + (i * 53) % 500)),
                    mfg_baseline_pupils=pupils + i % 7,
                    district=("North", "South", "East")[i % 3],
                )
            )
        else:
            ks3 = 450 + (i * 29) % 400
            schools.append(
                school(
                    urn=str(200000 + i),
                    phase="secondary",
                    ks3=ks3,
                    ks4=ks3 * 2 // 3,
                    counts={
                        "fsm_secondary": ks3 * (10 + i % 20) // 100,
                        "fsm6_secondary": ks3 * (20 + i % 25) // 100,
                        "idaci_b_secondary": ks3 * (i % 9) // 100,
                        "idaci_d_secondary": ks3 * (5 + i % 7) // 100,
                        "lpa_secondary": ks3 * (20 + i % 10) // 100,
                        "eal3_secondary": ks3 * (i % 5) // 100,
                        "mobility_secondary": ks3 * (i % 9) // 100,
                    },
                    mfg_baseline=Decimal(ks3 * 5 // 3 * (5200 + (i * 71) % 700)),
                    mfg_baseline_pupils=ks3 * 5 // 3,
                    district=("North", "South", "East")[i % 3],
                )
            )
    return schools
