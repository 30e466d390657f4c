"""GPU benchmark: Confidant against plain HF + PEFT + bitsandbytes (padding-free) and Unsloth, in one run.

Same Mistral-7B-shaped model (random weights, MistralConfig() defaults), same packed rows of synthetic
journal entries, same rows per optimizer step, same LoRA (r 16, alpha 32, 7 projections), optimizer,
schedule and loss (mean over the step's label tokens); see `bench/workers.py`. Each run is its own
process (Unsloth patches transformers on import). Every figure comes from the steps after the warm-up:
tokens/s is the median over steps, with min/max and the 25-75% spread; repeats alternate the runs.

Run (trainer/ as working directory, on a CUDA machine, wheels on PYTHONPATH):
    python -m bench.run --out /tmp/bench [--steps 14 --warmup 2 --repeats 1] [--run LABEL:KIND:DROPOUT[:MB:ACCUM[:K=V;K=V]]]...

Writes OUT/bench.json (rewritten after every run, so a cut-short session keeps what finished).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.journal_text import entries

# Dense bf16 peak of H100 SXM / H200 (same tensor cores): the MFU denominator.
PEAK_FLOPS = 989e12
N_PARAMS = 7_241_732_096  # MistralForCausalLM(MistralConfig()) parameter count
DEFAULT_RUNS = [
    "confidant_d0:confidant:0",
    "unsloth_d0:unsloth:0",
    "hf_padding_free_d0:hf_padding_free:0",
    "unsloth:unsloth:0.05",
    "confidant:confidant:0.05",
    "hf_padding_free:hf_padding_free:0.05",
]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass
class Spec:
    label: str
    kind: str
    dropout: float
    micro_batch: int
    grad_accum: int
    overrides: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, micro_batch: int, grad_accum: int) -> Spec:
        parts = text.split(":")
        if len(parts) not in (3, 5, 6):
            raise SystemExit(f"--run {text!r}: expected LABEL:KIND:DROPOUT[:MB:ACCUM[:K=V;K=V]]")
        mb, accum = (int(parts[3]), int(parts[4])) if len(parts) >= 5 else (micro_batch, grad_accum)
        overrides = [o for o in parts[5].split(";") if o] if len(parts) == 6 else []
        return cls(parts[0], parts[1], float(parts[2]), mb, accum, overrides)


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in ("torch", "transformers", "peft", "bitsandbytes", "liger-kernel", "unsloth", "unsloth_zoo", "triton", "accelerate"):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def gpu_facts() -> dict[str, str]:
    query = "name,driver_version,memory.total,clocks.max.sm,power.limit"
    try:
        line = subprocess.run(
            ["nvidia-smi", f"--query-gpu={query}", "--format=csv,noheader"], capture_output=True, text=True, check=True
        ).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError) as exc:
        return {"error": str(exc)}
    return dict(zip(query.split(","), (v.strip() for v in line.split(","))))


def summarise(result: dict, warmup: int) -> dict:
    """Steady-state figures from one worker's per-step times (the warm-up steps left out)."""
    times, tokens = result["step_s"][warmup:], result["step_tokens"][warmup:]
    rates = sorted(n / t for n, t in zip(tokens, times))
    q = statistics.quantiles(rates, n=4) if len(rates) >= 2 else [rates[0]] * 3
    median = statistics.median(rates)
    return {
        "tokens_per_s": median,
        "tokens_per_s_min": rates[0],
        "tokens_per_s_max": rates[-1],
        "tokens_per_s_iqr": [q[0], q[2]],
        "tokens_per_s_overall": sum(tokens) / sum(times),
        "measured_steps": len(times),
        "peak_vram_gib": result["peak_vram_gib"],
        "peak_reserved_gib": result["peak_reserved_gib"],
        "mfu": 6 * N_PARAMS * median / PEAK_FLOPS,
    }


