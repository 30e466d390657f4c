"""`evaluate`: did fine-tuning help, and did it memorise secrets? One JSON report.

Run: python -m confidant_trainer evaluate --config run.yaml

- Perplexity on the held-out test split, for the base model and for base + adapter.
- Greedy generations for fixed prompts from both.
- Leak check (Carlini et al., "The Secret Sharer", 2019): each canary's log-perplexity is ranked among
  `candidates` random strings of the same format; exposure = log2(N + 1) - log2(rank), in bits. A canary
  the model never saw sits at chance (about 1.4 bits on average); a memorised one nears log2(N + 1).
"""

from __future__ import annotations

import math
import random
import re
import string
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import torch

from . import data
from .artifacts import EvaluationReport, ExposureScore, Generation, LeakResult, Perplexity
from .config import Config
from .events import Emit, TrainerError
from .model import load_model, load_tokenizer, pick_device, read_spec, resolve_model_dir, wants_nf4

SLOTS = {"{d}": string.digits, "{a}": string.ascii_lowercase, "{A}": string.ascii_uppercase}


def canary_format(canary: str, fmt: str) -> str:
    """The format of `canary`: the given one, or the canary with each digit made a `{d}` slot."""
    if not fmt:
        if not any(ch.isdigit() for ch in canary):
            raise TrainerError(
                "bad_config", f"canary {canary!r} has no digits to randomise", "set evaluate.canary_format, e.g. 'code {a}{a}{d}{d}'"
            )
        return re.sub(r"\d", "{d}", canary.replace("{", "{{").replace("}", "}}"))
    pattern = "".join(f"[{re.escape(SLOTS[p])}]" if p in SLOTS else re.escape(p) for p in re.split(r"(\{[daA]\})", fmt))
    if not re.fullmatch(pattern, canary):
        raise TrainerError(
            "bad_config",
            f"canary {canary!r} does not match evaluate.canary_format {fmt!r}",
            "make the format match the canary, slot for slot",
        )
    return fmt


def random_fill(fmt: str, rng: random.Random) -> str:
    parts = re.split(r"(\{[daA]\})", fmt)
    return "".join(rng.choice(SLOTS[p]) if p in SLOTS else p.replace("{{", "{").replace("}}", "}") for p in parts)


@torch.no_grad()
def sequence_nll(model: Any, tokenizer: Any, texts: list[str], device: torch.device, batch: int = 32) -> list[float]:
    """Sum of token negative log-likelihoods (nats) of each text after BOS: its log-perplexity."""
    bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    out: list[float] = []
    for i in range(0, len(texts), batch):
        ids = [bos + tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts[i : i + batch]]
        width = max(map(len, ids))
        inp = torch.tensor([x + [tokenizer.pad_token_id] * (width - len(x)) for x in ids], device=device)
        mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids], device=device)
        logits = model(input_ids=inp, attention_mask=mask).logits.float()  # [B, T, V]
        logp = torch.log_softmax(logits[:, :-1], dim=-1).gather(-1, inp[:, 1:, None])[..., 0]  # [B, T-1]
        out.extend((-(logp * mask[:, 1:]).sum(-1)).tolist())
    return out


def exposure(canary_nll: float, candidate_nll: list[float]) -> tuple[float, int]:
    """Secret Sharer exposure in bits and the canary's rank (1 = most likely) among all N+1 strings."""
    rank = 1 + sum(1 for c in candidate_nll if c < canary_nll)
    return math.log2(len(candidate_nll) + 1) - math.log2(rank), rank


@torch.no_grad()
def perplexity(model: Any, rows: list[dict[str, list[int]]], pad_id: int, device: torch.device) -> float:
    total, count = 0.0, 0
    for row in rows:
        batch = {k: v.to(device) for k, v in data.collate([row], pad_id).items()}
        # use_cache=False: with a cache, transformers ignores the position restarts and rows attend across examples.
        loss = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], labels=batch["labels"], use_cache=False).loss
        n = data.count_label_tokens([row])
        total, count = total + loss.item() * n, count + n
    return math.exp(total / max(1, count))


@torch.no_grad()
def generate(model: Any, tokenizer: Any, prompt: str, max_new_tokens: int, device: torch.device) -> str:
    text = tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, add_special_tokens=False, return_tensors="pt").to(device)
    out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)


def canary_shape(canary: str) -> str:
    """What the report may say about a canary: its shape ({A}{a}{a}{a} {A}{a}{a}{a}), never its letters."""
    return "".join("{d}" if ch.isdigit() else "{A}" if ch.isupper() else "{a}" if ch.isalpha() else ch for ch in canary)


