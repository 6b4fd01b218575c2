"""The DfE comparators: reading the EES "Pupil attendance in schools" files strictly, storing
them all or nothing and idempotently, and comparing Kent with England and the South East
from the counts. The last tests read the real files (../shared/domain/attendance.md §6) in
place and are skipped when the shared data is absent."""

import csv
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from frontdoor.attendance.comparators import DfeFileError, parse_dfe_file
from frontdoor.attendance.models import DfeAttendanceFigure
from frontdoor.attendance.selectors import dfe_comparators, dfe_periods
from frontdoor.attendance.services import DfeImportSummary, dfe_figures_import
from frontdoor.core.models import AuditEvent

Kind = DfeAttendanceFigure.PeriodKind
Phase = DfeAttendanceFigure.Phase

HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "new_la_code", "la_name", "old_la_code", "school_type",
    "num_schools", "enrolments", "present_sessions", "overall_attendance",
    "approved_educational_activity", "overall_absence", "authorised_absence",
    "unauthorised_absence", "late_sessions", "possible_sessions",
    "reason_i_authorised_illness", "reason_o_other_unauthorised", "attendance_perc", "pa_perc",
]  # fmt: skip
AREAS = {
    "National": {"country_code": "E92000001", "country_name": "England"},
    "Regional": {"region_code": "E12000008", "region_name": "South East"},
    "Local authority": {
        "region_code": "E12000008",
        "region_name": "South East",
        "new_la_code": "E10000016",
        "la_name": "Kent",
        "old_la_code": "886",
    },
}
# 1,000 possible sessions: 940 attended (930 present + 10 AEA), 60 absent (40 + 20).
COUNTS = {
    "num_schools": "10.5",
    "enrolments": "2000.123456",
    "present_sessions": "930",
    "overall_attendance": "940",
    "approved_educational_activity": "10",
    "overall_absence": "60",
    "authorised_absence": "40",
    "unauthorised_absence": "20",
    "late_sessions": "15",
    "possible_sessions": "1000",
    "reason_i_authorised_illness": "30",
    "reason_o_other_unauthorised": "20",
    "attendance_perc": "94",
    "pa_perc": "15.5",
}


def figure(level="Local authority", phase="Primary", **columns) -> dict:
    base = dict.fromkeys(HEADER, "") | {
        "time_period": "202425",
        "time_identifier": "Academic year",
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
        "school_type": phase,
    }
    return base | AREAS[level] | COUNTS | columns


def write_ees(folder: Path, rows: list[dict], name="EES_test.csv", header=HEADER) -> Path:
    path = folder / name
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    return path


def three_areas() -> list[dict]:
    return [figure("National", "Total"), figure("Regional", "Total"), figure()]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DfeFileError) as refused:
        parse_dfe_file(path)
    return refused.value.problems


# Reading a file


def test_a_year_to_date_file_is_read_into_rows(tmp_path):
    rows = parse_dfe_file(write_ees(tmp_path, three_areas()))
    assert [row.line for row in rows] == [2, 3, 4]
    england, south_east, kent = (row.values for row in rows)
    assert (england["geographic_level"], england["area_code"], england["area_name"]) == (
        "national",
        "E92000001",
        "England",
    )
    assert (england["region_code"], england["old_la_code"], england["phase"]) == ("", "", "total")
    assert (south_east["area_code"], south_east["region_code"]) == ("E12000008", "E12000008")
    assert kent == kent | {
        "period_kind": Kind.YEAR_TO_DATE,
        "academic_year": 2024,
        "time_period": "202425",
        "time_identifier": "Academic year",
        "week_start": None,
        "geographic_level": "local_authority",
        "area_code": "E10000016",
        "area_name": "Kent",
        "region_code": "E12000008",
        "old_la_code": "886",
        "phase": "primary",
        "num_schools": Decimal("10.5000"),
        "enrolments": Decimal("2000.1235"),
        "possible_sessions": 1000,
        "overall_attendance": 940,
        "late_sessions": 15,
        "pa_perc_published": Decimal("15.5"),
        "reason_counts": {"reason_i_authorised_illness": 30, "reason_o_other_unauthorised": 20},
    }


