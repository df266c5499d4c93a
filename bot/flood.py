"""Command flood control: a token bucket per chat (pure; the caller passes the time).

A chat may send a burst of commands, then one every `refill` seconds. The first refused
command earns a short notice; further refusals are silent so the bot never floods back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned: bool = False


@dataclass
class FloodGate:
    burst: int = 8
    refill: float = 3.0  # seconds per extra command once the burst is spent
    max_chats: int = 50_000  # memory bound: idle, full buckets are dropped beyond this
    buckets: dict[int, _Bucket] = field(default_factory=dict)

    def admit(self, chat_id: int, now: float) -> str:
        """'ok' to serve the command, 'warn' to refuse with a notice, 'drop' to ignore it."""
        bucket = self.buckets.get(chat_id)
        if bucket is None:
            if len(self.buckets) >= self.max_chats:
                self._forget_idle(now)
            bucket = self.buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) / self.refill)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return "ok"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def wait_seconds(self, chat_id: int) -> int:
        bucket = self.buckets.get(chat_id)
        missing = 1 - bucket.tokens if bucket else 0
        return max(1, round(missing * self.refill + 0.5))

    def _forget_idle(self, now: float) -> None:
        full = [
            chat
            for chat, b in self.buckets.items()
            if b.tokens + (now - b.stamp) / self.refill >= self.burst
        ]
        for chat in full:
            del self.buckets[chat]
        if len(self.buckets) >= self.max_chats:  # everyone is busy: forget the oldest half
            oldest = sorted(self.buckets, key=lambda c: self.buckets[c].stamp)
            for chat in oldest[: len(oldest) // 2]:
                del self.buckets[chat]
