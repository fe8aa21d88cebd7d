"""`atr web …` and `atr serve` as a user runs them, in a temporary project folder (subprocesses)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from platform_served import DEMO, atr, serve

pytestmark = pytest.mark.slow


def test_set_up_check_seed_export_and_serve(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    atr(project, "web", "migrate")
    assert "deployment checks passed" in atr(project, "web", "check").stdout
    (project / "pw.txt").write_text("a much longer admin pass phrase\n", encoding="utf-8")
    made = atr(project, "web", "createadmin", "--email", "A@Example.org", "--password-file", "pw.txt")
    assert "created administrator a@example.org" in made.stdout
    atr(project, "web", "demo", *DEMO)
    refused = atr(project, "web", "demo", check=False)
    assert refused.returncode == 2 and "already holds a network" in refused.stderr
    atr(project, "web", "export", "--out", "extract")
    manifest = json.loads((project / "extract" / "network" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["organisation.csv"]["rows"] == 20 and manifest["synthetic"] is True
    assert (project / "secrets" / "web_secret.key").stat().st_mode & 0o077 == 0
    with serve(project) as served:
        with urllib.request.urlopen(served.root + "find/?q=trauma") as response:
            assert response.status == 200 and "Find people and organisations" in response.read().decode()
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(served.root + "no-such-page/")
        assert missing.value.code == 404
