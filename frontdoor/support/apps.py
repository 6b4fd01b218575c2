from django.apps import AppConfig


class SupportConfig(AppConfig):
    default = True
    name = "frontdoor.support"
    label = "support"
    verbose_name = "The Front Door"
