from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "frontdoor.core"
    label = "core"
    verbose_name = "Users and audit"


class FrontDoorAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "frontdoor.core.admin_site.FrontDoorAdminSite"