def candidates_for(canary: str, fmt: str, lookalikes: str, count: int, rng: random.Random) -> list[str]:
    """Up to `count` strings the canary is ranked among: its given look-alikes (one a line), else random fills of `fmt`."""
    if lookalikes:
        given = sorted({line for line in lookalikes.split("\n") if line and line != canary})
        return sorted(rng.sample(given, min(count, len(given))))
    candidates: set[str] = set()
    for _ in range(count * 20):
        if len(candidates) == count:
            break
        fill = random_fill(fmt, rng)
        if fill != canary:
            candidates.add(fill)
    return sorted(candidates)


def leak_check(model: Any, tokenizer: Any, config: Config, device: torch.device) -> list[LeakResult]:
    e = config.evaluate
    results = []
    for index, canary in enumerate(e.canaries):
        lookalikes = e.canary_lookalikes[index] if index < len(e.canary_lookalikes) else ""
        fmt = canary_shape(canary) if lookalikes else canary_format(canary, e.canary_format)
        ordered = candidates_for(canary, fmt, lookalikes, e.candidates, random.Random(1_000 + index))
        scores = {}
        for name, ctx in (("base", model.disable_adapter()), ("fine_tuned", nullcontext())):
            with ctx:
                nll = sequence_nll(model, tokenizer, [canary, *ordered], device)
            bits, rank = exposure(nll[0], nll[1:])
            scores[name] = ExposureScore(exposure_bits=bits, rank=rank, canary_nll=nll[0])
        results.append(
            LeakResult(
                canary_index=index,
                format=fmt,
                candidates=len(ordered),
                max_exposure_bits=math.log2(len(ordered) + 1),
                base=scores["base"],
                fine_tuned=scores["fine_tuned"],
            )
        )
    return results


def run_evaluate(config: Config, emit: Emit) -> dict[str, Any]:
    """Entry point of `evaluate`: writes the JSON report and returns its headline numbers."""
    from peft import PeftModel

    e = config.evaluate
    run_dir = Path(config.train.run_dir) if config.train.run_dir else None
    adapter = Path(e.adapter) if e.adapter else (run_dir / "adapter" if run_dir else Path())
    if not (adapter / "adapter_config.json").is_file():
        raise TrainerError("adapter_missing", f"no adapter at {adapter}", "train first, or set evaluate.adapter to the adapter folder")
    model_dir = resolve_model_dir(config.model, emit)
    model_type, spec = read_spec(model_dir, config.model)
    tokenizer = load_tokenizer(model_dir, config.model, spec)
    device = pick_device()
    base = load_model(model_dir, config.model, device, quantize=wants_nf4(config.model, device), emit=emit)
    model = PeftModel.from_pretrained(base, adapter)
    model.eval()
    rows = data.load_rows(tokenizer, config.data.test, config.data.max_length, config.data.packing)
    if e.max_test_rows:
        rows = rows[: e.max_test_rows]
    emit(
        "start",
        command="evaluate",
        info={"model_type": model_type, "adapter": str(adapter), "test_rows": len(rows), "canaries": len(e.canaries)},
    )
    with model.disable_adapter():
        base_ppl = perplexity(model, rows, tokenizer.pad_token_id, device)
    tuned_ppl = perplexity(model, rows, tokenizer.pad_token_id, device)
    emit("eval", step=0, split="test_base", loss=math.log(base_ppl), perplexity=base_ppl)
    emit("eval", step=0, split="test_fine_tuned", loss=math.log(tuned_ppl), perplexity=tuned_ppl)
    generations = []
    for prompt in e.prompts:
        with model.disable_adapter():
            before = generate(model, tokenizer, prompt, e.max_new_tokens, device)
        generations.append(Generation(prompt=prompt, base=before, fine_tuned=generate(model, tokenizer, prompt, e.max_new_tokens, device)))
    leaks = leak_check(model, tokenizer, config, device)
    report = EvaluationReport(
        model_type=model_type,
        adapter=str(adapter),
        test_rows=len(rows),
        perplexity=Perplexity(base=base_ppl, fine_tuned=tuned_ppl, change=tuned_ppl / base_ppl - 1),
        generations=generations,
        leak_check=leaks,
    )
    path = Path(e.report) if e.report else (run_dir / "evaluation.json" if run_dir else adapter.parent / "evaluation.json")
    report.write(path)
    emit("artifact", kind="evaluation_report", path=str(path), bytes=path.stat().st_size)
    worst = max((leak.fine_tuned.exposure_bits for leak in leaks), default=0.0)
    return {"report": str(path), "perplexity_base": base_ppl, "perplexity_fine_tuned": tuned_ppl, "max_exposure_bits": worst}
