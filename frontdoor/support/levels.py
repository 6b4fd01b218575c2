"""The Kent Support Level Guidance and the Front Door's routing rule.

Kent replaced its Threshold Criteria with four Support Levels on 1 October 2018, when the
Integrated Front Door opened (../shared/domain/support_and_send.md §3.1-3.2). Only levels 3 and 4
come through the Front Door: level 3 goes to an Early Help unit, level 4 to a Children's Social
Work Team; needs at levels 1 and 2 are met in the community, with advice from the local Early
Help team in a District Conversation. The indicators are the guidance's examples, written as the
child or the parent would say them; they inform a practitioner's judgement, they do not replace it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db import models


class SupportLevel(models.IntegerChoices):
    UNIVERSAL = 1, "Level 1 – Universal"
    ADDITIONAL = 2, "Level 2 – Additional"
    INTENSIVE = 3, "Level 3 – Intensive"
    SPECIALIST = 4, "Level 4 – Specialist"


SUPPORT_LEVEL_DESCRIPTIONS: dict[SupportLevel, str] = {
    SupportLevel.UNIVERSAL: (
        "Services routinely available to all children and families: schools, early years, "
        "health, housing, youth, leisure and the voluntary sector."
    ),
    SupportLevel.ADDITIONAL: "Additional needs that need extra help to improve outcomes.",
    SupportLevel.INTENSIVE: (
        "Complex or multiple needs that need local authority services to work with universal "
        "services to assess, plan and work with the family, including intensive family "
        "support, early help and child in need services."
    ),
    SupportLevel.SPECIALIST: (
        "The child has suffered, or is likely to suffer, significant harm from abuse or "
        "neglect, and needs child protection or care."
    ),
}


class Route(models.TextChoices):
    DISTRICT_CONVERSATION = (
        "district_conversation",
        "Signposting and a District Conversation with the local Early Help team",
    )
    EARLY_HELP_UNIT = "early_help_unit", "An Early Help unit"
    SOCIAL_WORK_TEAM = (
        "social_work_team",
        "A Children’s Social Work Team, for a strategy discussion",
    )
    NO_FURTHER_ACTION = "no_further_action", "No further action"


_ROUTE_FOR_LEVEL = {
    SupportLevel.UNIVERSAL: Route.DISTRICT_CONVERSATION,
    SupportLevel.ADDITIONAL: Route.DISTRICT_CONVERSATION,
    SupportLevel.INTENSIVE: Route.EARLY_HELP_UNIT,
    SupportLevel.SPECIALIST: Route.SOCIAL_WORK_TEAM,
}


def route_for(level: int) -> Route:
    """Where a request at `level` goes; levels 1-2 are not for the Front Door, so the referrer
    is signposted and offered a District Conversation."""
    return _ROUTE_FOR_LEVEL[SupportLevel(level)]


def routes_allowed(level: int) -> tuple[Route, ...]:
    """The decisions a practitioner may record at `level`: its route, or no further action,
    except at level 4, where the child is at risk of significant harm and so must go to a
    Social Work Team."""
    route = route_for(level)
    if route is Route.SOCIAL_WORK_TEAM:
        return (route,)
    return (route, Route.NO_FURTHER_ACTION)


def is_referral(route: str) -> bool:
    """Whether a decision makes the request a *referral* in the children in need census's
    sense. Every request is a *contact*; it becomes a referral only when children's social
    care accepts it for assessment, which here means the Social Work Team route. Early help
    and District Conversations stay contacts, so they do not count in referral or re-referral
    figures."""
    return route == Route.SOCIAL_WORK_TEAM


@dataclass(frozen=True)
class Indicator:
    code: str
    level: SupportLevel
    about: Literal["child", "parent"]
    text: str


_L2, _L3, _L4 = SupportLevel.ADDITIONAL, SupportLevel.INTENSIVE, SupportLevel.SPECIALIST

INDICATORS: tuple[Indicator, ...] = (
    # Level 2 – Additional
    Indicator("l2-occasional-absence", _L2, "child", "I am sometimes absent from school."),
    Indicator("l2-suspensions", _L2, "child", "I have had some suspensions from school."),
    Indicator("l2-young-carer", _L2, "child", "I am a young carer with some jobs at home."),
    Indicator(
        "l2-developmental-milestones",
        _L2,
        "child",
        "I am not reaching my developmental milestones.",
    ),
    Indicator(
        "l2-communication",
        _L2,
        "child",
        "I have difficulties with language or communication.",
    ),
    Indicator(
        "l2-low-level-mental-health",
        _L2,
        "child",
        "I have low-level mental health or emotional difficulties, or I self-harm.",
    ),
    Indicator(
        "l2-challenging-behaviour",
        _L2,
        "child",
        "My behaviour is disruptive or challenging.",
    ),
    Indicator(
        "l2-risky-online",
        _L2,
        "child",
        "My use of the internet is becoming risky.",
    ),
    Indicator(
        "l2-parenting-struggle",
        _L2,
        "parent",
        "I am struggling to meet my child’s needs and would like some help.",
    ),
    Indicator(
        "l2-poverty",
        _L2,
        "parent",
        "I cannot afford what my child needs, and it is holding back their development.",
    ),
    # Level 3 – Intensive
    Indicator(
        "l3-persistent-absence",
        _L3,
        "child",
        "I am persistently absent from school without permission, or I am not in education, "
        "employment or training.",
    ),
    Indicator(
        "l3-exclusion",
        _L3,
        "child",
        "I am at risk of permanent exclusion, or I have been permanently excluded.",
    ),
    Indicator(
        "l3-developmental-delay",
        _L3,
        "child",
        "I have a serious delay in my development.",
    ),
    Indicator(
        "l3-regularly-missing",
        _L3,
        "child",
        "I regularly go missing from home or from school.",
    ),
    Indicator(
        "l3-pregnant-teenager",
        _L3,
        "child",
        "I am a pregnant teenager and there are serious concerns about me.",
    ),
    Indicator(
        "l3-sexual-exploitation-risk",
        _L3,
        "child",
        "I am vulnerable to sexual exploitation.",
    ),
    Indicator(
        "l3-drugs-alcohol",
        _L3,
        "child",
        "I am vulnerable because of my use of drugs or alcohol.",
    ),
    Indicator(
        "l3-significant-disability",
        _L3,
        "child",
        "I have a significant disability and need professional support.",
    ),
    Indicator(
        "l3-homeless-16-17",
        _L3,
        "child",
        "I am 16 or 17, homeless and in need.",
    ),
    Indicator(
        "l3-young-carer",
        _L3,
        "child",
        "I am a young carer and caring is harming how I do.",
    ),
    Indicator(
        "l3-dental-decay",
        _L3,
        "child",
        "I have significant tooth decay that has not been treated.",
    ),
    Indicator(
        "l3-court-report",
        _L3,
        "child",
        "I am the subject of a court report under section 7 or section 37 of the Children "
        "Act 1989.",
    ),
    Indicator(
        "l3-education-supervision-order",
        _L3,
        "child",
        "I am on an Education Supervision Order.",
    ),
    Indicator(
        "l3-home-educated-welfare",
        _L3,
        "child",
        "I am educated at home and there are concerns about my welfare.",
    ),
    Indicator(
        "l3-pre-birth-assessment",
        _L3,
        "child",
        "I am an unborn baby and I need a pre-birth risk assessment.",
    ),
    Indicator("l3-chronic-neglect", _L3, "child", "I have been neglected for a long time."),
    Indicator(
        "l3-parent-mental-health",
        _L3,
        "parent",
        "My mental health makes it hard for me to care for my child.",
    ),
    Indicator(
        "l3-parent-substance-misuse",
        _L3,
        "parent",
        "My use of drugs or alcohol affects how I care for my child.",
    ),
    Indicator(
        "l3-parent-domestic-abuse",
        _L3,
        "parent",
        "I live with domestic abuse and it affects my child.",
    ),
    # Level 4 – Specialist
    Indicator(
        "l4-physical-abuse",
        _L4,
        "child",
        "I have an injury that someone caused on purpose, or I am at risk of one.",
    ),
    Indicator(
        "l4-sexual-abuse",
        _L4,
        "child",
        "I have been sexually abused, or I am at risk of sexual abuse.",
    ),
    Indicator(
        "l4-sexual-exploitation",
        _L4,
        "child",
        "I am being sexually or criminally exploited.",
    ),
    Indicator(
        "l4-severe-neglect",
        _L4,
        "child",
        "I am so neglected that I have suffered, or am likely to suffer, significant harm.",
    ),
    Indicator(
        "l4-no-carer",
        _L4,
        "child",
        "I have no parent or carer able to look after me.",
    ),
    Indicator(
        "l4-fgm-forced-marriage",
        _L4,
        "child",
        "I am at risk of female genital mutilation or forced marriage.",
    ),
    Indicator(
        "l4-parent-cannot-keep-safe",
        _L4,
        "parent",
        "I cannot keep my child safe from significant harm.",
    ),
)

INDICATOR_BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def highest_level(codes: Iterable[str]) -> SupportLevel | None:
    """The highest level among the indicators chosen, or None if none were: one level 4
    indicator is enough to need a Social Work Team, however many lower ones there are."""
    levels = []
    for code in codes:
        if code not in INDICATOR_BY_CODE:
            raise ValueError(f"{code!r} is not a Support Level Guidance indicator.")
        levels.append(INDICATOR_BY_CODE[code].level)
    return max(levels, default=None)
