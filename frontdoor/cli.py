"""The `frontdoor` command: Django's management commands with the settings preset.

`frontdoor demo`, `frontdoor import_gias FILE`, `frontdoor migrate`, `frontdoor runserver`, ...
DJANGO_SETTINGS_MODULE still wins when it is set (production sets it to ...settings.production).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["frontdoor", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
