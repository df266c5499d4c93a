"""A fake Telegram Bot API on 127.0.0.1 that the real PTB Application talks to via base_url.

It queues user updates for getUpdates, records every call, rejects what Telegram rejects
(unknown or unbalanced HTML tags, text over 4096 characters, unknown chats), injects faults
per method and chat on demand, and enforces ~30 messages/s overall and 1/s per chat. Like
Telegram, it answers a getUpdates that comes while another is waiting (a second bot process
on the same token) with 409 Conflict. It knows who administers each group (getChatMember;
everyone else is a plain member).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.telegram_html import parse_telegram_html

BOT = {
    "id": 777000,
    "is_bot": True,
    "first_name": "Briefing",
    "username": "briefing_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


# Telegram's sender of messages that an anonymous administrator posts as the group
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


def html_problem(text: str) -> str:
    return parse_telegram_html(text).error


@dataclass
class Fault:
    code: int
    description: str = ""
    retry_after: int | None = None
    migrate_to: int | None = None
    drop: bool = False  # close the connection without answering


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class FakeBotApi:
    rate_limits: bool = True
    global_per_second: int = 30
    chat_interval: float = 1.0
    # kept out of repr: hypothesis prints fixtures in its report, and thousands of calls
    # there would push the actual assertion out of a CI log
    calls: list[Sent] = field(default_factory=list, repr=False)
    chats: dict[int, dict] = field(default_factory=dict, repr=False)
    faults: dict[tuple[str, int | None], deque] = field(
        default_factory=lambda: defaultdict(deque), repr=False
    )
    rate_limited: int = 0
    down: set[str] = field(default_factory=set)  # methods answering 502 (an outage)
    conflicts: int = 0  # getUpdates answered 409: another one was waiting
    # (chat id, user id) -> "creator" | "administrator" | "left" ...; absent: "member"
    members: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.updates: list[dict] = []
        self.next_update = 1
        self.next_message = 1
        self.last_by_chat: dict[int, float] = {}
        self.recent: deque[float] = deque()
        self.waiting = 0  # getUpdates calls being answered now
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else delayed ACKs add 40 ms to each answer

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                self._answer(body)

            def do_GET(self) -> None:
                self._answer(urlsplit(self.path).query)

            def _answer(self, body: str) -> None:
                method = self.path.split("?")[0].rsplit("/", 1)[-1]
                params = _decode(body, self.headers.get("Content-Type", ""))
                status, payload = api.handle(method, params)
                if status == 0:  # drop the connection
                    self.close_connection = True
                    self.connection.close()
                    return
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # test-facing API -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/bot"

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_chat(
        self, chat_id: int, kind: str = "private", title: str = "", username: str = ""
    ) -> dict:
        chat = {"id": chat_id, "type": kind}
        if username:
            chat["username"] = username
        if kind == "private":
            chat["first_name"] = title or "Reader"
        else:
            chat["title"] = title or "Group"
        self.chats[chat_id] = chat
        return chat

    def set_member(self, chat_id: int, user_id: int, status: str = "administrator") -> None:
        self.members[(chat_id, user_id)] = status

    def send_command(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        kind: str = "private",
        date: int | None = None,
        as_chat: bool = False,
    ) -> None:
        """A user's command; `date` (Unix seconds) is when Telegram received it, `as_chat`
        sends it as an anonymous administrator of the group does."""
        chat = self.chats.get(chat_id) or self.add_chat(chat_id, kind)
        command = text.split()[0]
        user = {"id": user_id or abs(chat_id), "is_bot": False, "first_name": "Reader"}
        message: dict[str, Any] = {
            "date": int(time.time()) if date is None else date,
            "chat": chat,
            "from": GROUP_ANONYMOUS_BOT if as_chat else user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
        if as_chat:
            message["sender_chat"] = chat
        with self.lock:
            message["message_id"] = self.next_message
            self.updates.append({"update_id": self.next_update, "message": message})
            self.next_update += 1
            self.next_message += 1

    def inject(self, method: str, fault: Fault, chat_id: int | None = None, times: int = 1) -> None:
        for _ in range(times):
            self.faults[(method, chat_id)].append(fault)

    def messages(self, chat_id: int | None = None) -> list[str]:
        return [
            c.params["text"]
            for c in self.calls
            if c.method == "sendMessage" and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    # the API ---------------------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        if method in self.down:
            time.sleep(0.05)
            return _error(502, "Bad Gateway")
        if method == "getUpdates":
            with self.lock:
                if self.waiting:
                    self.conflicts += 1
                    return _error(409, CONFLICT)
                self.waiting += 1
            try:
                return 200, {"ok": True, "result": self._updates(params)}
            finally:
                with self.lock:
                    self.waiting -= 1
        with self.lock:
            self.calls.append(Sent(method, params, time.monotonic()))
        chat_id = _int(params.get("chat_id"))
        for key in ((method, chat_id), (method, None)):
            queue = self.faults.get(key)
            if queue:
                self._unrecord("fault:")
                return self._fault(queue.popleft())
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method in ("setMyCommands", "deleteWebhook", "setWebhook", "close", "logOut"):
            return 200, {"ok": True, "result": True}
        if method == "getChat":
            wanted = str(params.get("chat_id", ""))
            by_name = {"@" + c["username"]: c for c in self.chats.values() if c.get("username")}
            chat = self.chats.get(chat_id) if chat_id is not None else by_name.get(wanted)
            if chat is None:
                return _error(400, "Bad Request: chat not found")
            full = {**chat, "accent_color_id": 0, "max_reaction_count": 11}  # a ChatFullInfo
            return 200, {"ok": True, "result": full}
        if method == "sendMessage":
            return self._send(chat_id, params)
        if method == "getChatMember":
            return self._member(chat_id, _int(params.get("user_id")))
        return 200, {"ok": True, "result": True}

    def _member(self, chat_id: int | None, user_id: int | None) -> tuple[int, dict]:
        if chat_id is None or chat_id not in self.chats:
            return _error(400, "Bad Request: chat not found")
        if user_id is None:
            return _error(400, "Bad Request: invalid user_id specified")
        status = self.members.get((chat_id, user_id), "member")
        member: dict[str, Any] = {
            "status": status,
            "user": {"id": user_id, "is_bot": False, "first_name": "Reader"},
        }
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(ADMIN_RIGHTS, True), can_be_edited=False, is_anonymous=False
            )
        elif status == "kicked":
            member["until_date"] = 0
        return 200, {"ok": True, "result": member}

    def _updates(self, params: dict[str, Any]) -> list[dict]:
        offset = _int(params.get("offset")) or 0
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self.lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
                self.updates = ready
            if ready or time.monotonic() >= deadline:
                return ready
            time.sleep(0.02)

    def _fault(self, fault: Fault) -> tuple[int, dict]:
        if fault.drop:
            return 0, {}
        parameters: dict[str, int] = {}
        if fault.retry_after is not None:
            parameters["retry_after"] = fault.retry_after
        if fault.migrate_to is not None:
            parameters["migrate_to_chat_id"] = fault.migrate_to
        return _error(fault.code, fault.description or "Error", parameters)

    def _send(self, chat_id: int | None, params: dict[str, Any]) -> tuple[int, dict]:
        if chat_id is None or chat_id not in self.chats:
            self._unrecord()
            return _error(400, "Bad Request: chat not found")
        text = str(params.get("text", ""))
        if not text.strip():
            self._unrecord()
            return _error(400, "Bad Request: message text is empty")
        shown = text
        if params.get("parse_mode") == "HTML":
            parsed = parse_telegram_html(text)
            if parsed.error:
                self._unrecord()
                return _error(400, f"Bad Request: can't parse entities: {parsed.error}")
            shown = "".join(parsed.text)
        if len(shown.encode("utf-16-le")) // 2 > 4096:  # Telegram counts UTF-16 code units
            self._unrecord()
            return _error(400, "Bad Request: message is too long")
        if self.rate_limits:
            now = time.monotonic()
            with self.lock:
                while self.recent and now - self.recent[0] > 1:
                    self.recent.popleft()
                last = self.last_by_chat.get(chat_id, -10.0)
                if (
                    len(self.recent) >= self.global_per_second
                    or now - last < self.chat_interval * 0.95
                ):
                    self.rate_limited += 1
                    self.calls.pop()
                    return _error(429, "Too Many Requests: retry after 1", {"retry_after": 1})
                self.recent.append(now)
                self.last_by_chat[chat_id] = now
        with self.lock:
            message_id = self.next_message
            self.next_message += 1
        return 200, {
            "ok": True,
            "result": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self.chats[chat_id],
                "text": text,
            },
        }

    def _unrecord(self, prefix: str = "rejected:") -> None:
        """Refused calls stay in `calls` as attempts but are not counted as delivered."""
        with self.lock:
            last = self.calls[-1]
            self.calls[-1] = Sent(prefix + last.method, last.params, last.at)


ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


def _error(code: int, description: str, parameters: dict | None = None) -> tuple[int, dict]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decode(body: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(body or "{}")
    out: dict[str, Any] = {}
    for key, values in parse_qs(body, keep_blank_values=True).items():
        value = values[-1]
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out
