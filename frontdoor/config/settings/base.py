"""Settings shared by every environment. Everything that differs between machines comes from the
environment (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, ...); the dev/test/production modules only
choose defaults and switch safety features on."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("FRONTDOOR_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_mailer(backend: str) -> dict:
    """A MAILERS entry for `backend`. An SMTP server comes from EMAIL_HOST, EMAIL_PORT (587),
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (on) and EMAIL_TIMEOUT (10 seconds: a
    notification is sent while the person who caused it waits for their page)."""
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        return {"BACKEND": backend}
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": float(os.environ.get("EMAIL_TIMEOUT", "10")),
        },
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "frontdoor.core.apps.FrontDoorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "frontdoor.core",
    "frontdoor.schools",
    "frontdoor.pupils",
    "frontdoor.attendance",
    "frontdoor.support",
    "frontdoor.funding",
    "frontdoor.send",
    "frontdoor.reports",
    "frontdoor.web",
    "frontdoor.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontdoor.core.middleware.SignInRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "frontdoor.config.urls"
WSGI_APPLICATION = "frontdoor.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdoor.web.context_processors.service",
            ],
            "builtins": [
                "frontdoor.web.templatetags.govuk",
                "frontdoor.web.templatetags.frontdoor",
                "django.contrib.humanize.templatetags.humanize",
            ],
        },
    },
]
FORM_RENDERER = "frontdoor.web.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontdoor.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long import writes; IMMEDIATE avoids lock upgrades.
    # Connections persist (conn_max_age above) as on PostgreSQL: opening one costs 2.5 ms, a
    # tenth of a dashboard request. Writers take turns: under load (bench_submissions.py, 200
    # people at once on 2 cores) a write waited more than sqlite3's default 5 s for its turn and
    # failed with "database is locked"; it now waits up to 20 s.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Sign-in ------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC guidance: length over complexity rules; 12 characters lets three random words through.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# scrypt is memory-hard and, here, 4x quicker per sign-in than PBKDF2's 1.5M rounds (0.24 s
# against 1.06 s); PBKDF2 stays to verify (and upgrade) any older hash. See ADR 0002.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Failed sign-ins allowed in the window before the account (or the address) is locked out.
FRONTDOOR_LOGIN_FAILURES_PER_USER = 5
FRONTDOOR_LOGIN_FAILURES_PER_ADDRESS = 20
FRONTDOOR_LOGIN_LOCKOUT_MINUTES = 15
# Requests for Support each account may start, and submit, in an hour; and submissions from one
# address (a school's or an agency's network shares one). Refused with a 429 page beyond them.
FRONTDOOR_SUPPORT_DRAFTS_PER_ACCOUNT = int(
    os.environ.get("FRONTDOOR_SUPPORT_DRAFTS_PER_ACCOUNT", "60")
)
FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ACCOUNT = int(
    os.environ.get("FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ACCOUNT", "20")
)
FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS = int(
    os.environ.get("FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS", "60")
)
# A draft request unchanged this many days is deleted (support.retention).
FRONTDOOR_SUPPORT_DRAFT_DAYS = int(os.environ.get("FRONTDOOR_SUPPORT_DRAFT_DAYS", "30"))
# Council staff must use a second factor. Production turns this on; see production.py.
FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR = env_bool("FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR", True)
OTP_TOTP_ISSUER = os.environ.get("FRONTDOOR_SERVICE_NAME", "Front Door")

# Sessions and cookies -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402  (settings read top to bottom)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# Static files: GOV.UK Frontend is built by `npm run build` into web/static/dist -------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Documents attached to Requests for Support: outside the web root, never given a URL; they
# are served only by a view that checks who is asking (support/views_documents.py).
ATTACHMENTS_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": Path(os.environ.get("FRONTDOOR_ATTACHMENTS", VAR_DIR / "attachments")),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": ATTACHMENTS_STORAGE,
}

# Caches: "default" is each process's own memory (the dashboards' rendered figures). "shared" is
# a directory every process of the deployment reads: figures worked out once for everyone, such
# as the inclusion dashboard's (`frontdoor send inclusion` works them out ahead of the day).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(os.environ.get("FRONTDOOR_SHARED_CACHE", VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
}

# The service ---------------------------------------------------------------------------------
FRONTDOOR_SERVICE_NAME = os.environ.get("FRONTDOOR_SERVICE_NAME", "Front Door")
FRONTDOOR_COUNCIL_NAME = os.environ.get("FRONTDOOR_COUNCIL_NAME", "Kent County Council")
# Where links in emails point: the address people use to reach this service.
FRONTDOOR_BASE_URL = os.environ.get("FRONTDOOR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
FRONTDOOR_SHARED_DATA = Path(os.environ.get("FRONTDOOR_SHARED_DATA", BASE_DIR.parent / "shared"))
# The register marks store (Parquet, versioned; see docs/adr/0005).
FRONTDOOR_MARKS_STORE = Path(os.environ.get("FRONTDOOR_MARKS_STORE", VAR_DIR / "marks"))
# The dashboards' attendance summaries, rebuilt for each version of the marks store.
FRONTDOOR_SUMMARIES = Path(os.environ.get("FRONTDOOR_SUMMARIES", VAR_DIR / "summaries"))

# Email: notifications (frontdoor/core/notifications.py) go through the "default" mailer, which
# dev.py, test.py and production.py each choose. Django 6.1 configures mail with MAILERS (its
# EMAIL_* settings are deprecated); the environment keeps the EMAIL_* names (see env_mailer).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Front Door <no-reply@frontdoor.invalid>")

# Logs carry no personal data: query strings (searches by name) are cut from request logs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "frontdoor.core.logging.RedactQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "frontdoor": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
