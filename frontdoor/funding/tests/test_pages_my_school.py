"""A headteacher's view of the published schools block scenarios: their own school's line, as
the model works it out, and nothing of any other school's; the finance pages stay closed."""

import pytest
from django.urls import reverse

from frontdoor.core.models import User
from frontdoor.core.rounding import round_half_up
from frontdoor.funding import lff_policy, nff_values
from frontdoor.funding.schools_block import DATA_LFF, run_policy
from frontdoor.funding.services import scenario_publish

NFF = nff_values.load("2023-24")
URL = reverse("funding_my_school")
TARGETED = "Continue the targeted approach"


@pytest.fixture
def published(finance, examples, dataset):
    officer = User.objects.get(username="finance")
    return scenario_publish(by=officer, scenario=examples[TARGETED], dataset=dataset)


def _budget(schools, urn):
    run = run_policy(schools, lff_policy.load(DATA_LFF / "kent_2023-24_targeted.toml", NFF), NFF)
    return next(budget for budget in run.budgets if budget.school.urn == urn)


def _pounds(value) -> str:
    return f"{round_half_up(value, 0):,}"


def test_a_headteacher_sees_their_own_schools_line_only(published, client, persona, schools):
    client.force_login(persona("head_a"))
    page = client.get(URL).content.decode()
    school_a = _budget(schools, "990001")
    assert "Alder Primary School (URN 990001)" in page and TARGETED in page
    for figure in (school_a.budget_share, school_a.mfg_top_up, school_a.de_delegation,
                   school_a.final, school_a.per_pupil):  # fmt: skip
        assert _pounds(figure) in page
    school_b = _budget(schools, "990002")
    assert "Beech Academy" not in page and "990002" not in page
    assert _pounds(school_b.budget_share) not in page


def test_head_b_and_the_trust_see_school_b_not_school_a(published, client, persona, schools):
    for name in ("head_b", "trust_weald"):
        client.force_login(persona(name))
        page = client.get(URL).content.decode()
        assert "Beech Academy (URN 990002)" in page
        assert _pounds(_budget(schools, "990002").budget_share) in page
        assert "Alder Primary School" not in page and "990001" not in page


def test_nothing_is_shown_before_a_scenario_is_published(examples, dataset, client, persona):
    client.force_login(persona("head_a"))
    page = client.get(URL).content.decode()
    assert "has not published any proposals" in page and "990001" not in page


def test_unpublishing_takes_it_away(published, finance, client, persona):
    url = reverse("funding_lff_publish", kwargs={"lff_scenario_id": published.pk})
    finance.post(url, {"publish": "no"})
    client.force_login(persona("head_a"))
    page = client.get(URL).content.decode()
    assert "has not published any proposals" in page and "990001" not in page


def test_the_run_page_publishes_on_the_dataset_shown(finance, examples, dataset):
    scenario = examples[TARGETED]
    url = reverse("funding_lff_publish", kwargs={"lff_scenario_id": scenario.pk})
    response = finance.post(url, {"publish": "yes", "dataset": dataset.pk}, follow=True)
    scenario.refresh_from_db()
    assert scenario.published_at and scenario.published_dataset == dataset
    assert "Published to schools" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["funding_lff", "funding_lff_compare", "funding_datasets", "funding_home"]
)
def test_a_headteacher_cannot_open_the_finance_pages(published, client, persona, name):
    client.force_login(persona("head_a"))
    assert client.get(reverse(name)).status_code == 403
    run = reverse("funding_lff_scenario", kwargs={"lff_scenario_id": published.pk})
    assert client.get(run).status_code == 403
    assert client.get(run, {"download": "csv"}).status_code == 403


def test_finance_officers_have_no_school_view(finance):
    assert finance.get(URL).status_code == 403


def test_changing_a_published_scenario_takes_it_back_from_schools(published, finance):
    url = reverse("funding_scenario_toml", kwargs={"scenario_id": published.pk})
    page = finance.get(url).content.decode()
    assert "This scenario is published to schools" in page
    data = {"name": published.name, "description": "", "toml": published.body}
    finance.post(url, data)  # unchanged: still published
    published.refresh_from_db()
    assert published.published_at is not None
    finance.post(url, data | {"toml": published.body.replace("mfg_percent = 0.0", "")})
    published.refresh_from_db()
    assert published.published_at is None and published.published_dataset is None
