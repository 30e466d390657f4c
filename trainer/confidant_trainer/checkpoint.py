"""Checkpoints and run directories: safetensors for tensors, JSON for everything else, no pickles.

A checkpoint is written to `step-N.tmp` and renamed only when complete, so a crash or a full disk
leaves the previous checkpoints untouched; `state.json` is written last and marks a checkpoint whole.
"""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from .events import TrainerError

STATE = "state.json"


def disk_error(exc: OSError, where: Path) -> TrainerError:
    if exc.errno == errno.ENOSPC:
        return TrainerError("disk_full", f"the disk is full while writing {where}", "free some disk space, then resume the run")
    return TrainerError("io_error", f"cannot write {where}: {exc.strerror}", "check the run folder's disk and permissions")


def start_run_dir(run_dir: Path, run_info: dict[str, Any], config: dict[str, Any]) -> None:
    """Creates a new run directory; refuses one that already holds anything."""
    if run_dir.exists() and any(run_dir.iterdir()):
        raise TrainerError(
            "run_dir_exists", f"run folder {run_dir} already holds a run", "resume it with train.resume=true, or pick a new train.run_dir"
        )
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "config.json").write_text(json.dumps(config, indent=2))
        (run_dir / "run.json").write_text(json.dumps(run_info, indent=2))
    except OSError as exc:
        raise disk_error(exc, run_dir) from exc


def read_run_dir(run_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Returns (run info, config) saved by `start_run_dir`, for a resume."""
    try:
        return json.loads((run_dir / "run.json").read_text()), json.loads((run_dir / "config.json").read_text())
    except (OSError, ValueError) as exc:
        raise TrainerError(
            "run_missing", f"{run_dir} is not a Confidant run folder (no readable run.json)", "resume needs the folder of an earlier run"
        ) from exc


def _flatten_optimizer(state: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, Any] = {}
    for index, slots in state["state"].items():
        for key, value in slots.items():
            name = f"{index}.{key}"
            if torch.is_tensor(value):
                tensors[name] = value.detach().to("cpu").contiguous().clone()
            else:
                scalars[name] = value
    return tensors, {"scalars": scalars, "param_groups": state["param_groups"]}


def _unflatten_optimizer(tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> dict[str, Any]:
    state: dict[int, dict[str, Any]] = {}
    for name, value in list(tensors.items()) + list(meta["scalars"].items()):
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value
    return {"state": state, "param_groups": meta["param_groups"]}


def save(run_dir: Path, step: int, model: Any, optimizer: torch.optim.Optimizer, trainer_state: dict[str, Any], keep: int) -> Path:
    """Writes adapter + optimizer + trainer state for `step`; prunes all but the newest `keep`."""
    root = run_dir / "checkpoints"
    final = root / f"step-{step:06d}"
    tmp = root / f"step-{step:06d}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        model.save_pretrained(tmp, safe_serialization=True)
        tensors, meta = _flatten_optimizer(optimizer.state_dict())
        save_file(tensors, str(tmp / "optimizer.safetensors"))
        (tmp / "optimizer.json").write_text(json.dumps(meta))
        (tmp / STATE).write_text(json.dumps({**trainer_state, "step": step}))
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise disk_error(exc, tmp) from exc
    for old in list_checkpoints(run_dir)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def list_checkpoints(run_dir: Path) -> list[Path]:
    """Complete checkpoints, oldest first."""
    root = run_dir / "checkpoints"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".tmp") and (p / STATE).exists())


def load(path: Path, model: Any, optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """Restores adapter and optimizer from `path`; returns the saved trainer state."""
    from peft import set_peft_model_state_dict

    try:
        state = json.loads((path / STATE).read_text())
        adapter = load_file(str(path / "adapter_model.safetensors"))
        set_peft_model_state_dict(model, adapter)
        tensors = load_file(str(path / "optimizer.safetensors"))
        optimizer.load_state_dict(_unflatten_optimizer(tensors, json.loads((path / "optimizer.json").read_text())))
    except Exception as exc:
        raise TrainerError(
            "corrupt_checkpoint",
            f"checkpoint {path} cannot be read ({exc.__class__.__name__}: {exc})",
            f"move {path.name} out of {path.parent} to resume from the one before it",
        ) from exc
    return state
