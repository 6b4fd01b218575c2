"""`frontdoor demo_signins`: how to sign in to the demo county (prints the password)."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from frontdoor.demo.users import DEFAULT_BASE_URL, DemoPasswordError, demo_password, demo_signins


class Command(BaseCommand):
    help = "Print the demo sign-ins, their password and where to sign in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"where the service runs (default {DEFAULT_BASE_URL})",
        )

    def handle(self, *args, **options):
        signins = demo_signins()
        if not signins:
            raise CommandError("There are no demo users yet: run `frontdoor demo` first.")
        try:
            password, source = demo_password(create=False)
        except DemoPasswordError as error:
            raise CommandError(str(error)) from None
        columns = ("Username", "Role", "Scope")
        rows = [(s.username, s.role, s.scope) for s in signins]
        first, second = (max(len(row[i]) for row in [columns, *rows]) for i in range(2))
        for username, role, scope in [columns, ("-" * first, "-" * second, "-----"), *rows]:
            self.stdout.write(f"  {username:<{first}}  {role:<{second}}  {scope}")
        self.stdout.write("")
        self.stdout.write(f"Password for every demo user: {password}  (from {source})")
        sign_in = options["base_url"].rstrip("/") + reverse("login")
        self.stdout.write(f"Sign in at {sign_in}")
