from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "frontdoor.core"
    label = "core"
    verbose_name = "Users and audit"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from frontdoor.core.two_factor import authenticator_changed

        post_save.connect(authenticator_changed, sender=TOTPDevice)
        post_delete.connect(authenticator_changed, sender=TOTPDevice)


class FrontDoorAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "frontdoor.core.admin_site.FrontDoorAdminSite"
