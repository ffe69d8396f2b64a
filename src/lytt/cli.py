"""The `lytt` command: one entry point for operators and developers."""

from __future__ import annotations

import os
import sys
from typing import Any

import click


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytt.settings")
    import django

    from lytt.lib.env import ConfigError

    try:
        django.setup()
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from exc


def _manage(*args: str) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args)


def _migrate(*args: str) -> None:
    """Migrate every database: the main one and, on SQLite, the intake journal."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    for alias in settings.DATABASES:
        call_command("migrate", "--noinput", "--database", alias, *args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lytt")
def main() -> None:
    """Lytt: listen to every customer, catch the bad experiences and recover them."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", "-w", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker.")
@click.option("--no-static", is_flag=True, help="Skip collecting static files before serving.")
@click.option(
    "--with-worker",
    is_flag=True,
    help="Also run one background worker (`lytt worker`) for as long as the server runs.",
)
def serve(
    host: str, port: int, workers: int, threads: int, no_static: bool, with_worker: bool
) -> None:
    """Serve Lytt with the production server (gunicorn)."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    if not no_static and not (settings.DEBUG or settings.TESTING):
        call_command("collectstatic", "--noinput", verbosity=0)
    if with_worker:
        import atexit
        import subprocess

        # At a lower CPU priority: web requests come first, the worker catches up.
        job = subprocess.Popen(
            [sys.executable, "-c", "from lytt.cli import main; main()", "worker"],
            preexec_fn=lambda: os.nice(10),  # before any thread is started
        )
        server_pid = os.getpid()

        def stop_job() -> None:
            # gunicorn's forked web workers run atexit handlers too: only the server stops it.
            if os.getpid() == server_pid:
                job.terminate()

        atexit.register(stop_job)
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            cfg: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread" if threads > 1 else "sync",
                "accesslog": None,
                "timeout": 60,
                "graceful_timeout": 10,
                "keepalive": 5,
            }
            for key, value in cfg.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from lytt.wsgi import application

            return application

    click.echo(f"Lytt listening on http://{host}:{port}/", err=True)
    Server().run()


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _migrate()


@main.command()
@click.option("--email", required=True, help="E-mail (login) of the administrator.")
@click.option("--organisation", "org_name", required=True, help="Organisation name.")
@click.option("--slug", default=None, help="Short name of the organisation.")
@click.option("--password", default=None, help="Password (asked for when left out).")
def createadmin(email: str, org_name: str, slug: str | None, password: str | None) -> None:
    """Create an organisation and its first administrator."""
    _django()
    from django.core.exceptions import ValidationError
    from django.utils.text import slugify

    from lytt.accounts import actions
    from lytt.accounts.models import Organisation, Role

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        org = Organisation.objects.filter(slug=slug or slugify(org_name)).first()
        if org is None:
            org = actions.do_create_organisation(
                None, name=org_name, slug=slug or slugify(org_name) or "org"
            )
        actions.do_create_user(
            None, org, email=email, name=email, role=Role.ADMIN, password=password
        )
    except ValidationError as exc:
        raise click.ClickException(" ".join(exc.messages)) from exc
    click.echo(f"Created administrator {email} in {org.name}.")


@main.command()
@click.option("--seed", default=7, show_default=True, type=int, help="Seed for the demo data.")
@click.option(
    "--fresh/--keep", default=True, show_default=True, help="Delete earlier demo data first."
)
def demo(seed: int, fresh: bool) -> None:
    """Migrate and load realistic demo data, then print the demo logins."""
    _migrate("--verbosity", "0")
    from lytt.demo import load_demo

    logins = load_demo(seed=seed, fresh=fresh, echo=lambda m: click.echo(m, err=True))
    click.echo("\nDemo logins (password for all: %s)" % logins.password)
    for persona in logins.personas:
        click.echo(f"  {persona.email:<32} {persona.description}")


@main.command()
@click.option("--deploy", is_flag=True, help="Also run the production deployment checks.")
def check(deploy: bool) -> None:
    """Run Django's system checks."""
    _manage("check", *(["--deploy", "--fail-level", "WARNING"] if deploy else []))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def worker(args: tuple[str, ...]) -> None:
    """Run background jobs (django-tasks database worker). Extra options pass through.

    Beside it, a thread stores API submissions from the intake journal as they arrive
    (and, first, whatever a killed worker left pending) and reads new free-text answers
    with the text engine."""
    _django()
    import threading

    from lytt.feedback.tasks import intake_forever

    stop = threading.Event()
    journal = threading.Thread(target=intake_forever, args=(stop,), name="intake", daemon=True)
    journal.start()
    try:
        _manage("db_worker", *args)
    finally:
        stop.set()
        journal.join(timeout=30)


@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def analyze(args: tuple[str, ...]) -> None:
    """Analyse customer texts, one per line (see `lytt analyze --help`). No database needed."""
    from lytt.text.cli import main as text_main

    sys.exit(text_main(list(args)))


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="File to write (default: var/backups/lytt-<time>.sqlite3 or .dump).",
)
def backup(output: str | None) -> None:
    """Write a consistent online backup of the database (SQLite file copy or pg_dump)."""
    _django()
    from lytt.lib.backup import backup_database

    path = backup_database(output)
    click.echo(f"Backup written to {path}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (for operators)."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lytt manage", *args])


if __name__ == "__main__":
    main()
