"""Benchmark: one poll cycle over 1,000 feeds from a local server, cold and then all-304.

    python bench/poll.py [--feeds 1000] [--items 10] [--latency 0.02] [--fail 0.05]

The server runs in its own process on 127.0.0.1 (so it does not share the bot's CPU),
adds `latency` to every answer, fails a `fail` share of feeds with HTTP 500, and honours
ETags. The cycle is the product's BriefingService.poll: fetch, parse, store, match,
claims; with 100 or more feeds it runs fetch and analysis in worker processes, one per core
(--workers overrides; 0 keeps everything in one process). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_feeds  # noqa: E402
from bot.config import FeedConfig, load_config  # noqa: E402

if TYPE_CHECKING:
    from bot.service import PollReport


def serve(port_out: multiprocessing.Queue, feeds: int, items: int, latency: float, fail: float):
    bodies = synthetic_feeds(feeds * items, per_feed=items, seed=3)
    failing = {n for n in range(feeds) if n % round(1 / fail) == 0} if fail else set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v for k, _, v in (h.partition(": ") for h in lines[1:])}
                await asyncio.sleep(latency)
                n = int(path.strip("/").split(".")[0]) if path.strip("/")[:1].isdigit() else -1
                etag = f'"v{n}"'
                if n < 0 or n >= len(bodies) or n in failing:
                    status, body, extra = "500 Internal Server Error", b"oops", ""
                elif headers.get("if-none-match") == etag:
                    status, body, extra = "304 Not Modified", b"", f"ETag: {etag}\r\n"
                else:
                    status, body, extra = "200 OK", bodies[n], f"ETag: {etag}\r\n"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=2048)
        port_out.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc); 0 where it cannot be read."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident set (Linux /proc); 0 where it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


async def cycles(
    port: int, feeds: int, concurrency: int, workers: int | None, server_pid: int
) -> dict[str, float | int]:
    # Imported here, not at the top: a spawned poll worker imports this script as its main
    # module, and the bot's workers do not carry the store, the service or grouping.
    from bot.service import BriefingService
    from bot.store import Store

    config = load_config(ROOT / "feeds.yaml")
    feed_list = [
        FeedConfig(name=f"feed {n}", url=f"http://127.0.0.1:{port}/{n}.xml") for n in range(feeds)
    ]
    poll = config.poll.model_copy(
        update={"concurrency": concurrency, "timeout": 10.0, "workers": workers}
    )
    config = config.model_copy(update={"feeds": feed_list, "poll": poll})
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(f"sqlite+aiosqlite:///{folder}/bench.db")
        service = BriefingService(config, store)
        now = datetime(2026, 11, 20, 12, tzinfo=UTC)
        cpu: dict[str, list[float]] = {}

        async def timed(when: datetime) -> tuple[PollReport, float]:
            # the workers are started by the first poll: their CPU is read after each cycle
            before = [time.process_time(), cpu_seconds([server_pid])]
            before.append(cpu_seconds(service._workers.pids()))
            started = time.perf_counter()
            report = await service.poll(when, force=True)
            wall = time.perf_counter() - started
            after = [time.process_time(), cpu_seconds([server_pid])]
            after.append(cpu_seconds(service._workers.pids()))
            used = [round(b - a, 2) for a, b in zip(before, after, strict=True)]
            cpu["cold" if not cpu else "warm"] = used
            return report, wall

        cold, cold_s = await timed(now)
        warm, warm_s = await timed(now + timedelta(hours=1))
        # each worker's own peak (VmHWM): RUSAGE_CHILDREN would also count any other child
        worker_rss = max(map(peak_rss_mb, service._workers.pids()), default=0.0)
        service.close()
        await store.close()

    def count(report: PollReport, status: str) -> int:
        return sum(f.status == status for f in report.feeds)

    return {
        "cold_s": round(cold_s, 3),
        "not_modified_s": round(warm_s, 3),
        "cold_ok": count(cold, "ok"),
        "cold_errors": count(cold, "error"),
        "new_items": cold.new_items,
        "warm_not_modified": count(warm, "not_modified"),
        "warm_errors": count(warm, "error"),
        "workers": cold.workers,
        "worker_peak_rss_mb": round(worker_rss, 1) if cold.workers else 0.0,
        # CPU seconds per cycle: [this process, the feed server, the workers together]
        "cold_cpu_s": cpu["cold"],
        "not_modified_cpu_s": cpu["warm"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--fail", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=None, help="default: the product's")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the failing feeds' warnings are expected here
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(ports, args.feeds, args.items, args.latency, args.fail), daemon=True
    )
    server.start()
    try:
        port = ports.get(timeout=120)
        figures = asyncio.run(
            cycles(port, args.feeds, args.concurrency, args.workers, server.pid or 0)
        )
    finally:
        server.terminate()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.update(
        benchmark="poll",
        cores=os.cpu_count(),
        feeds=args.feeds,
        items_per_feed=args.items,
        latency_ms=args.latency * 1000,
        concurrency=args.concurrency,
        peak_rss_mb=round(rss_mb, 1),
    )
    print(
        f"cores: {os.cpu_count()}; {args.feeds} feeds x {args.items} items, "
        f"{args.latency * 1000:.0f} ms latency, {args.fail:.0%} failing, "
        f"concurrency {args.concurrency}, {figures['workers']} worker processes"
    )
    print(f"{'cycle':<16}{'wall s':>8}{'ok/304':>8}{'errors':>8}   CPU s: bot / server / workers")
    for name, key, done, errors in (
        ("cold", "cold", "cold_ok", "cold_errors"),
        ("all 304", "not_modified", "warm_not_modified", "warm_errors"),
    ):
        main_cpu, server_cpu, workers_cpu = figures[f"{key}_cpu_s"]
        print(
            f"{name:<16}{figures[f'{key}_s']:>8}{figures[done]:>8}{figures[errors]:>8}   "
            f"{main_cpu} / {server_cpu} / {workers_cpu}"
        )
    print(
        f"peak RSS: {figures['peak_rss_mb']} MB (this process), "
        f"{figures['worker_peak_rss_mb']} MB (largest worker)"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
