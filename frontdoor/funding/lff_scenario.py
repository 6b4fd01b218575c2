"""A schools block scenario: a local formula policy (frontdoor/funding/lff_policy.py) that names
its year, so that the pages know which NFF values to run it against. The policy's own checks
then apply; an unknown year is a problem on `year`."""

from frontdoor.funding import lff_policy, nff_values
from frontdoor.funding.lff_policy import Policy
from frontdoor.funding.toml_reader import TomlInputError


def parse(data: dict, *, source: str) -> Policy:
    year = data.get("year")
    if year is None:
        raise TomlInputError([f"{source}: year: missing (one of {', '.join(nff_values.years())})"])
    try:
        nff = nff_values.load(str(year))
    except nff_values.UnknownYear as unknown:
        raise TomlInputError([f"{source}: year: {unknown}"]) from None
    return lff_policy.parse(data, nff, source=source)


def nff_of(policy: Policy) -> nff_values.NffYear:
    """The NFF year a parsed scenario's policy is for (it always names one)."""
    return nff_values.load(policy.year)
