"""`merge`: base weights + adapter -> one standalone model folder (safetensors, tokenizer, chat template).

Run: python -m confidant_trainer merge --config run.yaml

The base is loaded in bf16/fp16/fp32, never 4-bit: folding the adapter into quantized weights would
round it away. Before anything is written, merged and unmerged logits are compared on sample text;
the folder appears (by rename) only if they agree within the tolerance.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import torch

from .config import Config
from .events import Emit, TrainerError
from .model import load_tokenizer, read_spec, resolve_model_dir

SAMPLE = "Dear diary, today I walked to the market, bought bread and thought about the summer ahead."
# Relative tolerance: max |logit difference| / max |logit|. fp32 merges are exact to rounding; bf16 keeps
# 8 mantissa bits, so W + BA rounds once more than W x + B(A x) does (Gemma 3 270M measured 0.047 on an
# H100). In addition the top token must agree at MIN_TOP1 of the positions.
DEFAULT_TOLERANCE = {"fp32": 1e-4, "fp16": 5e-2, "bf16": 1e-1}
MIN_TOP1 = 0.9
DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}


@torch.no_grad()
def _logits(model: Any, ids: torch.Tensor) -> torch.Tensor:
    return model(input_ids=ids).logits.float()  # [1, T, V]


def compare_logits(unmerged: torch.Tensor, merged: torch.Tensor) -> dict[str, float]:
    """Max absolute and relative difference, and how often the top token agrees."""
    diff = (unmerged - merged).abs().max().item()
    scale = max(unmerged.abs().max().item(), 1e-6)
    agree = (unmerged.argmax(-1) == merged.argmax(-1)).float().mean().item()
    return {"max_abs_diff": diff, "relative_diff": diff / scale, "top1_agreement": agree}


def run_merge(config: Config, emit: Emit) -> dict[str, Any]:
    """Entry point of `merge`: returns the check's numbers and the output folder."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    m = config.merge
    adapter = Path(m.adapter) if m.adapter else Path(config.train.run_dir) / "adapter"
    if not (adapter / "adapter_config.json").is_file():
        raise TrainerError("adapter_missing", f"no adapter at {adapter}", "train first, or set merge.adapter to the adapter folder")
    out_dir = Path(m.out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise TrainerError(
            "out_dir_exists", f"{out_dir} already holds files", "pick a new merge.out_dir; Confidant never overwrites a model"
        )
    model_dir = resolve_model_dir(config.model, emit)
    model_type, spec = read_spec(model_dir, config.model)
    tokenizer = load_tokenizer(model_dir, config.model, spec)
    dtype = DTYPES[m.dtype]
    tolerance = m.tolerance or DEFAULT_TOLERANCE[m.dtype]
    emit("start", command="merge", info={"model_type": model_type, "dtype": m.dtype, "tolerance": tolerance, "adapter": str(adapter)})
    kwargs: dict[str, Any] = {"dtype": dtype}
    if config.model.gguf_file:
        kwargs["gguf_file"] = config.model.gguf_file
    base = AutoModelForCausalLM.from_pretrained(model_dir, **kwargs)
    model = PeftModel.from_pretrained(base, adapter)
    model.eval()
    ids = tokenizer(SAMPLE, return_tensors="pt")["input_ids"]
    unmerged = _logits(model, ids)
    merged_model = model.merge_and_unload()
    check = compare_logits(unmerged, _logits(merged_model, ids))
    check["tolerance"] = tolerance
    if check["relative_diff"] > tolerance or check["top1_agreement"] < MIN_TOP1:
        raise TrainerError(
            "merge_mismatch",
            f"merged logits differ by {check['relative_diff']:.3g} (relative; tolerance {tolerance}), top token agrees at {check['top1_agreement']:.0%}",
            "merge in fp32 (merge.dtype=fp32); if that also fails, the adapter does not match this base model",
        )
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        merged_model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        # transformers 5 saves only tokenizer.json; llama.cpp's converter needs the SentencePiece
        # model for its scores, or the GGUF would tokenize differently from training.
        if (model_dir / "tokenizer.model").is_file() and not (tmp / "tokenizer.model").exists():
            shutil.copyfile(model_dir / "tokenizer.model", tmp / "tokenizer.model")
        stop_ids = [
            i for i in (tokenizer.convert_tokens_to_ids(t) for t in spec.stop_tokens) if i is not None and i != tokenizer.unk_token_id
        ]
        (tmp / "confidant.json").write_text(
            json.dumps(
                {
                    "model_type": model_type,
                    "gguf_arch": spec.gguf_arch,
                    "stop_tokens": list(spec.stop_tokens),
                    "stop_token_ids": stop_ids,
                    "merge_check": check,
                },
                indent=2,
            )
        )
        if out_dir.exists():
            out_dir.rmdir()
        tmp.rename(out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        from .checkpoint import disk_error

        raise disk_error(exc, out_dir) from exc
    size = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    emit("artifact", kind="merged_model", path=str(out_dir), bytes=size)
    return {"out_dir": str(out_dir), **check}
