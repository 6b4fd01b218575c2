"""The Python-built rows of the year group and worklist tables."""

from datetime import date

from frontdoor.attendance.templatetags.pupil_tables import worklist_rows, year_group_rows

ROW = {
    "href": "/pupils/7/",
    "name": "Ann <b>O'Neill</b>",
    "attendance_rate": "87.50",
    "unauthorised_absence_rate": None,
}


def test_names_and_schools_are_escaped_and_a_missing_rate_is_no_data():
    html = worklist_rows([ROW | {"school": "St A & B", "nc_year": 8, "detail": 3}], True)
    assert "Ann &lt;b&gt;O&#x27;Neill&lt;/b&gt;" in html
    assert 'href="/pupils/7/"' in html
    assert ">St A &amp; B</td>" in html
    assert ">Year 8</td>" in html
    assert ">87.50%</td>" in html and ">no data</td>" in html
    assert html.count("<td") == 5


def test_the_list_without_a_count_has_no_count_column():
    html = worklist_rows([ROW | {"school": "A", "nc_year": None, "detail": 3}], False)
    assert html.count("<td") == 4


def test_year_group_flags_show_the_worst_band_and_the_penalty_threshold():
    flags = {"severe_absence": False, "persistent_absence": True, "at_risk": True}
    row = ROW | flags | {"possible_sessions": 120, "penalty_threshold_date": date(2026, 9, 3)}
    html = year_group_rows([row])
    assert "Persistently absent" in html and "At risk" not in html
    assert "Penalty threshold 3 Sep" in html
    quiet = ROW | dict.fromkeys(flags, False) | {"possible_sessions": 10}
    assert "govuk-tag" not in year_group_rows([quiet])
