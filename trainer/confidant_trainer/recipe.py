"""QLoRA fine-tuning, top to bottom: setup, train loop, validation, checkpoints, save.

Run: python -m confidant_trainer train --config run.yaml [section.key=value ...]

The schedule is a pure function of the step, the data order a pure function of (seed, epoch) and the
row cursor, and dropout is reseeded per step, so a run resumed from any checkpoint ends at the same
final step over the same batches. Out of memory is caught: halve the micro-batch (doubling
accumulation), then halve the sequence length, then stop with an error that says what to change.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import signal
import time
from pathlib import Path
from typing import Any

import torch

from . import checkpoint, data
from .artifacts import TrainCompleted, TrainStartInfo, TrainStopped
from .config import Config, build
from .events import Emit, TrainerError
from .model import (
    add_lora,
    attention_impl,
    estimate_vram_gb,
    load_model,
    load_tokenizer,
    pick_device,
    read_spec,
    resolve_model_dir,
    wants_nf4,
)

log = logging.getLogger(__name__)
MIN_LENGTH = 128  # below this, shortening the sequence no longer makes a useful run


class FaultInjector:
    """Test hook: `oom@STEP[xN]` raises out-of-memory N times at STEP; `stop@STEP` sends SIGTERM there."""

    def __init__(self, spec: str) -> None:
        self.plans: list[tuple[str, int, int]] = []
        for part in filter(None, spec.split(",")):
            kind, _, rest = part.partition("@")
            step, _, count = rest.partition("x")
            self.plans.append((kind, int(step), int(count or 1)))

    def check(self, kind: str, step: int) -> bool:
        for i, (k, s, n) in enumerate(self.plans):
            if k == kind and s == step and n > 0:
                self.plans[i] = (k, s, n - 1)
                return True
        return False


def lr_at(step: int, total: int, config: Config) -> float:
    """Learning rate for optimizer step `step` (0-based): linear warmup, then the chosen decay."""
    t = config.train
    if step < t.warmup_steps:
        return t.lr * (step + 1) / t.warmup_steps
    progress = (step - t.warmup_steps) / max(1, total - t.warmup_steps)
    if t.schedule == "cosine":
        return t.lr * 0.5 * (1 + math.cos(math.pi * progress))
    if t.schedule == "linear":
        return t.lr * (1 - progress)
    return t.lr


def make_optimizer(params: list[torch.nn.Parameter], config: Config, device: torch.device) -> torch.optim.Optimizer:
    name = config.train.optimizer
    if name == "auto":
        name = "paged_adamw_8bit" if device.type == "cuda" else "adamw"
    if name == "paged_adamw_8bit":
        import bitsandbytes as bnb

        return bnb.optim.PagedAdamW8bit(params, lr=config.train.lr, weight_decay=config.train.weight_decay)
    return torch.optim.AdamW(params, lr=config.train.lr, weight_decay=config.train.weight_decay)


class Run:
    """One training run: everything the loop reads and the checkpoints restore."""

    def __init__(self, config: Config, raw: dict[str, Any], emit: Emit) -> None:
        self.config, self.raw, self.emit = config, raw, emit
        self.run_dir = Path(config.train.run_dir)
        self.stop_requested = False
        self.faults = FaultInjector(os.environ.get("CONFIDANT_FAULT") or config.train.fault)

    # ---- setup -------------------------------------------------------------------------------
    def setup(self) -> None:
        c = self.config
        if c.train.resume:
            info, saved = checkpoint.read_run_dir(self.run_dir)
            # The saved config is the run's truth; only `resume` differs on the command line.
            saved.setdefault("train", {})["resume"] = True
            self.config = c = build(saved)
        self.model_dir = resolve_model_dir(c.model, self.emit)
        self.model_type, self.spec = read_spec(self.model_dir, c.model)
        self.tokenizer = load_tokenizer(self.model_dir, c.model, self.spec)
        self.device = pick_device()
        self.quantize = wants_nf4(c.model, self.device)
        self.micro_batch, self.grad_accum, self.max_length = c.train.micro_batch, c.train.grad_accum, c.data.max_length
        self.load_data()
        rows_per_step = self.micro_batch * self.grad_accum
        total = c.train.max_steps or math.ceil(c.train.epochs * len(self.rows) / rows_per_step)
        if c.train.resume:
            self.total_steps = info["total_steps"]
        else:
            self.total_steps = total
            checkpoint.start_run_dir(self.run_dir, {"total_steps": total, "model_type": self.model_type}, self.raw_config())
        liger = c.model.liger and self.device.type == "cuda"
        estimate = estimate_vram_gb(self.model_dir, c, quantize=self.quantize, liger=liger)
        self.emit(
            "start",
            command="train",
            info=dataclasses.asdict(
                TrainStartInfo(
                    model_type=self.model_type,
                    device=torch.cuda.get_device_name() if self.device.type == "cuda" else "cpu",
                    quantize="nf4" if self.quantize else "none",
                    attention=attention_impl(c.model, self.device),
                    train_rows=len(self.rows),
                    train_tokens=sum(len(r["input_ids"]) for r in self.rows),
                    tokens_per_step_max=rows_per_step * self.max_length,
                    rows_per_step=rows_per_step,
                    total_steps=self.total_steps,
                    resumed=c.train.resume,
                    vram_estimate_gb=estimate,
                )
            ),
        )
        base = load_model(self.model_dir, c.model, self.device, quantize=self.quantize, emit=self.emit)
        torch.manual_seed(c.train.seed)  # LoRA's initial A matrices
        self.model = add_lora(base, c.lora, gradient_checkpointing=c.model.gradient_checkpointing)
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = make_optimizer(self.params, c, self.device)
        self.step, self.cursor = 0, 0
        if c.train.resume:
            self.restore()

    def raw_config(self) -> dict[str, Any]:
        out = {f.name: dataclasses.asdict(getattr(self.config, f.name)) for f in dataclasses.fields(self.config) if f.name != "export"}
        out["export"] = self.config.export
        out["train"]["fault"] = ""  # a test's injected fault must not replay on resume
        return out

    def load_data(self) -> None:
        c = self.config
        self.rows = data.load_rows(self.tokenizer, c.data.train, self.max_length, c.data.packing)
        self.val_rows = data.load_rows(self.tokenizer, c.data.validation, self.max_length, c.data.packing) if c.data.validation else []

    def restore(self) -> None:
        found = checkpoint.list_checkpoints(self.run_dir)
        if not found:
            self.emit("warning", message=f"no checkpoint in {self.run_dir}; starting from step 0", hint="nothing to do")
            return
        state = checkpoint.load(found[-1], self.model, self.optimizer)
        self.step, self.cursor = state["step"], state["cursor"]
        if (state["micro_batch"], state["grad_accum"], state["max_length"]) != (self.micro_batch, self.grad_accum, self.max_length):
            self.micro_batch, self.grad_accum = state["micro_batch"], state["grad_accum"]
            if state["max_length"] != self.max_length:
                self.max_length = state["max_length"]
                self.load_data()
        self.emit("warning", message=f"resumed from {found[-1].name} at step {self.step}", hint="the run continues its schedule")

    # ---- train -------------------------------------------------------------------------------
    def next_rows(self) -> list[dict[str, list[int]]]:
        n, count = len(self.rows), self.micro_batch * self.grad_accum
        picked = []
        for g in range(self.cursor, self.cursor + count):
            order = data.epoch_order(n, g // n, self.config.train.seed)
            picked.append(self.rows[order[g % n]])
        return picked

    def forward_loss(self, rows: list[dict[str, list[int]]]) -> tuple[torch.Tensor, int]:
        """Mean loss over the label tokens in `rows`, and their count."""
        batch = {k: v.to(self.device) for k, v in data.collate(rows, self.tokenizer.pad_token_id).items()}
        autocast = torch.autocast("cuda", dtype=torch.bfloat16) if self.device.type == "cuda" else torch.autocast("cpu", enabled=False)
        with autocast:
            # attention_mask=None + restarting position_ids = packed rows with a block-diagonal mask.
            out = self.model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], labels=batch["labels"], use_cache=False)
        return out.loss, data.count_label_tokens(rows)

    def train_step(self) -> tuple[float, int]:
        """One optimizer step over micro_batch x grad_accum rows; returns (loss, tokens seen)."""
        rows = self.next_rows()
        total_labels = max(1, data.count_label_tokens(rows))
        torch.manual_seed(self.config.train.seed + self.step)  # dropout masks independent of resumes
        loss_sum = 0.0
        for i in range(0, len(rows), self.micro_batch):
            if self.faults.check("oom", self.step):
                raise torch.OutOfMemoryError("injected out-of-memory (CONFIDANT_FAULT)")
            loss, n = self.forward_loss(rows[i : i + self.micro_batch])
            (loss * n / total_labels).backward()
            loss_sum += loss.item() * n
        if not math.isfinite(loss_sum):
            raise TrainerError(
                "diverged", f"the loss became {loss_sum} at step {self.step}", "lower train.lr (e.g. halve it) and start a new run"
            )
        torch.nn.utils.clip_grad_norm_(self.params, self.config.train.max_grad_norm)
        lr = lr_at(self.step, self.total_steps, self.config)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.cursor += len(rows)
        return loss_sum / total_labels, sum(len(r["input_ids"]) for r in rows)

    def shrink_after_oom(self) -> None:
        """Same effective batch with a smaller micro-batch; else shorter rows; else give up."""
        self.optimizer.zero_grad(set_to_none=True)
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        if self.micro_batch > 1:
            self.micro_batch //= 2
            self.grad_accum *= 2
            self.emit(
                "warning",
                message=f"out of memory; micro-batch now {self.micro_batch}, accumulation {self.grad_accum}",
                hint="same effective batch; slower per step",
            )
        elif self.max_length // 2 >= MIN_LENGTH:
            self.max_length //= 2
            self.cursor *= 2  # about twice as many rows now; keeps the position within the epoch
            self.load_data()
            self.emit(
                "warning",
                message=f"out of memory at micro-batch 1; sequence length now {self.max_length}",
                hint="long entries are split into shorter pieces",
            )
        else:
            raise TrainerError(
                "out_of_memory",
                f"out of memory even at micro-batch 1 and sequence length {self.max_length}",
                "close other programs using the GPU, pick a smaller base model, or lower lora.r",
            )

    def validate(self) -> None:
        if not self.val_rows:
            return
        self.model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(self.val_rows), self.micro_batch):
                loss, n = self.forward_loss(self.val_rows[i : i + self.micro_batch])
                total, count = total + loss.item() * n, count + n
        self.model.train()
        mean = total / max(1, count)
        self.emit("eval", step=self.step, split="validation", loss=mean, perplexity=math.exp(min(mean, 50.0)))

    def save_checkpoint(self) -> None:
        state = {"cursor": self.cursor, "micro_batch": self.micro_batch, "grad_accum": self.grad_accum, "max_length": self.max_length}
        path = checkpoint.save(self.run_dir, self.step, self.model, self.optimizer, state, self.config.train.keep_checkpoints)
        self.emit("checkpoint", step=self.step, path=str(path))

    def train(self) -> dict[str, Any]:
        t = self.config.train
        self.model.train()
        if self.device.type == "cuda":
            torch.cuda.reset_peak_memory_stats()  # the load's transient peak is not the training's
        started, tokens_total, loss = time.time(), 0, float("nan")
        window_start, window_tokens = time.time(), 0
        while self.step < self.total_steps and not self.stop_requested:
            if self.faults.check("stop", self.step):
                os.kill(os.getpid(), signal.SIGTERM)
            t0 = time.time()
            try:
                loss, tokens = self.train_step()
            except torch.OutOfMemoryError:
                self.shrink_after_oom()
                continue
            self.step += 1
            elapsed = time.time() - t0
            tokens_total, window_tokens = tokens_total + tokens, window_tokens + tokens
            if self.step % t.log_every == 0 or self.step == self.total_steps:
                now = time.time()
                rate = window_tokens / max(1e-9, now - window_start)  # since the previous progress event
                window_start, window_tokens = now, 0
                vram = torch.cuda.max_memory_allocated() / 2**30 if self.device.type == "cuda" else 0.0
                eta = elapsed * (self.total_steps - self.step)
                self.emit(
                    "progress",
                    step=self.step,
                    total_steps=self.total_steps,
                    loss=loss,
                    lr=lr_at(self.step - 1, self.total_steps, self.config),
                    tokens_per_s=rate,
                    eta_s=eta,
                    vram_gb=vram,
                )
            if self.step % t.eval_every == 0 and self.step < self.total_steps:
                self.validate()
            if self.step % t.checkpoint_every == 0 or self.stop_requested:
                self.save_checkpoint()
        if self.stop_requested and self.step < self.total_steps:
            if (
                not checkpoint.list_checkpoints(self.run_dir)
                or checkpoint.list_checkpoints(self.run_dir)[-1].name != f"step-{self.step:06d}"
            ):
                self.save_checkpoint()
            return dataclasses.asdict(TrainStopped(stopped_at_step=self.step, total_steps=self.total_steps, run_dir=str(self.run_dir)))
        self.validate()
        return self.save_final(loss, tokens_total / max(1e-9, time.time() - started))

    def save_final(self, loss: float, rate: float) -> dict[str, Any]:
        adapter = self.run_dir / "adapter"
        try:
            self.model.save_pretrained(adapter, safe_serialization=True)
            self.tokenizer.save_pretrained(adapter)
        except OSError as exc:
            raise checkpoint.disk_error(exc, adapter) from exc
        size = sum(f.stat().st_size for f in adapter.iterdir() if f.is_file())
        self.emit("artifact", kind="adapter", path=str(adapter), bytes=size)
        trainable = sum(p.numel() for p in self.params)
        return dataclasses.asdict(
            TrainCompleted(
                final_step=self.step,
                total_steps=self.total_steps,
                final_loss=loss if math.isfinite(loss) else None,
                tokens_per_s=rate,
                trainable_params=trainable,
                micro_batch=self.micro_batch,
                grad_accum=self.grad_accum,
                max_length=self.max_length,
                adapter=str(adapter),
            )
        )


def run_train(config: Config, raw: dict[str, Any], emit: Emit) -> dict[str, Any]:
    """Entry point of `train`: returns the `done` summary. SIGTERM/SIGINT stop after a checkpoint."""
    run = Run(config, raw, emit)

    def request_stop(signum: int, _frame: Any) -> None:
        log.info("signal %s: stopping after this step", signum)
        run.stop_requested = True

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        run.setup()
        return run.train()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
