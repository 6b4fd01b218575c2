"""The demo's funding scenarios: the shipped examples, the demo finance officer's, loaded once."""

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.demo.funding import funding_scenarios_save
from frontdoor.funding.models import Scenario


def test_the_shipped_examples_are_saved_once(db):
    officer = User.objects.create_user(username="finance.officer", role=Role.FINANCE)
    assert funding_scenarios_save() == {"funding scenarios": 3}
    assert set(Scenario.objects.values_list("kind", "created_by")) == {
        ("high_needs", officer.pk),
        ("ap_model", officer.pk),
    }
    assert funding_scenarios_save() == {"funding scenarios": 0}
