"""Set-up pieces without a server: database URLs, the [web] section, the administrator, the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import ConfigError, InputFileError
from atr.platform.dburl import database_from_url, redact
from atr.platform.network.accounts import create_admin
from atr.platform.network.demo import DemoSize, seed_network
from atr.platform.network.export import build_export
from atr.platform.network.models import Organisation, Pledge
from atr.project import load_project


def test_database_urls(tmp_path: Path) -> None:
    sqlite = database_from_url("sqlite:///data/platform.sqlite3", base=tmp_path)
    assert sqlite["NAME"] == str(tmp_path / "data" / "platform.sqlite3")
    assert database_from_url("sqlite:////srv/atr.db")["NAME"] == "/srv/atr.db"
    pg = database_from_url("postgresql://atr:s%40cret@db.example.org:6432/atr?sslmode=require")
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "atr",
        "s@cret",
        "db.example.org",
        "6432",
        "atr",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    assert redact("postgresql://atr:secret@db/atr") == "postgresql://atr:***@db/atr"
    with pytest.raises(ConfigError, match="no database name"):
        database_from_url("postgresql://db.example.org:5432/")
    with pytest.raises(ConfigError, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x/y")


def test_the_project_file_web_section_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "atr.toml"
    path.write_text('[web]\ndatabase_url = "mysql://x/y"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"web\.database_url"):
        load_project(path)
    path.write_text('[web]\nsecret_key_file = "keys/web.key"\nproduction = true\n', encoding="utf-8")
    web = load_project(path).web
    assert web.secret_key_file == tmp_path / "keys" / "web.key" and web.production


@pytest.mark.django_db
def test_an_administrator_needs_a_strong_password_from_a_file(tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("password\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"weak\.txt: the password is too weak"):
        create_admin("a@example.org", weak)
    with pytest.raises(InputFileError, match="cannot read"):
        create_admin("a@example.org", tmp_path / "missing.txt")
    good = tmp_path / "good.txt"
    good.write_text("a much longer admin pass phrase\nignored second line\n", encoding="utf-8")
    assert create_admin(" A@Example.org ", good) is True
    assert create_admin("a@example.org", good) is False


def _fingerprint() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    orgs = [
        (o.name, o.sector, o.urn, o.headcount, o.joined_date) for o in Organisation.objects.order_by("pk")
    ]
    pledges = [
        (p.category, p.made_date, p.is_public, p.organisation.name if p.organisation else None)
        for p in Pledge.objects.select_related("organisation").order_by("pk")
    ]
    return orgs, pledges


@pytest.mark.django_db
def test_the_demo_is_reproducible_from_its_seed_and_sized_as_asked() -> None:
    size = DemoSize(organisations=25, members=60, pledges=40, events=12)
    made = seed_network(seed=3, size=size)
    assert (made.organisations, made.members, made.events, made.groups) == (25, 60, 12, 6)
    assert made.pledges == 40 + 25 * 2 // 5  # the pledges, plus charter signatures by 2 in 5 organisations
    first = _fingerprint()
    assert {o[1] for o in first[0]} >= {"police", "education", "housing", "lived_experience_group"}
    seed_network(seed=3, size=size, replace=True)
    assert _fingerprint() == first
    seed_network(seed=4, size=size, replace=True)
    assert _fingerprint() != first
    rows = build_export()
    assert len(rows.organisations) == 25 and len(rows.member_counts) > 5