@pytest.mark.parametrize(
    ("time_period", "time_identifier", "kind", "academic_year", "week_start"),
    [
        ("202425", "Academic year", Kind.YEAR_TO_DATE, 2024, None),
        ("202223", "Autumn term", Kind.AUTUMN, 2022, None),
        ("202324", "Spring term", Kind.SPRING, 2023, None),
        ("202425", "Summer term", Kind.SUMMER, 2024, None),
        ("2024", "Week 37", Kind.WEEK, 2024, date(2024, 9, 9)),
        ("2025", "Week 2", Kind.WEEK, 2024, date(2025, 1, 6)),
        # Starts on Monday 31 August 2026, but its school days are in 2026/27.
        ("2026", "Week 36", Kind.WEEK, 2026, date(2026, 8, 31)),
    ],
)
def test_the_period_comes_from_time_identifier(
    tmp_path, time_period, time_identifier, kind, academic_year, week_start
):
    row = figure(time_period=time_period, time_identifier=time_identifier)
    [parsed] = parse_dfe_file(write_ees(tmp_path, [row]))
    assert (
        parsed.values["period_kind"],
        parsed.values["academic_year"],
        parsed.values["week_start"],
    ) == (kind, academic_year, week_start)


def test_2025_26_files_name_the_phase_column_education_phase(tmp_path):
    header = ["education_phase" if name == "school_type" else name for name in HEADER]
    rows = [figure(phase=label, education_phase=label) for label in ("primary", "TOTAL")]
    parsed = parse_dfe_file(write_ees(tmp_path, rows, header=header))
    assert [row.values["phase"] for row in parsed] == [Phase.PRIMARY, Phase.TOTAL]


@pytest.mark.parametrize("symbol", ["c", "z", "x", ":", ""])
def test_suppressed_values_are_read_as_null(tmp_path, symbol):
    suppressed = dict.fromkeys(COUNTS, symbol)
    [row] = parse_dfe_file(write_ees(tmp_path, [figure(**suppressed)]))
    for name in ("num_schools", "enrolments", "possible_sessions", "pa_perc_published"):
        assert row.values[name] is None
    assert row.values["reason_counts"] == {
        "reason_i_authorised_illness": None,
        "reason_o_other_unauthorised": None,
    }


def test_every_bad_value_is_reported_with_its_line_and_column(tmp_path):
    path = write_ees(
        tmp_path,
        [
            figure(),
            figure(possible_sessions="1,000"),
            figure("Regional", geographic_level="Ward"),
            figure(phase="Nursery"),
            figure(reason_o_other_unauthorised="-3", pa_perc="101"),
            figure(time_identifier="Half term"),
            figure(time_period="2024", time_identifier="Week 54"),
            figure(old_la_code=""),
            figure(),
        ],
    )
    assert problems_of(path) == [
        "EES_test.csv line 3: possible_sessions: '1,000' is not a whole number or a "
        "suppression symbol (c, z, x, :, empty)",
        "EES_test.csv line 4: geographic_level: 'Ward' is not one of 'National', 'Regional', "
        "'Local authority'",
        "EES_test.csv line 5: school_type: 'Nursery' is not Primary, Secondary, Special or Total",
        "EES_test.csv line 6: pa_perc: '101' is not a number from 0 to 100 or a suppression symbol",
        "EES_test.csv line 6: reason_o_other_unauthorised: '-3' is not a whole number or a "
        "suppression symbol (c, z, x, :, empty)",
        "EES_test.csv line 7: time_identifier: 'Half term' is not 'Academic year', 'Autumn "
        "term', 'Spring term', 'Summer term' or 'Week N'",
        "EES_test.csv line 8: time_identifier: 2024 has no ISO week 54",
        "EES_test.csv line 9: old_la_code: '' is not a three-digit LA code",
        "EES_test.csv line 10: new_la_code: the same period, area and phase as line 2",
    ]


