"""Score a probe set (tests/data/probe_*.jsonl) through the CLI, as tests/test_probes.py does.

    python tools/score_probe.py probe_wire [--explain /tmp/misses.txt]

Converts the set to the dev set's form (tests/test_probes.score_format) and runs
../shared/devset/score.py on it; with tests/data/<name>-held-back.txt present, the held-back
part is scored apart (its misses are left out of --explain, as for the dev set).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_probes import DATA, SCORE, score_format  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name", help="a probe set's name, e.g. probe_wire")
    ap.add_argument("--explain", help="write every miss of the tuned part here")
    ap.add_argument("--json", help="write the scores here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        items, gold = score_format(args.name, Path(folder))
        cmd = [sys.executable, str(SCORE), "--items", str(items), "--conflicts", str(gold)]
        held_back = DATA / f"{args.name}-held-back.txt"
        if held_back.is_file():
            cmd += ["--held-back", str(held_back)]
        if args.explain:
            cmd += ["--explain", args.explain]
        if args.json:
            cmd += ["--json", args.json]
        return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
