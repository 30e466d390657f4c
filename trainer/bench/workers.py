"""One timed training run per process: Confidant, plain HF + PEFT + bitsandbytes, or Unsloth.

All three read the same packed rows (Confidant's own data code), take the same rows for each optimizer
step (Confidant's shuffle), the same LoRA (r, alpha, dropout, 7 projections, seed), the same optimizer
(bitsandbytes paged 8-bit AdamW), lr schedule and gradient clipping, and report the same loss: the mean
over every label token of the step. They differ only in the model code. Confidant's step is the product's
own `Run.train_step`; the other two run the loop below, which mirrors it line for line, on micro-batches
flattened by transformers' `DataCollatorWithFlattening` (padding-free, one row per micro-batch, position
ids restarting at each entry). Each step is timed between `torch.cuda.synchronize()` calls.

Prints one JSON line. Run: python -m bench.workers KIND --model DIR --data FILE --out FILE [options]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
SEED = 42
LR = 2e-4


def log(msg: str) -> None:
    print(f"[worker {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def confidant_overrides(args: argparse.Namespace, run_dir: Path) -> list[str]:
    return [
        f"model.path={args.model}",
        f"data.train={args.data}",
        f"train.run_dir={run_dir}",
        f"data.max_length={args.max_length}",
        f"train.max_steps={args.steps}",
        f"train.micro_batch={args.micro_batch}",
        f"train.grad_accum={args.grad_accum}",
        f"lora.dropout={args.dropout}",
        f"train.lr={getattr(args, 'lr', LR)}",
        f"train.warmup_steps={args.warmup}",
        f"train.seed={SEED}",
        "train.checkpoint_every=100000",
        "train.eval_every=100000",
        *args.set,
    ]


def split_row(row: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    """A packed row back into its entries (position ids restart at 0 at each one)."""
    starts = [i for i, p in enumerate(row["position_ids"]) if p == 0] + [len(row["position_ids"])]
    return [{"input_ids": row["input_ids"][a:b]} for a, b in itertools.pairwise(starts)]


class Loop:
    """The step of `confidant_trainer.recipe.Run`, for a model built by another library."""

    def __init__(self, model: Any, rows: list[dict[str, list[int]]], args: argparse.Namespace, device: str = "cuda") -> None:
        from transformers import DataCollatorWithFlattening

        from confidant_trainer import data

        self.model, self.rows, self.args, self.data, self.device = model, rows, args, data, torch.device(device)
        self.params = [p for p in model.parameters() if p.requires_grad]
        if self.device.type == "cuda":
            import bitsandbytes as bnb

            self.optimizer: Any = bnb.optim.PagedAdamW8bit(self.params, lr=2e-4, weight_decay=0.0)
        else:  # what Confidant's `optimizer=auto` picks on the CPU
            self.optimizer = torch.optim.AdamW(self.params, lr=2e-4, weight_decay=0.0)
        self.collator = DataCollatorWithFlattening(return_position_ids=True, separator_id=data.IGNORE)
        self.step, self.cursor = 0, 0

    def next_rows(self) -> list[dict[str, list[int]]]:
        n, count = len(self.rows), self.args.micro_batch * self.args.grad_accum
        return [self.rows[self.data.epoch_order(n, g // n, SEED)[g % n]] for g in range(self.cursor, self.cursor + count)]

    def lr(self) -> float:
        """Confidant's `lr_at` for its cosine schedule."""
        peak, warmup, total = getattr(self.args, "lr", LR), self.args.warmup, self.args.steps
        if self.step < warmup:
            return peak * (self.step + 1) / warmup
        return peak * 0.5 * (1 + math.cos(math.pi * (self.step - warmup) / max(1, total - warmup)))

    def micro_batch(self, rows: list[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        features = [entry for row in rows for entry in split_row(row)]
        batch = self.collator(features, return_tensors="pt")
        flat = [t for row in rows for t in row["input_ids"]]
        assert batch["input_ids"][0].tolist() == flat, "flattened micro-batch differs from the packed rows"
        return {k: batch[k].to(self.device) for k in ("input_ids", "position_ids", "labels")}

    def train_step(self) -> tuple[float, int]:
        rows = self.next_rows()
        total_labels = max(1, self.data.count_label_tokens(rows))
        torch.manual_seed(SEED + self.step)
        loss_sum = 0.0
        for i in range(0, len(rows), self.args.micro_batch):
            part = rows[i : i + self.args.micro_batch]
            batch = self.micro_batch(part)
            autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=self.device.type == "cuda")
            with autocast:
                out = self.model(**batch, use_cache=False)
            n = self.data.count_label_tokens(part)
            (out.loss * n / total_labels).backward()
            loss_sum += out.loss.item() * n
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr()
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.cursor += len(rows)
        self.step += 1
        return loss_sum / total_labels, sum(len(r["input_ids"]) for r in rows)


class ConfidantSteps:
    """The product's `Run.train_step`, with the step count `Run.train` keeps (schedule and dropout seeds read it)."""

    def __init__(self, run: Any) -> None:
        self.run = run

    def train_step(self) -> tuple[float, int]:
        out = self.run.train_step()
        self.run.step += 1
        return out


def build_confidant(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from confidant_trainer import config as config_mod
    from confidant_trainer.events import EventWriter
    from confidant_trainer.recipe import Run

    run_dir = Path(tempfile.mkdtemp(prefix="bench-confidant-")) / "run"
    config, raw = config_mod.load(None, confidant_overrides(args, run_dir))
    writer = EventWriter(sys.stderr, keep=True)
    run = Run(config, raw, writer.emit)
    run.setup()
    run.model.train()
    start = next(e for e in writer.written if e["event"] == "start")["info"]
    return ConfidantSteps(run), {"attention": start["attention"], "vram_estimate_gb": start["vram_estimate_gb"]}


def confidant_rows(args: argparse.Namespace) -> tuple[Any, list[dict[str, list[int]]]]:
    from confidant_trainer import data
    from confidant_trainer.config import ModelConfig
    from confidant_trainer.model import load_tokenizer, read_spec

    cfg = ModelConfig(path=args.model)
    tokenizer = load_tokenizer(Path(args.model), cfg, read_spec(Path(args.model), cfg)[1])
    return tokenizer, data.load_rows(tokenizer, args.data, args.max_length, packing=True)


def build_hf(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    bnb = BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=torch.bfloat16
    )
    model = AutoModelForCausalLM.from_pretrained(
        args.model, quantization_config=bnb, device_map={"": 0}, dtype=torch.bfloat16, attn_implementation="sdpa"
    )
    model.config.use_cache = False
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    torch.manual_seed(SEED)
    lora = LoraConfig(r=16, lora_alpha=32, lora_dropout=args.dropout, target_modules=TARGETS, task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    model.train()  # from_pretrained leaves eval mode: no dropout and, in transformers, no checkpointing
    _, rows = confidant_rows(args)
    return Loop(model, rows, args), {"attention": "sdpa"}


def build_unsloth(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from unsloth import FastLanguageModel  # must come before transformers/peft: it patches them

    model, _tokenizer = FastLanguageModel.from_pretrained(
        model_name=args.model,
        max_seq_length=args.max_length * args.micro_batch,
        dtype=torch.bfloat16,
        load_in_4bit=True,
    )
    model = FastLanguageModel.get_peft_model(
        model,
        r=16,
        lora_alpha=32,
        lora_dropout=args.dropout,
        target_modules=TARGETS,
        bias="none",
        use_gradient_checkpointing="unsloth",
        random_state=SEED,
    )
    model.train()
    _, rows = confidant_rows(args)
    import unsloth

    return Loop(model, rows, args), {"unsloth": unsloth.__version__}


def paths() -> dict[str, Any]:
    """Which of Confidant's fast paths ran (a silent fallback must not pass for a speed-up)."""
    out: dict[str, Any] = {}
    if "confidant_trainer.attention" in sys.modules:
        out["attention_calls"] = dict(sys.modules["confidant_trainer.attention"].calls)
    if "confidant_trainer.lora_fused" in sys.modules:
        out["fused_lora_modules"] = len(sys.modules["confidant_trainer.lora_fused"].patched)
    return out


def profile_step(stepper: Any, path: Path) -> None:
    """One more step under the profiler: where the GPU time goes, kernel by kernel."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        stepper.train_step()
        torch.cuda.synchronize()
    table = prof.key_averages().table(sort_by="cuda_time_total", row_limit=40, max_name_column_width=90)
    path.write_text(table)
    log(f"profile written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["confidant", "hf_padding_free", "unsloth"])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True, help="JSON file the result is written to")
    parser.add_argument("--dropout", type=float, default=0.05)
    parser.add_argument("--micro-batch", type=int, default=2, help="packed rows per forward pass")
    parser.add_argument("--grad-accum", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=2048)
    parser.add_argument("--steps", type=int, default=14)
    parser.add_argument("--warmup", type=int, default=2, help="steps left out of the figures")
    parser.add_argument("--set", action="append", default=[], help="extra Confidant override section.key=value")
    parser.add_argument("--profile", default="", help="write a profiler table of one extra step here")
    args = parser.parse_args()
    t0 = time.perf_counter()
    builder = {"confidant": build_confidant, "hf_padding_free": build_hf, "unsloth": build_unsloth}[args.kind]
    stepper, info = builder(args)
    load_s = time.perf_counter() - t0
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    times, tokens, losses = [], [], []
    for _ in range(args.steps):
        start = time.perf_counter()
        loss, n = stepper.train_step()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
        tokens.append(n)
        losses.append(loss)
        log(f"{args.kind} step {len(times)}: {times[-1]:.2f} s, {n} tokens, loss {loss:.4f}")
    result = {
        "kind": args.kind,
        "dropout": args.dropout,
        "micro_batch_rows": args.micro_batch,
        "grad_accum": args.grad_accum,
        "extra": args.set,
        "load_s": load_s,
        "step_s": times,
        "step_tokens": tokens,
        "losses": losses,
        "peak_vram_gib": torch.cuda.max_memory_allocated() / 2**30,
        "peak_reserved_gib": torch.cuda.max_memory_reserved() / 2**30,
        **info,
        "paths": paths(),
    }
    Path(args.out).write_text(json.dumps(result))
    print(json.dumps(result), flush=True)
    if args.profile:
        profile_step(stepper, Path(args.profile))


if __name__ == "__main__":
    main()
