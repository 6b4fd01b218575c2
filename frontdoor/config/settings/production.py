"""Production: every secret from the environment, HTTPS only, two-factor for council staff."""

import os

from django.core.exceptions import ImproperlyConfigured

from frontdoor.config.settings.base import *  # noqa: F403
from frontdoor.config.settings.base import ATTACHMENTS_STORAGE, env_list, env_mailer

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the service answers on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR = True
# Email goes to the SMTP server named by EMAIL_HOST and friends (see env_mailer in base.py).
MAILERS = {"default": env_mailer("django.core.mail.backends.smtp.EmailBackend")}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-frontdoor-session"
CSRF_COOKIE_NAME = "__Host-frontdoor-csrf"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "attachments": ATTACHMENTS_STORAGE,
}

# Static files are served by the application itself (compressed, cache-busted) behind the proxy.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405  SecurityMiddleware first
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
