from django.apps import AppConfig


class FundingConfig(AppConfig):
    default = True
    name = "frontdoor.funding"
    label = "funding"
    verbose_name = "Funding models"
