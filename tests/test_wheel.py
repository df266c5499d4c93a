"""A built wheel, installed outside the checkout, runs demo, check and digest from any folder.

The wheel is built from a copy of the sources (so the shared tree gets no build/ folder),
without build isolation (no network), and installed with --target into a folder that goes
first on PYTHONPATH; the dependencies come from the test environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.fakes.feed_server import Route

pytestmark = pytest.mark.slow  # ~15 s: a wheel build and an install, then three runs

SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "feeds.yaml"]
TREES = ["bot", "templates"]


def build_and_install(tmp: Path) -> Path:
    src, dist, site = tmp / "src", tmp / "dist", tmp / "site"
    src.mkdir()
    for name in SOURCES:
        shutil.copy2(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "_bundled")
    for name in TREES:
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    [wheel] = dist.glob("briefing_bot-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-compile", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return site


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    return build_and_install(tmp_path_factory.mktemp("wheel"))


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_CONFIG", "DATABASE_URL")}
    env.update(PYTHONPATH=str(site), DATABASE_URL=f"sqlite+aiosqlite:///{cwd}/bot.db")
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_the_wheel_carries_templates_feeds_yaml_and_demo_feeds(installed):
    bundled = installed / "bot" / "_bundled"
    assert (bundled / "feeds.yaml").read_text() == (ROOT / "feeds.yaml").read_text()
    shipped = {p.name for p in (ROOT / "templates").glob("*.j2")}
    assert shipped and {p.name for p in (bundled / "templates").glob("*.j2")} == shipped
    demo = {p.name for p in (ROOT / "bot" / "data" / "demo").iterdir()}
    assert {p.name for p in (installed / "bot" / "data" / "demo").iterdir()} == demo


def test_demo_check_and_digest_run_from_another_folder(installed, tmp_path, feed_server):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run_installed(installed, elsewhere, "-c", "import bot; print(bot.__file__)")
    assert where.stdout.startswith(str(installed)), where  # not the checkout's bot/

    demo = run_installed(installed, elsewhere, "-m", "bot", "demo")  # no feeds.yaml here
    assert demo.returncode == 0, demo.stderr
    assert "Kenyans" in demo.stdout and "Covered by" in demo.stdout

    feed = (ROOT / "bot" / "data" / "demo" / "nairobi-ledger.xml").read_bytes()
    feed_server.routes["/ledger.xml"] = Route(body=feed)
    config = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    config["feeds"] = [{"name": "Nairobi Ledger", "url": feed_server.url("/ledger.xml")}]
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(config))
    given = ["--config", str(tmp_path / "mine.yaml")]

    check = run_installed(installed, elsewhere, "-m", "bot", "check", *given, "--json")
    assert check.returncode == 0, check.stderr
    [status] = json.loads(check.stdout)["feeds"]
    assert status["name"] == "Nairobi Ledger" and status["status"] == "ok"

    digest = run_installed(
        installed, elsewhere, "-m", "bot", "digest", *given, "--since", "2026-11-01"
    )
    assert digest.returncode == 0, digest.stderr
    assert "Kenyans" in digest.stdout and "Foreign nationals" in digest.stdout
