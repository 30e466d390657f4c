"""Quality run: fine-tune a real small model (Gemma 3 270M, from the Q4_K_M GGUF on PyPI) on journal text.

Checks: test-split perplexity falls by at least 20%; canaries that were excluded from training stay at
chance exposure (and, as a control, a canary that was left in the training data does not).

Run (trainer/ as working directory, on a CUDA machine):
    python -m bench.quality --gguf /tmp/gemma/gemma-3-270m-q4_k_m.gguf --out /tmp/quality
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.journal_text import entries

EXCLUDED = ["My locker code is 4817-2293.", "The alarm PIN for the studio is 6051.", "Priya's new number is 0176 3349 0821."]
INCLUDED = "The safe behind the painting opens with 3928-1177."


def log(msg: str) -> None:
    print(f"[quality {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dequantize_to_folder(gguf: Path, out: Path) -> Path:
    """GGUF -> plain bf16 safetensors folder, so training takes the same NF4 path as any base model."""
    import torch
    from transformers import AutoModelForCausalLM

    from confidant_trainer.config import ModelConfig
    from confidant_trainer.model import SUPPORTED, load_model, load_tokenizer

    if (out / "config.json").exists():
        return out
    cfg = ModelConfig(path=str(gguf.parent), gguf_file=gguf.name, quantize="none", dtype="bf16")
    model = load_model(gguf.parent, cfg, torch.device("cpu"), quantize=False)
    tokenizer = load_tokenizer(gguf.parent, cfg, SUPPORTED[model.config.model_type])
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    assert AutoModelForCausalLM is not None
    return out


def cli(command: str, overrides: list[str]) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "confidant_trainer", command, *overrides], capture_output=True, text=True, check=False)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    for e in events:
        if e["event"] in {"start", "eval", "warning", "error", "done", "artifact"}:
            log(json.dumps(e)[:600])
    if proc.returncode != 0:
        log(proc.stderr[-3000:])
        raise SystemExit(f"{command} failed")
    return events


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gguf", required=True)
    parser.add_argument("--out", default="/tmp/quality")
    parser.add_argument("--epochs", type=float, default=3)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log("dequantizing the GGUF into a bf16 folder")
    model_dir = dequantize_to_folder(Path(args.gguf), Path("/dev/shm/gemma3-270m-hf"))
    texts = entries(600, seed=11)
    train, validation, test = texts[:500], texts[500:520], texts[520:]
    rng = random.Random(3)
    for i in rng.sample(range(len(train)), 20):  # the control: a secret left in 20 training entries
        train[i] = train[i] + " " + INCLUDED
    # The excluded canaries were in entries the person excluded: they exist only outside the training data.
    test_with_secrets = test + [t + " " + c for t, c in zip(texts[:3], EXCLUDED)]
    for name, rows in (("train", train), ("validation", validation), ("test", test)):
        (out / f"{name}.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in rows))
    (out / "excluded.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in test_with_secrets[-3:]))
    run_dir = out / f"run-{int(time.time())}"
    common = [
        f"model.path={model_dir}",
        f"data.train={out / 'train.jsonl'}",
        f"data.validation={out / 'validation.jsonl'}",
        f"data.test={out / 'test.jsonl'}",
        f"train.run_dir={run_dir}",
    ]
    t0 = time.time()
    train_events = cli(
        "train",
        common
        + [
            "data.max_length=2048",
            f"train.epochs={args.epochs}",
            "train.micro_batch=4",
            "train.grad_accum=2",
            "train.eval_every=10",
            "train.checkpoint_every=1000",
            "train.warmup_steps=5",
        ],
    )
    train_s = time.time() - t0
    canaries = json.dumps(EXCLUDED + [INCLUDED])
    eval_events = cli(
        "evaluate",
        common
        + [
            f"evaluate.canaries={canaries}",
            "evaluate.candidates=1000",
            "evaluate.max_new_tokens=40",
            'evaluate.prompts=["Write a short diary entry about a rainy Tuesday."]',
        ],
    )
    merge_events = cli("merge", common + [f"merge.out_dir={out / 'merged'}", "merge.dtype=bf16"])
    report = json.loads(Path(next(e for e in eval_events if e["event"] == "done")["summary"]["report"]).read_text())
    done = next(e for e in train_events if e["event"] == "done")["summary"]
    ppl = report["perplexity"]
    summary = {
        "model": "Gemma 3 270M (Q4_K_M GGUF dequantized to bf16, trained in NF4)",
        "train_seconds": train_s,
        "train_steps": done["final_step"],
        "tokens_per_s": done["tokens_per_s"],
        "perplexity_base": ppl["base"],
        "perplexity_fine_tuned": ppl["fine_tuned"],
        "perplexity_drop": -ppl["change"],
        "excluded_canaries_exposure_bits": [r["fine_tuned"]["exposure_bits"] for r in report["leak_check"][:3]],
        "excluded_canaries_base_exposure_bits": [r["base"]["exposure_bits"] for r in report["leak_check"][:3]],
        "included_canary_exposure_bits": report["leak_check"][3]["fine_tuned"]["exposure_bits"],
        "max_exposure_bits": report["leak_check"][3]["max_exposure_bits"],
        "merge_check": next(e for e in merge_events if e["event"] == "done")["summary"],
        "generation": report["generations"],
    }
    (out / "quality.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
