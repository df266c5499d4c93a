"""`python -m bot run` as a process: token errors are clear and the token never leaks."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bot.tg.app import QuietStartRetries, webhook_secret
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
    # one line: PTB's tracebacks of the failed try went to the debug log
    assert proc.stderr.strip() == "error: Telegram rejected the token in TELEGRAM_BOT_TOKEN"
    assert SECRET not in proc.stderr + proc.stdout
    assert "SECRET" not in proc.stderr + proc.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook_mode_answers_updates(tmp_path):
    port = free_port()
    token = "555:WEBHOOK-test"
    with FakeBotApi() as api:
        api.add_chat(31)
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "TELEGRAM_BOT_TOKEN": token,
                "TELEGRAM_API_URL": api.base_url,
                "WEBHOOK_URL": f"http://127.0.0.1:{port}",
                "PORT": str(port),
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite",
            },
        )
        try:
            deadline = time.monotonic() + 30
            while not any(c.method == "setWebhook" for c in api.calls):
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
                time.sleep(0.1)
            # PTB registers the webhook and starts its server concurrently: wait for the port
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
            webhook = next(c for c in api.calls if c.method == "setWebhook")
            assert webhook.params["url"] == f"http://127.0.0.1:{port}/telegram"
            assert webhook.params["secret_token"] == webhook_secret(token)
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": api.chats[31],
                    "from": {"id": 31, "is_bot": False, "first_name": "Reader"},
                    "text": "/help",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }
            body = json.dumps(update).encode()
            url = f"http://127.0.0.1:{port}/telegram"
            forged = urllib.request.Request(
                url,
                body,
                {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "x"},
            )
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(forged, timeout=5)
            real = urllib.request.Request(
                url,
                body,
                {
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": webhook_secret(token),
                },
            )
            urllib.request.urlopen(real, timeout=5)
            while not api.messages(31):
                assert time.monotonic() < deadline
                time.sleep(0.1)
            assert len(api.messages(31)) == 1 and "/latest" in api.messages(31)[0]
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=20)
        assert token not in proc.stderr.read()


def test_unreachable_or_failing_telegram_is_a_clear_error_without_the_token(tmp_path):
    env = {"TELEGRAM_BOT_TOKEN": SECRET, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/d.db"}
    closed = run_bot({**env, "TELEGRAM_API_URL": f"http://127.0.0.1:{free_port()}/bot"})
    with FakeBotApi() as api:
        api.inject("getMe", Fault(502, "Bad Gateway"), times=10)
        failing = run_bot({**env, "TELEGRAM_API_URL": api.base_url})
    for proc in (closed, failing):
        assert proc.returncode == 2
        [line] = proc.stderr.strip().splitlines()  # not 50-111 lines of retry tracebacks
        assert line.startswith("error: cannot reach the Telegram Bot API at 127.0.0.1:")
        assert "SECRET" not in proc.stderr + proc.stdout


def test_start_up_retries_go_to_the_debug_log():
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(QuietStartRetries())
    ptb = logging.getLogger("telegram.ext")
    ptb.addHandler(handler)
    try:
        for level in (logging.INFO, logging.DEBUG):
            ptb.setLevel(level)
            try:
                raise OSError("connection refused")
            except OSError:
                ptb.exception("Network Retry Loop (Bootstrap Initialize Application): Aborting.")
            ptb.error("Network Retry Loop (Polling Updates): still an error once running")
    finally:
        ptb.removeHandler(handler)
        ptb.setLevel(logging.NOTSET)
    kept = [(r.levelname, r.getMessage().split(":")[0]) for r in records]
    assert kept == [
        ("ERROR", "Network Retry Loop (Polling Updates)"),
        ("DEBUG", "Network Retry Loop (Bootstrap Initialize Application)"),
        ("ERROR", "Network Retry Loop (Polling Updates)"),
    ]
    assert records[1].exc_info  # the traceback is still there for whoever turns debug on