def test_missing_columns_are_reported_on_line_1(tmp_path):
    header = [name for name in HEADER if name not in {"possible_sessions", "school_type"}]
    assert problems_of(write_ees(tmp_path, [figure()], header=header)) == [
        "EES_test.csv line 1: possible_sessions: missing column",
        "EES_test.csv line 1: school_type or education_phase: missing column",
    ]


def test_a_row_with_too_few_fields_or_no_rows_at_all_is_refused(tmp_path):
    short = tmp_path / "short.csv"
    short.write_text(",".join(HEADER) + "\n202425,Academic year\n")
    assert problems_of(short) == [
        f"short.csv line 2: (row): 2 fields where the header has {len(HEADER)}"
    ]
    assert problems_of(write_ees(tmp_path, [], name="empty.csv")) == [
        "empty.csv line 1: (file): there are no rows under the header"
    ]


# Storing a file


@pytest.mark.django_db
def test_a_bad_file_writes_nothing(tmp_path):
    path = write_ees(tmp_path, [*three_areas(), figure("Regional", phase="Nursery")])
    with pytest.raises(DfeFileError, match="line 5: school_type: 'Nursery'"):
        dfe_figures_import(path=path)
    assert not DfeAttendanceFigure.objects.exists()
    assert not AuditEvent.objects.filter(action="attendance.import_dfe").exists()


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write_ees(tmp_path, three_areas())
    assert dfe_figures_import(path=path) == DfeImportSummary("EES_test.csv", 3, 0, 0)
    stored = {f.pk: (f.imported_at, f.enrolments) for f in DfeAttendanceFigure.objects.all()}

    assert dfe_figures_import(path=path) == DfeImportSummary("EES_test.csv", 0, 0, 3)
    assert {
        f.pk: (f.imported_at, f.enrolments) for f in DfeAttendanceFigure.objects.all()
    } == stored

    revised = [figure("National", "Total"), figure("Regional", "Total"), figure(late_sessions="16")]
    summary = dfe_figures_import(path=write_ees(tmp_path, revised, name="EES_revised.csv"))
    assert summary == DfeImportSummary("EES_revised.csv", 0, 1, 2)
    kent = DfeAttendanceFigure.objects.get(old_la_code="886")
    assert (kent.late_sessions, kent.source_file) == (16, "EES_revised.csv")
    assert DfeAttendanceFigure.objects.count() == 3


@pytest.mark.django_db
def test_each_import_is_audited_with_its_counts_and_needs_the_permission(tmp_path, persona):
    path = write_ees(tmp_path, three_areas())
    with pytest.raises(PermissionDenied):
        dfe_figures_import(path=path, by=persona("head_a"))
    dfe_figures_import(path=path)
    admin = persona("la_admin")
    dfe_figures_import(path=path, by=admin)
    events = AuditEvent.objects.filter(action="attendance.import_dfe").order_by("pk")
    assert [(e.actor, e.actor_username, e.detail) for e in events] == [
        (None, "system", {"created": 3, "updated": 0, "unchanged": 0}),
        (admin, admin.username, {"created": 0, "updated": 0, "unchanged": 3}),
    ]


# Comparing


