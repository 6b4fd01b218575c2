"""A developer's machine and `make run`: SQLite in var/, debug pages, demo sign-ins."""

import os
import secrets

from frontdoor.config.settings.base import *  # noqa: F403
from frontdoor.config.settings.base import VAR_DIR, env_bool, env_list, env_mailer

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")


def _local_secret_key() -> str:
    """A key kept in var/ so sessions survive restarts without anyone having to set one."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
# Demo sign-ins have no authenticator app; production requires one for council staff.
FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR = env_bool("FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR", False)
# Email is printed to the console unless EMAIL_BACKEND names another backend.
MAILERS = {
    "default": env_mailer(
        os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    )
}
