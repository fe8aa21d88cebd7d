"""``atr serve`` and ``atr web …``: run, set up, seed, check and export the network platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import ProjectOption
from atr.console import console
from atr.errors import UsageError

web = typer.Typer(
    help="The network platform (Django): set up its database, seed a demo, check it, export it.\n\n"
    "Example: [bold]atr web migrate && atr web demo && atr serve[/bold]",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    from atr.platform.directory.cli import register as register_directory

    app.command("serve")(serve_command)
    register_directory(web)
    app.add_typer(web, name="web")


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="gunicorn worker processes.")] = 2,
    threads: Annotated[
        int, typer.Option("--threads", min=1, max=64, help="Threads per worker (overlap database waits).")
    ] = 4,
    project: ProjectOption = None,
) -> None:
    """Serve the network platform with gunicorn (static files by WhiteNoise).

    The database comes from $ATR_DATABASE_URL, else [web] database_url in the project file, else
    platform.sqlite3 in the project folder. Run `atr web migrate` first.

    Example: [bold]atr serve --host 127.0.0.1 --port 8000[/bold]
    """
    from atr.platform.runtime import start_django

    chosen = start_django(project)
    _require_migrated()
    console.print(f"ATR Network on http://{host}:{port}/ (database {chosen.shown_database})")
    access_log = "-" if os.environ.get("ATR_WEB_ACCESS_LOG") == "1" else "/dev/null"
    args = [sys.executable, "-m", "gunicorn", "atr.platform.wsgi:application"]
    args += ["--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads)]
    args += ["--access-logfile", access_log, "--log-level", "warning"]
    args += ["--timeout", "120"]  # a 50,000-row completions upload may take most of 30 s (#16)
    sys.stdout.flush()
    os.execve(sys.executable, args, dict(os.environ))


def _require_migrated() -> None:
    from atr.platform.runtime import require_migrated

    require_migrated()


@web.command("migrate")
def migrate_command(project: ProjectOption = None) -> None:
    """Create or update the platform's tables (safe to run again).

    Example: [bold]atr web migrate[/bold]
    """
    from django.core.management import call_command

    from atr.platform.runtime import start_django

    chosen = start_django(project)
    call_command("migrate", interactive=False, verbosity=0)
    console.print(f"database ready: {chosen.shown_database}")


@web.command("createadmin")
def createadmin_command(
    email: Annotated[str, typer.Option("--email", help="Sign-in email of the administrator.")],
    password_file: Annotated[
        Path, typer.Option("--password-file", help="File holding the password (first line).", exists=False)
    ],
    project: ProjectOption = None,
) -> None:
    """Create (or reset) a programme-team administrator who may also use Django's admin.

    The password is read from a file so it never appears in the shell history or process list.

    Example: [bold]atr web createadmin --email lead@example.org --password-file secrets/admin.txt[/bold]
    """
    from atr.platform.runtime import start_django

    start_django(project)
    from atr.platform.network.accounts import create_admin

    created = create_admin(email, password_file)
    console.print(f"{'created' if created else 'updated'} administrator {email.strip().lower()}")


@web.command("demo")
def demo_command(
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same network.")
    ] = 15,
    organisations: Annotated[int, typer.Option("--organisations", min=5)] = 60,
    members: Annotated[int, typer.Option("--members", min=5)] = 220,
    pledges: Annotated[int, typer.Option("--pledges", min=0)] = 140,
    events: Annotated[int, typer.Option("--events", min=0)] = 48,
    services: Annotated[
        int, typer.Option("--services", min=0, help="Synthetic directory services (0: none).")
    ] = 600,
    replace: Annotated[bool, typer.Option("--replace", help="Delete the network's records first.")] = False,
    project: ProjectOption = None,
) -> None:
    """Seed a synthetic network (invented people and organisations) and service directory.

    Example: [bold]atr web demo --seed 15[/bold]
    """
    from atr.platform.runtime import start_django

    start_django(project)
    _require_migrated()
    from atr.platform.network.demo import DemoSize, seed_network

    size = DemoSize(organisations=organisations, members=members, pledges=pledges, events=events)
    from atr.platform.network.demo import AS_OF
    from atr.platform.workforce.demo import seed_workforce

    made = seed_network(seed=seed, size=size, replace=replace)
    completions = seed_workforce(seed=seed, as_of=AS_OF)
    console.print(
        f"seeded {made.organisations} organisations, {made.members} members, {made.pledges} pledges, "
        f"{made.events} events, {made.groups} groups, {completions} training completions (seed {seed}); "
        "all invented"
    )
    if services:
        from atr.platform.directory.cli import seed_demo_directory

        console.print(seed_demo_directory(seed, services, replace))


@web.command("check")
def check_command(project: ProjectOption = None) -> None:
    """Run Django's deployment checks with production settings; fail on any warning.

    Example: [bold]atr web check --project atr.toml[/bold]
    """
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from atr.platform.runtime import start_django

    start_django(project, production=True)
    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as exc:
        raise UsageError(f"deployment checks failed:\n{exc}") from exc
    console.print("deployment checks passed (production settings)")


@web.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Extract folder; network/ is written inside it.")],
    project: ProjectOption = None,
) -> None:
    """Write the observatory's `network` extract: organisations, pledges, events, counts (no people).

    Example: [bold]atr web export --out build/extract[/bold]
    """
    from atr.platform.runtime import start_django

    start_django(project)
    _require_migrated()
    from atr.platform.network.export import export_network

    folder = export_network(out)
    console.print(f"wrote {folder}")