def run_worker(spec: Spec, args: argparse.Namespace, model_dir: Path, data: Path, out: Path, index: int) -> dict:
    result_file = out / f"{index:02d}-{spec.label}.json"
    cmd = [
        sys.executable,
        "-m",
        "bench.workers",
        spec.kind,
        f"--model={model_dir}",
        f"--data={data}",
        f"--out={result_file}",
        f"--dropout={spec.dropout}",
        f"--micro-batch={spec.micro_batch}",
        f"--grad-accum={spec.grad_accum}",
        f"--steps={args.steps}",
        f"--warmup={args.warmup}",
        *[f"--set={o}" for o in spec.overrides],
    ]
    if args.profile == spec.label:
        cmd.append(f"--profile={out / f'profile-{spec.label}.txt'}")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "UNSLOTH_DISABLE_STATISTICS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out / f"{index:02d}-{spec.label}.log", "w") as err:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, timeout=args.run_timeout, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine = {
        "wall_s": time.perf_counter() - t0,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "load_average": os.getloadavg(),
    }
    if proc.returncode != 0 or not result_file.exists():
        tail = (out / f"{index:02d}-{spec.label}.log").read_text()[-3000:]
        return {"label": spec.label, "kind": spec.kind, "error": f"exit {proc.returncode}", "log_tail": tail, "machine": machine}
    result = json.loads(result_file.read_text())
    return {"label": spec.label, **result, "summary": summarise(result, args.warmup), "machine": machine}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/bench")
    parser.add_argument("--steps", type=int, default=14)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--micro-batch", type=int, default=2, help="packed 2048-token rows per forward pass")
    parser.add_argument("--grad-accum", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--run", action="append", default=[], help="LABEL:KIND:DROPOUT[:MB:ACCUM[:K=V;K=V]] (default: the six baselines)")
    parser.add_argument("--profile", default="", help="label of a run to profile one extra step of")
    parser.add_argument("--run-timeout", type=int, default=400)
    parser.add_argument("--report", default="", help="also write bench.json here after every run")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    specs = [Spec.parse(s, args.micro_batch, args.grad_accum) for s in (args.run or DEFAULT_RUNS)]
    model_dir = Path(os.environ.get("BENCH_MODEL_DIR", "/dev/shm/mistral7b-random"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.make_model", str(model_dir)], check=True)
    log(f"model ready in {time.perf_counter() - t0:.0f} s")
    data = out / "journal.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in entries(400, seed=7)))
    report: dict = {
        "gpu": gpu_facts(),
        "versions": versions(),
        "python": sys.version.split()[0],
        "command": "python -m bench.run " + " ".join(sys.argv[1:]),
        "settings": {
            "model": "MistralForCausalLM(MistralConfig()): 7.24 B parameters, random bf16 weights, loaded in NF4 (double quant)",
            "data": "400 synthetic journal entries (bench/journal_text.py, seed 7) packed into 2048-token rows",
            "sequence_length": 2048,
            "lora": {"r": 16, "alpha": 32, "targets": ["q", "k", "v", "o", "gate", "up", "down"]},
            "optimizer": "bitsandbytes PagedAdamW8bit, lr 2e-4, cosine, warmup 2, clip 1.0",
            "gradient_checkpointing": "on in all runs (HF: non-reentrant; Unsloth: 'unsloth'; Confidant: non-reentrant)",
            "steps": args.steps,
            "warmup_steps_excluded": args.warmup,
            "repeats": args.repeats,
            "tokens_per_s": "median over measured steps of real tokens / step wall time (cuda-synchronised)",
            "peak_vram_gib": "torch.cuda.max_memory_allocated over the training steps (peak_reserved_gib: max_memory_reserved)",
            "mfu": f"6 x {N_PARAMS} x tokens_per_s / {PEAK_FLOPS:.0f} (recomputation not counted)",
        },
        "measurements": [],
    }
    index = 0
    for repeat in range(args.repeats):
        for spec in specs:
            index += 1
            log(f"repeat {repeat + 1}/{args.repeats}: {spec.label}")
            try:
                measured = run_worker(spec, args, model_dir, data, out, index)
            except subprocess.TimeoutExpired:
                measured = {"label": spec.label, "kind": spec.kind, "error": f"timed out after {args.run_timeout} s"}
            measured["repeat"] = repeat
            report["measurements"].append(measured)
            log(json.dumps(measured.get("summary") or measured.get("error"))[:400])
            report["runs"] = combine(report["measurements"])
            for path in filter(None, [out / "bench.json", args.report]):
                Path(path).write_text(json.dumps(report, indent=2))
    print_table(report)


def combine(measurements: list[dict]) -> dict:
    """Per label: the median over repeats of each figure, with every repeat's tokens/s beside it."""
    runs: dict[str, dict] = {}
    for m in measurements:
        if "summary" not in m:
            continue
        runs.setdefault(
            m["label"],
            {
                "kind": m["kind"],
                "dropout": m["dropout"],
                "micro_batch_rows": m["micro_batch_rows"],
                "grad_accum": m["grad_accum"],
                "extra": m["extra"],
                "repeats": [],
            },
        )["repeats"].append(m["summary"])
    for r in runs.values():
        reps = r["repeats"]
        for key in ("tokens_per_s", "peak_vram_gib", "peak_reserved_gib", "mfu"):
            r[key] = statistics.median(s[key] for s in reps)
        r["tokens_per_s_each_repeat"] = [s["tokens_per_s"] for s in reps]
        r["tokens_per_s_spread"] = [min(s["tokens_per_s_min"] for s in reps), max(s["tokens_per_s_max"] for s in reps)]
        r["losses_first_repeat"] = None
    for m in measurements:
        if "summary" in m and runs[m["label"]]["losses_first_repeat"] is None:
            runs[m["label"]]["losses_first_repeat"] = m["losses"]
    return runs


def print_table(report: dict) -> None:
    print("\n| run | dropout | rows x accum | tokens/s (median) | min-max | peak VRAM GiB | reserved GiB | MFU |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, r in report.get("runs", {}).items():
        lo, hi = r["tokens_per_s_spread"]
        print(
            f"| {label} | {r['dropout']} | {r['micro_batch_rows']} x {r['grad_accum']} | {r['tokens_per_s']:.0f} | {lo:.0f}-{hi:.0f} |"
            f" {r['peak_vram_gib']:.2f} | {r['peak_reserved_gib']:.2f} | {r['mfu']:.1%} |"
        )
    for m in report["measurements"]:
        if "error" in m:
            print(f"{m['label']}: {m['error']}\n{m.get('log_tail', '')[-1500:]}")


if __name__ == "__main__":
    main()
