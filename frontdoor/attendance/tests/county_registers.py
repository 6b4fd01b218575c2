"""Registers for the hand-built county of frontdoor/conftest.py, worked by hand for the summary,
dashboard and page tests.

Pupil A (school A, North, Year 2 in 2024/25), pupil B (school B, South, Year 7) and pupil C
(school C, North, Year 4, in care) have two weeks of marks in November 2024, up to Wednesday
13 November; A and C have a week in November 2023.

| 2024/25 to 13 Nov | possible | attending | authorised | unauthorised | PA |
|---|---|---|---|---|---|
| A | 16 | 14 | 1 (I) | 1 (O) | yes (12.5%) |
| B | 16 | 11 | 0 | 5 (O) | yes (31.25%) |
| C | 16 | 16 | 0 | 0 | no |
| county | 48 | 41 (85.42%) | 1 (2.08%) | 6 (12.50%) | 2 of 3 (66.67%) |

Week of 11 November: 18 of 18 sessions attended. Same point last year (to 13 Nov 2023): A 8 of
10, C 10 of 10: 18 of 20 (90.00%)."""

from datetime import date, timedelta

from frontdoor.analytics.store import default_store
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.summaries import summaries_build

PUPIL_A, PUPIL_B, PUPIL_C = "A886000000001", "B886000000002", "C886000000003"
FIRST_WEEK, SECOND_WEEK, LAST_YEAR_WEEK = date(2024, 11, 4), date(2024, 11, 11), date(2023, 11, 6)


def _week(urn: int, upn: str, monday: date, codes: str) -> list[str]:
    """One line per session, AM then PM, Monday onwards, one code a session."""
    lines = []
    for index, code in enumerate(codes):
        day = monday + timedelta(days=index // 2)
        lines.append(f"{urn},{upn},{day.isoformat()},{('AM', 'PM')[index % 2]},{code}")
    return lines


def registers_lines() -> list[str]:
    return [
        "urn,upn,date,session,code",
        *_week(990001, PUPIL_A, FIRST_WEEK, "//IO//////"),
        *_week(990001, PUPIL_A, SECOND_WEEK, "//////"),
        *_week(990002, PUPIL_B, FIRST_WEEK, "OOOOO/////"),
        *_week(990002, PUPIL_B, SECOND_WEEK, "//////"),
        *_week(990003, PUPIL_C, FIRST_WEEK, "//////////"),
        *_week(990003, PUPIL_C, SECOND_WEEK, "//////"),
        *_week(990001, PUPIL_A, LAST_YEAR_WEEK, "II////////"),
        *_week(990003, PUPIL_C, LAST_YEAR_WEEK, "//////////"),
    ]


def county_with_registers(tmp_path):
    """Ingest the registers into the default store and build its summary."""
    source = tmp_path / "registers.csv"
    source.write_text("\n".join(registers_lines()) + "\n")
    store = default_store()
    marks_ingest(path=source, store=store)
    return summaries_build(store=store)
