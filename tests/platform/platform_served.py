"""A real platform for the browser and command-line tests: `atr web …` and `atr serve` in subprocesses.

Everything runs as a user would run it, in a temporary project folder with its own SQLite file,
so these tests share nothing with the pytest-django test database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple 7"
DEMO = ["--seed", "5", "--organisations", "20", "--members", "40", "--pledges", "30", "--events", "10"]

# Accounts with known passwords, made through the ORM as the programme team would in the admin.
_ACCOUNTS = """
import sys
from pathlib import Path
from typing import Any
from atr.platform.runtime import start_django
start_django(None)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from atr.platform.network.models import Event, Member, Membership, Organisation, Registration
password = sys.argv[1]
User = get_user_model()
lead = User.objects.create_user("lead@example.org", "lead@example.org", password)
member = Member.objects.create(user=lead, display_name="Lena Lead", listed=True)
Membership.objects.create(member=member, organisation=Organisation.objects.order_by("pk").first(), is_lead=True)
Registration.objects.create(event=Event.objects.get(pk=2), member=member)  # so may give feedback on it
auditor = User.objects.create_user("auditor@example.org", "auditor@example.org", password)
auditor.groups.add(Group.objects.get(name="auditor"))
"""


def environment(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATR_", "DJANGO_"))}
    env["PYTHONPATH"] = str(REPO)
    env["ATR_QUIET"] = "1"
    return env


def atr(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "atr", *args],
        cwd=project,
        env=environment(project),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"atr {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def set_up(project: Path) -> None:
    """Tables, the demo network, an administrator, a lead and an auditor."""
    project.mkdir(parents=True, exist_ok=True)
    atr(project, "web", "migrate")
    atr(project, "web", "demo", *DEMO)
    (project / "admin-password.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    atr(project, "web", "createadmin", "--email", "team@example.org", "--password-file", "admin-password.txt")
    subprocess.run(
        [sys.executable, "-c", _ACCOUNTS, PASSWORD],
        cwd=project,
        env=environment(project),
        check=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Served:
    root: str
    project: Path


@contextmanager
def serve(project: Path) -> Iterator[Served]:
    """`atr serve` (gunicorn, 2 workers) on a free port until the block ends."""
    port = free_port()
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "atr", "serve", "--port", str(port)],
        cwd=project,
        env=environment(project),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    root = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(root, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((project / "serve.log").read_text(encoding="utf-8")) from None
                time.sleep(0.5)
        yield Served(root, project)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def submit(page: Any, button: str) -> None:
    """Press a form's button and wait until the page it leads to has loaded.

    A click returns once the navigation has started; reading the page before the answer has
    loaded can find an empty document (this flaked once in CI), so every form post waits here.
    """
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
