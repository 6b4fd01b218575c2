"""The published SEN2 figures (DfE, "Education, health and care plans"), read at run time from
the copy of the SEND and AP dashboard's `sen2_mi.csv` under FRONTDOOR_SHARED_DATA, as the
comparators for the council's own 20-week rate. Nothing is copied into the project; when the
file is absent the comparators are simply not available.

A figure DfE suppressed or did not collect ("z", "x", "c", "") is None. Rates are worked out
from the counts (half up, `core.rounding`), which is how DfE's own rates are made: Kent 2022,
904 of 2,198 plans within 20 weeks excluding exceptions, 41.1%."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from frontdoor.core.rounding import percentage

SEN2_FILE = Path("data/send_frontdoor/send_ap_dashboard/sen2_mi.csv")
ENGLAND = "England"


@dataclass(frozen=True)
class PublishedTwentyWeeks:
    area: str
    year: int  # calendar year of the plans
    within_excluding: int | None
    plans_excluding: int | None
    within_including: int | None
    plans_including: int | None

    @property
    def rate_excluding_exceptions(self):
        return _rate(self.within_excluding, self.plans_excluding)

    @property
    def rate(self):
        return _rate(self.within_including, self.plans_including)


def sen2_path() -> Path:
    return Path(settings.FRONTDOOR_SHARED_DATA) / SEN2_FILE


def published_twenty_weeks(la_code: str, path: Path | None = None) -> dict[str, list]:
    """England's and the council's (its three-digit LA code, e.g. "886" for Kent) published
    20-week figures, year by year: {area name: [PublishedTwentyWeeks, ...]}, or {} when the
    file is not there."""
    path = path or sen2_path()
    if not path.exists():
        return {}
    return _read(path, path.stat().st_mtime, la_code)


@lru_cache(maxsize=4)
def _read(path: Path, modified: float, la_code: str) -> dict[str, list]:
    found: dict[str, list] = {}
    with path.open(newline="", encoding="utf-8-sig") as source:
        for row in csv.DictReader(source):
            if row["time_identifier"] != "Calendar year":
                continue
            if row["geographic_level"] == "National":
                area = ENGLAND
            elif row["geographic_level"] == "Local authority" and row["old_la_code"] == la_code:
                area = row["la_name"].strip()
            else:
                continue
            found.setdefault(area, []).append(
                PublishedTwentyWeeks(
                    area=area,
                    year=int(row["time_period"]),
                    within_excluding=_count(row["no_exc_20week_ehc"]),
                    plans_excluding=_count(row["tot_no_exc_ehc"]),
                    within_including=_count(row["inc_exc_20week_ehc"]),
                    plans_including=_count(row["tot_inc_exc_ehc"]),
                )
            )
    areas = sorted(found, key=lambda area: area != ENGLAND)  # England first
    return {area: sorted(found[area], key=lambda r: r.year) for area in areas}


def _count(value: str) -> int | None:
    value = value.strip().replace(",", "")
    return int(value) if value.isdigit() else None


def _rate(within: int | None, plans: int | None):
    return None if within is None or plans is None else percentage(within, plans)
