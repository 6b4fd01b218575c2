"""The golden thread and quantified provision (reg 12), and readable differences between
versions."""

from frontdoor.send import plan_content
from frontdoor.send.tests.plans import complete


def messages(content) -> list[str]:
    return [str(problem) for problem in plan_content.problems(content)]


def test_a_complete_plan_has_no_problems():
    assert messages(complete()) == []


def test_an_empty_plan_lists_what_it_lacks():
    assert messages({}) == [
        "Section A: record the child's views, interests and aspirations",
        "Section B: a plan describes at least one special educational need",
        "Section E: a plan sets at least one outcome",
        "Section F: a plan specifies the special educational provision",
        "Section I: name the school, college or type of setting",
    ]


def test_an_outcome_must_meet_a_need_and_be_served():
    content = complete()
    content["E"].append({"id": "e2", "text": "Sam reads simple words.", "meets": ["b9"]})
    assert messages(content) == [
        "Section E, e2: say which need in B, C or D it meets",
        "Section E, e2: no provision in F, G or H serves it",
    ]


def test_provision_must_serve_an_outcome_and_be_quantified():
    content = complete()
    content["F"].append({"id": "f2", "text": "Access to support as needed", "serves": []})
    content["G"] = [{"id": "g1", "text": "Annual review by the paediatrician", "serves": ["e1"]}]
    assert messages(content) == [
        "Section F, f2: say which outcome in E it serves",
        "Section F, f2: say who provides it, how often and for how long",
    ]  # health provision need not be quantified the same way


def test_differences_are_listed_section_by_section_and_word_by_word():
    before, after = complete(), complete()
    after["F"][0]["hours_a_week"] = 5
    after["E"].append({"id": "e2", "text": "Sam asks for help.", "meets": ["b1"]})
    after["A"] = "Sam likes trains and buses and wants to drive one."
    changes = plan_content.differences(before, after)
    assert [(c.section, c.item, c.kind) for c in changes] == [
        ("A", None, "changed"),
        ("E", "e2", "added"),
        ("F", "f1", "changed"),
    ]
    hours = changes[2]
    assert ("removed", "2.5") in hours.words and ("added", "5") in hours.words
    assert changes[1].after == "Sam asks for help.; meets: b1"


def test_no_changes_between_identical_versions():
    assert plan_content.differences(complete(), complete()) == []