@pytest.mark.django_db
def test_the_comparison_computes_rates_from_counts_and_sums_phases_for_a_missing_total(tmp_path):
    rows = [
        figure("National", "Total", possible_sessions="3000", overall_attendance="2800"),
        figure("Regional", "Total", region_code="E12000001", region_name="North East"),
        figure("Regional", "Total", possible_sessions="2000", overall_attendance="1900"),
        figure(phase="Primary", possible_sessions="3", overall_attendance="2", pa_perc="12.345"),
        figure(phase="Secondary", possible_sessions="6", overall_attendance="5"),
    ]
    dfe_figures_import(path=write_ees(tmp_path, rows))

    primary = dfe_comparators(academic_year=2024, period_kind=Kind.YEAR_TO_DATE, phase="primary")
    assert primary.england is None  # England published no primary row here
    assert primary.region is None
    assert primary.local_authority.rates["attendance_rate"] == Decimal("66.67")
    assert primary.local_authority.persistent_absence_rate == Decimal("12.35")

    total = dfe_comparators(academic_year=2024, period_kind=Kind.YEAR_TO_DATE, phase="total")
    assert total.england.rates["attendance_rate"] == Decimal("93.33")
    assert (total.region.area_name, total.region.rates["attendance_rate"]) == (
        "South East",
        Decimal("95.00"),
    )
    kent = total.local_authority
    # (2 + 5) / (3 + 6), not the mean of 66.67 and 83.33.
    assert kent.derived_from_phases
    assert (kent.counts["possible_sessions"], kent.rates["attendance_rate"]) == (
        9,
        Decimal("77.78"),
    )
    assert kent.persistent_absence_rate is None


@pytest.mark.django_db
def test_a_suppressed_phase_leaves_the_summed_total_without_figures(tmp_path):
    rows = [figure(phase="Primary"), figure(phase="Special", possible_sessions="c")]
    dfe_figures_import(path=write_ees(tmp_path, rows))
    kent = dfe_comparators(academic_year=2024, period_kind="ytd", phase="total").local_authority
    assert kent.counts["possible_sessions"] is None
    assert kent.rates["attendance_rate"] is None
    assert kent.counts["overall_attendance"] == 1880


@pytest.mark.django_db
def test_weeks_are_chosen_by_time_identifier_and_periods_are_listed(tmp_path):
    weeks = [
        figure(time_period="2024", time_identifier=f"Week {n}", possible_sessions=str(n * 100))
        for n in (37, 38)
    ]
    dfe_figures_import(path=write_ees(tmp_path, [*weeks, figure()]))
    with pytest.raises(ValueError, match="Week 37"):
        dfe_comparators(academic_year=2024, period_kind="week", phase="primary")
    week = dfe_comparators(
        academic_year=2024, period_kind="week", time_identifier="Week 38", phase="primary"
    )
    assert week.local_authority.counts["possible_sessions"] == 3800
    assert [period.label for period in dfe_periods()] == [
        "2024/25 Week 37, from 9 Sep 2024",
        "2024/25 Week 38, from 16 Sep 2024",
        "2024/25 Academic year to date",
    ]


# The command


def import_command(*paths) -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("attendance", "import-dfe", *map(str, paths), stdout=stdout, stderr=stderr)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.mark.django_db
def test_the_command_prints_a_summary_per_file(tmp_path):
    first = write_ees(tmp_path, three_areas(), name="EES_a.csv")
    second = write_ees(tmp_path, [figure(phase="Special")], name="EES_b.csv")
    status, out, _ = import_command(first, second)
    assert status == 0
    assert out.splitlines() == [
        "EES_a.csv: 3 created, 0 updated, 0 unchanged.",
        "EES_b.csv: 1 created, 0 updated, 0 unchanged.",
    ]
    assert import_command(first)[1] == "EES_a.csv: 0 created, 0 updated, 3 unchanged.\n"


@pytest.mark.django_db
def test_the_command_exits_1_and_writes_nothing_when_any_file_is_bad(tmp_path):
    good = write_ees(tmp_path, three_areas(), name="EES_good.csv")
    bad = write_ees(tmp_path, [figure(possible_sessions="many")], name="EES_bad.csv")
    status, out, err = import_command(good, bad, tmp_path / "missing.csv")
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("EES_bad.csv line 2: possible_sessions: 'many' is not")
    assert lines[1].startswith("missing.csv: cannot be read")
    assert lines[-1] == "Nothing was imported."
    assert not DfeAttendanceFigure.objects.exists()
    assert not AuditEvent.objects.filter(action="attendance.import_dfe").exists()


# The real files

