from django.apps import AppConfig


class SendConfig(AppConfig):
    default = True
    name = "frontdoor.send"
    label = "send"
    verbose_name = "SEND casework"
