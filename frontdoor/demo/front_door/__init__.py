"""A year of the Front Door in the synthetic county: Requests for Support about its pupils, the
Front Door's decisions, District Conversations, and the Early Help and social work cases the
decisions start, for the twelve months before the county's as-at date.

`generate_front_door(county)` makes plain records (no database), the same for the same county:
every stage draws from its own stream (`random.Random("<seed>/front-door/<stage>")`). Volumes
are Kent's per pupil, and the mixes are Kent's where Kent publishes them: all the numbers, and
where they come from, are in `frontdoor.demo.calibration` ("The Front Door"). `front_door_save`
writes the year inside `county_load`'s transaction; `front_door_delete` deletes it with the
county. The stages are modules here: `requests` (and the `pupils` and `people` it draws on),
then `work` (cases, the teams that hold them, District Conversations)."""

import random
from datetime import timedelta

from frontdoor.core.calendar import years_before
from frontdoor.demo import calibration as cal
from frontdoor.demo.front_door.days import WorkingDays
from frontdoor.demo.front_door.people import People
from frontdoor.demo.front_door.records import FrontDoorYear
from frontdoor.demo.front_door.requests import RequestMaker
from frontdoor.demo.front_door.save import year_delete, year_save
from frontdoor.demo.front_door.work import Work
from frontdoor.demo.generator import County

# Working days are held from a little before the year to well after it (past the longest
# wait worked out from a day in the year: a late assessment, 75 working days).
DAYS_BEFORE, DAYS_AFTER = 14, 200


def generate_front_door(county: County) -> FrontDoorYear:
    first_day = years_before(county.as_at, 1)
    days = WorkingDays(
        first_day - timedelta(days=DAYS_BEFORE), county.as_at + timedelta(days=DAYS_AFTER)
    )
    factor = len(county.pupils) / cal.KENT_PUPILS
    people = People(county, random.Random(f"{county.seed}/front-door/people"), factor)
    maker = RequestMaker(county, days, people, first_day, factor)
    requests = maker.make()
    work = Work(county, days, people)
    cases = work.cases(requests)
    teams = work.staff_teams(cases)
    work.referrers(requests, teams)
    conversations = work.conversations(requests, first_day, teams)
    return FrontDoorYear(
        first_day=first_day,
        as_at=county.as_at,
        households=maker.households,
        requests=requests,
        conversations=conversations,
        cases=cases,
        staff=list(people.staff.values()),
    )


def front_door_save(
    *, county: County, pupil_ids, school_ids, district_ids, progress
) -> dict[str, int]:
    """Generate the county's Front Door year and write it; the rows written, by table."""
    progress("front_door", 0, 1)
    year = generate_front_door(county)
    progress("front_door", 1, 1)
    return year_save(
        year=year,
        county=county,
        pupil_ids=pupil_ids,
        school_ids=school_ids,
        district_ids=district_ids,
        progress=progress,
    )


def front_door_delete(*, schools) -> dict[str, int]:
    """Delete the Front Door's records about the county's `schools` and their pupils."""
    return year_delete(schools=schools)
