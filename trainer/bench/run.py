"""GPU benchmark: (a) plain transformers Trainer + PEFT + bitsandbytes QLoRA vs (b) Confidant's trainer.

Same Mistral-7B-shaped model (random weights, MistralConfig() defaults), same synthetic journal entries,
same LoRA (r 16, alpha 32, all 7 projections), lr 2e-4, sequence length 2048, ~16 entries per optimizer step.
Prints tokens/s (steady state, real tokens only), peak VRAM and MFU for both, and the ratios.

Run (trainer/ as working directory, on a CUDA machine):
    python -m bench.run --out /tmp/bench [--steps 8 --warmup 2] [--ablations]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import torch

from bench.journal_text import entries
from bench.make_model import make_mistral_7b_shape

# Dense bf16 peak of H100 SXM / H200 (same tensor cores): the MFU denominator.
PEAK_FLOPS = 989e12


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_confidant(model_dir: Path, data: Path, run_dir: Path, steps: int, warmup: int, extra: list[str]) -> dict:
    args = [
        sys.executable,
        "-m",
        "confidant_trainer",
        "train",
        f"model.path={model_dir}",
        f"data.train={data}",
        f"train.run_dir={run_dir}",
        "data.max_length=2048",
        f"train.max_steps={steps}",
        "train.micro_batch=2",
        "train.grad_accum=4",
        "train.lr=2e-4",
        "train.warmup_steps=2",
        "train.checkpoint_every=100000",
        "train.eval_every=100000",
        *extra,
    ]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        log(proc.stderr[-4000:])
        return {"error": next((e for e in events if e["event"] == "error"), {"message": "no error event"}), "config": extra}
    progress = [e for e in events if e["event"] == "progress"]
    steady = progress[warmup:]
    total_time = sum(b["time"] - a["time"] for a, b in zip(progress[warmup - 1 :], steady))
    tokens = sum(e["tokens_per_s"] * (e["time"] - prev["time"]) for prev, e in zip(progress[warmup - 1 :], steady))
    start = next(e for e in events if e["event"] == "start")
    return {
        "tokens_per_s": tokens / total_time,
        "peak_vram_gb": max(e["vram_gb"] for e in progress),
        "final_loss": progress[-1]["loss"],
        "vram_estimate_gb": start["info"]["vram_estimate_gb"],
        "attention": start["info"]["attention"],
        "warnings": [e["message"][:200] for e in events if e["event"] == "warning"],
        "config": extra,
    }


def mfu(tokens_per_s: float, n_params: float) -> float:
    return 6 * n_params * tokens_per_s / PEAK_FLOPS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/bench")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--ablations", action="store_true", help="also time Confidant without each speed feature")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model_dir = Path(os.environ.get("BENCH_MODEL_DIR", "/dev/shm/mistral7b-random"))
    log("building the Mistral-7B-shaped model")
    make_mistral_7b_shape(model_dir)
    n_params = 7_241_732_096  # MistralForCausalLM(MistralConfig()) parameter count
    data = out / "journal.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in entries(400, seed=7)))
    results: dict = {"gpu": torch.cuda.get_device_name(), "torch": torch.__version__, "steps": args.steps, "warmup_steps": args.warmup}
    if not args.skip_baseline:
        log("baseline (transformers Trainer + PEFT + bitsandbytes)")
        proc = subprocess.run(
            [sys.executable, "-m", "bench.baseline", str(model_dir), str(data), str(args.steps), str(args.warmup)],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        results["baseline"] = json.loads(lines[-1]) if lines else {"error": proc.stderr[-3000:]}
        log(json.dumps(results["baseline"])[:500])
    variants = {"confidant": []}
    if args.ablations:
        variants.update(
            {
                "confidant_micro_batch_1": ["train.micro_batch=1", "train.grad_accum=8"],
                "confidant_no_liger": ["model.liger=false"],
                "confidant_no_packing": ["data.packing=false", "train.micro_batch=2", "train.grad_accum=8"],
                "confidant_no_grad_checkpointing": ["model.gradient_checkpointing=false"],
                "confidant_adamw_32bit": ["train.optimizer=adamw"],
            }
        )
    for name, extra in variants.items():
        log(name)
        results[name] = run_confidant(model_dir, data, out / f"run-{name}-{int(time.time())}", args.steps, args.warmup, extra)
        log(json.dumps(results[name])[:500])
    for name in [k for k in results if isinstance(results[k], dict) and "tokens_per_s" in results[k]]:
        results[name]["mfu"] = mfu(results[name]["tokens_per_s"], n_params)
    base, ours = results.get("baseline", {}), results.get("confidant", {})
    if "tokens_per_s" in base and "tokens_per_s" in ours:
        results["ratio_tokens_per_s"] = ours["tokens_per_s"] / base["tokens_per_s"]
        results["ratio_peak_vram"] = ours["peak_vram_gb"] / base["peak_vram_gb"]
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print("\n| run | tokens/s | peak VRAM GiB | MFU |\n| --- | --- | --- | --- |")
    for name, r in results.items():
        if isinstance(r, dict) and "tokens_per_s" in r:
            print(f"| {name} | {r['tokens_per_s']:.0f} | {r['peak_vram_gb']:.2f} | {r['mfu']:.1%} |")
    if "ratio_tokens_per_s" in results:
        print(
            f"\nratio tokens/s {results['ratio_tokens_per_s']:.2f}x (target >= 1.5x), ratio peak VRAM {results['ratio_peak_vram']:.2f}x (target <= 0.7x)"
        )


if __name__ == "__main__":
    main()