FOLDER = Path(settings.FRONTDOOR_SHARED_DATA) / "data" / "attendance" / "dfe-attendance-dashboard"


def import_real(*names: str) -> None:
    paths = [FOLDER / name for name in names]
    if not all(path.exists() for path in paths):
        pytest.skip(f"the DfE attendance files are not in {FOLDER}")
    for path in paths:
        dfe_figures_import(path=path)


def attendance(comparison, area: str) -> str:
    return str(getattr(comparison, area).rates["attendance_rate"])


@pytest.mark.django_db
def test_kent_england_and_the_south_east_2024_25():
    import_real("EES_ytd_data_202425.csv")
    year = {"academic_year": 2024, "period_kind": "ytd"}
    kent = {
        phase: dfe_comparators(**year, phase=phase) for phase in ("primary", "secondary", "special")
    }
    assert {phase: attendance(c, "local_authority") for phase, c in kent.items()} == {
        "primary": "94.40",
        "secondary": "91.58",
        "special": "85.49",
    }
    assert str(kent["primary"].local_authority.persistent_absence_rate) == "15.04"
    assert kent["primary"].region.area_name == "South East"
    assert str(kent["primary"].region.persistent_absence_rate) == "12.87"

    total = dfe_comparators(**year, phase="total")
    # England's published attendance_perc is 93.1298, but its own counts give 93.12.
    assert attendance(total, "england") == "93.12"
    assert total.region.area_name == "South East"
    # Kent has no all-phase row before 2025/26: summed from its phases (§6.2: 92.93).
    assert total.local_authority.derived_from_phases
    assert attendance(total, "local_authority") == "92.93"


@pytest.mark.django_db
def test_kent_by_term_2024_25():
    import_real("EES_aut_data_202425.csv", "EES_spr_data_202425.csv", "EES_sum_data_202425.csv")
    for kind, phase, expected in [
        ("autumn", "primary", "94.36"),
        ("spring", "secondary", "91.63"),
        ("summer", "special", "85.53"),
    ]:
        comparison = dfe_comparators(academic_year=2024, period_kind=kind, phase=phase)
        assert attendance(comparison, "local_authority") == expected, kind


@pytest.mark.django_db
def test_kent_2025_26_from_the_education_phase_file():
    import_real("EES_ytd_data_202526.csv")
    primary = dfe_comparators(academic_year=2025, period_kind="ytd", phase="primary")
    assert attendance(primary, "local_authority") == "94.41"
    assert str(primary.local_authority.persistent_absence_rate) == "15.18"
    total = dfe_comparators(academic_year=2025, period_kind="ytd", phase="total")
    assert not total.local_authority.derived_from_phases
    assert attendance(total, "local_authority") == "92.95"
    assert str(total.local_authority.persistent_absence_rate) == "20.16"


@pytest.mark.django_db
def test_the_weekly_file_imports_and_reimports_unchanged():
    import_real("EES_weekly_data_202425_autumn_wk37-49.csv")
    assert DfeAttendanceFigure.objects.filter(period_kind="week").count() == 5932
    summary = dfe_figures_import(path=FOLDER / "EES_weekly_data_202425_autumn_wk37-49.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 5932)
    week = dfe_comparators(
        academic_year=2024, period_kind="week", time_identifier="Week 37", phase="primary"
    )
    assert week.local_authority.counts["possible_sessions"] == 1079613
    assert week.england is not None and week.region.area_name == "South East"


@pytest.mark.django_db
def test_the_admin_shows_the_figures_to_administrators_and_changes_nothing(tmp_path, signed_in):
    dfe_figures_import(path=write_ees(tmp_path, three_areas()))
    changelist = "/admin/attendance/dfeattendancefigure/"
    admin = signed_in("la_admin")
    response = admin.get(changelist)
    assert response.status_code == 200
    assert b"Kent" in response.content
    assert admin.get(f"{changelist}add/").status_code == 403
    assert signed_in("head_a").get(changelist).status_code == 403
