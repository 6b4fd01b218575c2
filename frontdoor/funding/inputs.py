"""Each kind of scenario's TOML read into its model's input, and the examples shipped with each
(frontdoor/funding/data/). Saving a scenario and showing one both go through `parse_body`, so a
saved scenario always runs."""

from dataclasses import dataclass
from pathlib import Path

from frontdoor.funding import ap_scenario, high_needs_scenario, lff_scenario
from frontdoor.funding.models import Scenario
from frontdoor.funding.toml_reader import TomlInputError, parse_toml_text

DATA = Path(__file__).parent / "data"
SOURCE = "scenario"  # how problems name the text: "scenario: years: 0 is not between 1 and 50"

PARSERS = {
    Scenario.Kind.HIGH_NEEDS: high_needs_scenario.parse,
    Scenario.Kind.AP_MODEL: ap_scenario.parse,
    Scenario.Kind.LFF: lff_scenario.parse,
}


@dataclass(frozen=True)
class Example:
    kind: str
    name: str
    description: str
    file: str

    @property
    def body(self) -> str:
        return (DATA / self.file).read_text(encoding="utf-8")


EXAMPLES = (
    Example(
        Scenario.Kind.HIGH_NEEDS,
        "Current trajectory",
        "No transfer from the schools block, no Safety Valve, no reforms: the deficit heads for "
        "about £659m by 2027-28 (the 2022 Schools Forum slides).",
        "high_needs_current_trajectory.toml",
    ),
    Example(
        Scenario.Kind.HIGH_NEEDS,
        "Safety Valve",
        "The DfE and council contributions, a 1% transfer from the schools block and demand "
        "brought under control, so that in-year spend meets grant by 2027-28.",
        "high_needs_safety_valve.toml",
    ),
    Example(
        Scenario.Kind.HIGH_NEEDS,
        "0% growth with a 0.5% transfer each year",
        "The 2018 briefing's second forecast: placements held at their 2022-23 numbers and an "
        "additional 0.5% of the schools block moved to high needs every year.",
        "high_needs_half_percent_transfer.toml",
    ),
    Example(
        Scenario.Kind.AP_MODEL,
        "2018 consultation, delegated option",
        "The 2018 PRU funding model consultation's table: 0.42% of KS3+KS4 pupils as PRU places "
        "at £18k a place, the rest of each district's share devolved to schools.",
        "ap_model_2018.toml",
    ),
    Example(
        Scenario.Kind.AP_MODEL,
        "Devolved on PAN, an illustration",
        "The consultation's devolved option on PAN with a deprivation weight, a selective "
        "school's share reallocated and a penalty, on two invented districts small enough to "
        "check by hand.",
        "ap_model_devolved_on_pan.toml",
    ),
    Example(
        Scenario.Kind.LFF,
        "Continue the targeted approach",
        "The 2023-24 consultation's option 1: every factor at the NFF value but basic "
        "entitlement (99%) and FSM6 (58% primary, 72% secondary), mobility in full, and the 1% "
        "transfer to high needs found by moving those two together.",
        "lff/kent_2023-24_targeted.toml",
    ),
    Example(
        Scenario.Kind.LFF,
        "Spread the reduction across all factors",
        "The 2023-24 consultation's option 2: the 1% transfer to high needs taken from every "
        "factor but the minimum per pupil levels by the same share.",
        "lff/kent_2023-24_shared.toml",
    ),
)


def examples_of(kind: str) -> list[Example]:
    return [example for example in EXAMPLES if example.kind == kind]


def parse_body(kind: str, body: str):
    """The model's input from a scenario's TOML; TomlInputError listing every problem as
    `scenario: key.path: problem`."""
    if kind not in PARSERS:
        raise TomlInputError([f"{SOURCE}: these scenarios cannot be run from the pages yet"])
    return PARSERS[kind](parse_toml_text(body, source=SOURCE), source=SOURCE)


def problem_parts(problem: str) -> tuple[str | None, str]:
    """("demand.special.pupils", "-5 is negative") from "scenario: demand.special.pupils: -5 is
    negative"; (None, the whole) when the problem names no key."""
    text = problem.removeprefix(f"{SOURCE}: ")
    key, separator, message = text.partition(": ")
    if separator and key and " " not in key:
        return key, message
    return None, text
