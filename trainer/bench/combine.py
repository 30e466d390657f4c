"""Joins the bench.json files of several `bench.run` sessions into docs/benchmarks/trainer-gpu.json.

A session is one `bench.run` command on one machine; device time allows only a few runs per command,
so the published set spans sessions. Each published run names its session and label; the raw session
files are kept whole under "sessions", so every figure can be traced to the steps it came from.

Run: python -m bench.combine OUT.json NAME=BENCH_JSON... --pick KEY=NAME:LABEL[+NAME:LABEL]... [--note KEY=TEXT]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path


def pick(sessions: dict[str, dict], refs: str) -> dict:
    """One published run from one or more (session, label) measurements: medians over all their repeats."""
    found = []
    for ref in refs.split("+"):
        name, label = ref.split(":", 1)
        run = sessions[name]["runs"].get(label)
        if run is None:
            raise SystemExit(f"{ref}: no run {label!r} in session {name!r}")
        found.append((name, label, run))
    reps = [rep for _, _, run in found for rep in run["repeats"]]
    first = found[0][2]
    return {
        "tokens_per_s": statistics.median(r["tokens_per_s"] for r in reps),
        "peak_vram_gib": statistics.median(r["peak_vram_gib"] for r in reps),
        "peak_reserved_gib": statistics.median(r["peak_reserved_gib"] for r in reps),
        "mfu": statistics.median(r["mfu"] for r in reps),
        "tokens_per_s_each_repeat": [r["tokens_per_s"] for r in reps],
        "tokens_per_s_step_range": [min(r["tokens_per_s_min"] for r in reps), max(r["tokens_per_s_max"] for r in reps)],
        "tokens_per_s_iqr_each_repeat": [r["tokens_per_s_iqr"] for r in reps],
        "measured_steps_each_repeat": [r["measured_steps"] for r in reps],
        "dropout": first["dropout"],
        "micro_batch_rows": first["micro_batch_rows"],
        "grad_accum": first["grad_accum"],
        "confidant_overrides": first["extra"],
        "from": [f"{name}:{label}" for name, label, _ in found],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("sessions", nargs="+", help="NAME=path/to/bench.json")
    parser.add_argument("--pick", action="append", default=[], help="KEY=NAME:LABEL[+NAME:LABEL]")
    parser.add_argument("--note", action="append", default=[], help="KEY=TEXT, attached to run KEY (or a free-standing entry)")
    parser.add_argument("--ratio", action="append", default=[], help="NAME=KEY_A/KEY_B: tokens/s and peak VRAM of A over B")
    parser.add_argument("--extra", default="", help="JSON file merged into the top level (closing notes, unmeasured runs)")
    args = parser.parse_args()
    sessions = {}
    for item in args.sessions:
        name, path = item.split("=", 1)
        sessions[name] = json.loads(Path(path).read_text())
    first = next(iter(sessions.values()))
    runs = {}
    for item in args.pick:
        key, refs = item.split("=", 1)
        runs[key] = pick(sessions, refs)
    for item in args.note:
        key, text = item.split("=", 1)
        runs.setdefault(key, {})["note"] = text
    extra = json.loads(Path(args.extra).read_text()) if args.extra else {}
    runs.update(extra.pop("runs", {}))  # runs that were not measured here say so themselves
    ratios = {}
    for item in args.ratio:
        name, pair = item.split("=", 1)
        a, b = pair.split("/")
        ratios[name] = {
            "tokens_per_s": runs[a]["tokens_per_s"] / runs[b]["tokens_per_s"],
            "peak_vram": runs[a]["peak_vram_gib"] / runs[b]["peak_vram_gib"],
            "of": f"{a} / {b}",
        }
    report = {
        "gpu": first["gpu"],
        "versions": first["versions"],
        "python": first["python"],
        "settings": first["settings"],
        "commands": {name: s["command"] for name, s in sessions.items()},
        "runs": runs,
        "ratios": ratios,
        **extra,
        "sessions": {name: {k: v for k, v in s.items() if k != "runs"} for name, s in sessions.items()},
    }
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(
        json.dumps(
            {
                "runs": {k: {f: v.get(f) for f in ("tokens_per_s", "peak_vram_gib", "peak_reserved_gib")} for k, v in runs.items()},
                "ratios": ratios,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
