import pytest

from frontdoor.support.levels import (
    INDICATOR_BY_CODE,
    INDICATORS,
    SUPPORT_LEVEL_DESCRIPTIONS,
    Route,
    SupportLevel,
    highest_level,
    is_referral,
    route_for,
    routes_allowed,
)


@pytest.mark.parametrize(
    ("level", "route"),
    [
        # Kent Support Level Guidance and the Integrated Front Door (domain doc §3.1-3.2).
        (1, Route.DISTRICT_CONVERSATION),
        (2, Route.DISTRICT_CONVERSATION),
        (3, Route.EARLY_HELP_UNIT),
        (4, Route.SOCIAL_WORK_TEAM),
    ],
)
def test_route_for_each_level(level, route):
    assert route_for(level) is route
    assert route_for(SupportLevel(level)) is route


def test_route_for_refuses_a_level_the_guidance_does_not_have():
    with pytest.raises(ValueError, match="5"):
        route_for(5)


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        (SupportLevel.UNIVERSAL, (Route.DISTRICT_CONVERSATION, Route.NO_FURTHER_ACTION)),
        (SupportLevel.ADDITIONAL, (Route.DISTRICT_CONVERSATION, Route.NO_FURTHER_ACTION)),
        (SupportLevel.INTENSIVE, (Route.EARLY_HELP_UNIT, Route.NO_FURTHER_ACTION)),
        # A child at risk of significant harm must go to a Social Work Team.
        (SupportLevel.SPECIALIST, (Route.SOCIAL_WORK_TEAM,)),
    ],
)
def test_routes_allowed(level, allowed):
    assert routes_allowed(level) == allowed


@pytest.mark.parametrize(
    ("route", "referral"),
    [
        (Route.SOCIAL_WORK_TEAM, True),
        ("social_work_team", True),  # as a model field stores it
        (Route.EARLY_HELP_UNIT, False),
        (Route.DISTRICT_CONVERSATION, False),
        (Route.NO_FURTHER_ACTION, False),
    ],
)
def test_only_the_social_work_route_makes_a_contact_a_referral(route, referral):
    assert is_referral(route) is referral


def test_labels_and_descriptions_cover_every_level():
    assert SupportLevel.INTENSIVE.label == "Level 3 – Intensive"
    assert set(SUPPORT_LEVEL_DESCRIPTIONS) == set(SupportLevel)
    assert "significant harm" in SUPPORT_LEVEL_DESCRIPTIONS[SupportLevel.SPECIALIST]


def test_indicators_are_well_formed():
    assert len(INDICATOR_BY_CODE) == len(INDICATORS), "codes are unique"
    for indicator in INDICATORS:
        assert indicator.code.startswith(f"l{indicator.level}-"), indicator.code
        assert indicator.about in ("child", "parent")
        assert indicator.text.startswith(("I ", "My ")), indicator.text
        assert indicator.text.endswith(".")


def test_indicators_cover_the_guidance():
    by_level_and_about = {(i.level, i.about) for i in INDICATORS}
    for level in (SupportLevel.ADDITIONAL, SupportLevel.INTENSIVE, SupportLevel.SPECIALIST):
        assert (level, "child") in by_level_and_about
        assert (level, "parent") in by_level_and_about
    # Every level 3 example the domain doc lists (§3.1).
    assert {
        "l3-persistent-absence",
        "l3-exclusion",
        "l3-developmental-delay",
        "l3-regularly-missing",
        "l3-pregnant-teenager",
        "l3-sexual-exploitation-risk",
        "l3-drugs-alcohol",
        "l3-significant-disability",
        "l3-homeless-16-17",
        "l3-young-carer",
        "l3-dental-decay",
        "l3-court-report",
        "l3-education-supervision-order",
        "l3-home-educated-welfare",
        "l3-pre-birth-assessment",
        "l3-chronic-neglect",
    } <= set(INDICATOR_BY_CODE)


@pytest.mark.parametrize(
    ("codes", "level"),
    [
        ([], None),
        (["l2-young-carer"], SupportLevel.ADDITIONAL),
        (["l2-young-carer", "l3-young-carer"], SupportLevel.INTENSIVE),
        # One level 4 indicator outweighs any number of lower ones.
        (["l2-poverty", "l4-sexual-abuse", "l3-chronic-neglect"], SupportLevel.SPECIALIST),
        (iter(["l3-parent-mental-health"]), SupportLevel.INTENSIVE),
    ],
)
def test_highest_level(codes, level):
    assert highest_level(codes) == level


def test_highest_level_names_an_unknown_code():
    with pytest.raises(ValueError, match="'l3-made-up'"):
        highest_level(["l2-young-carer", "l3-made-up"])
