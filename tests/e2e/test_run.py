"""`python -m bot run` as a process: token errors are clear and the token never leaks."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.fakes.bot_api import FakeBotApi, Fault

SECRET = "987654:SECRET-token-do-not-log"


def run_bot(env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, **env},
    )


def test_missing_token_is_a_clear_error():
    proc = run_bot({"TELEGRAM_BOT_TOKEN": ""})
    assert proc.returncode == 2 and "TELEGRAM_BOT_TOKEN is not set" in proc.stderr


def test_rejected_token_is_a_clear_error_and_never_logged(tmp_path):
    with FakeBotApi() as api:
        api.inject("getMe", Fault(401, "Unauthorized"), times=5)
        proc = run_bot(
            {
                "TELEGRAM_BOT_TOKEN": SECRET,
                "TELEGRAM_API_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite",
            }
        )
    assert proc.returncode == 2
    assert "rejected the token" in proc.stderr
    assert SECRET not in proc.stderr + proc.stdout
    assert "SECRET" not in proc.stderr + proc.stdout
