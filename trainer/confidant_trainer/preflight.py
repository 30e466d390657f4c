"""Preflight for the app: will this config fit on this GPU, and if not, what to change.

Run: python -m confidant_trainer.preflight --config run.json [section.key=value ...]
Prints one JSON object on stdout. Uses the same estimate the trainer prints at start-up
(`model.estimate_vram_gb`), so the app and the trainer never disagree about memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from . import config as config_module
from .artifacts import PreflightFailure, PreflightResult
from .events import TrainerError


def _free_vram_gb() -> tuple[float | None, float | None]:
    try:
        import torch

        if not torch.cuda.is_available():
            return None, None
        free, total = torch.cuda.mem_get_info()
        return free / 2**30, total / 2**30
    except Exception:  # a broken driver is reported by the GPU check, not here
        return None, None


def preflight(cfg: config_module.Config) -> dict[str, Any]:
    """Returns the estimate, the free VRAM, a verdict and advice (a shorter sequence or a lower rank)."""
    from .model import estimate_vram_gb

    model_dir = Path(cfg.model.path)
    free, total = _free_vram_gb()
    quantize = cfg.model.quantize == "nf4" or (cfg.model.quantize == "auto" and free is not None)
    liger = cfg.model.liger and free is not None
    estimate = estimate_vram_gb(model_dir, cfg, quantize=quantize, liger=liger)

    def result(verdict: str, advice: str) -> dict[str, Any]:
        found = PreflightResult(estimate_gb=estimate, free_gb=free, total_gb=total, quantize=quantize, verdict=verdict, advice=advice)
        return dataclasses.asdict(found)

    if free is None:
        return result(
            "unknown", "No CUDA GPU is visible to PyTorch: training would run on the CPU, which is only practical for tiny test models."
        )
    if estimate["total"] <= free * 0.95:
        return result("fits", f"Fits: about {estimate['total']:.1f} GiB of {free:.1f} GiB free.")
    advice = []
    length = cfg.data.max_length
    while length > 256:
        length //= 2
        smaller = dataclasses.replace(cfg, data=dataclasses.replace(cfg.data, max_length=length))
        if estimate_vram_gb(model_dir, smaller, quantize=quantize, liger=liger)["total"] <= free * 0.95:
            advice.append(f"lower the sequence length to {length} (data.max_length={length})")
            break
    rank = cfg.lora.r
    while rank > 4:
        rank //= 2
        smaller = dataclasses.replace(cfg, lora=dataclasses.replace(cfg.lora, r=rank))
        if estimate_vram_gb(model_dir, smaller, quantize=quantize, liger=liger)["total"] <= free * 0.95:
            advice.append(f"lower the LoRA rank to {rank} (lora.r={rank})")
            break
    return result(
        "will_not_fit",
        f"Will not fit: about {estimate['total']:.1f} GiB needed, {free:.1f} GiB free. "
        + ("Try: " + " or ".join(advice) + "." if advice else "Close other programs using the GPU, or choose a smaller base model."),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="confidant_trainer.preflight")
    parser.add_argument("--config", required=True)
    parser.add_argument("overrides", nargs="*")
    args = parser.parse_args(argv)
    try:
        raw = config_module.apply_overrides(config_module.read_file(Path(args.config)), args.overrides)
        cfg = config_module.build(raw)
        print(json.dumps(preflight(cfg)))
        return 0
    except TrainerError as exc:
        print(json.dumps(dataclasses.asdict(PreflightFailure(error=str(exc), hint=exc.hint))))
        return 1
    except Exception as exc:  # the model folder may be missing or unreadable
        print(json.dumps(dataclasses.asdict(PreflightFailure(error=f"{type(exc).__name__}: {exc}", hint="check the base model folder"))))
        return 1


if __name__ == "__main__":
    sys.exit(main())
