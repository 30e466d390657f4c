"""`python -m confidant_trainer doctor`: one JSON object describing the trainer's environment.

The app shows it in `confidant status` and before a run, so a missing CUDA or bitsandbytes is seen
before any weights load. Never raises: every probe reports its own failure as a value.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import platform
import sys
from typing import Any


def _version(module: str, distribution: str | None = None) -> str | None:
    """The installed version of `module`, None if absent, "broken: ..." if it does not import.

    The import proves the package works; the version comes from the distribution's metadata, since
    not every package sets `__version__` (liger-kernel does not).
    """
    if importlib.util.find_spec(module) is None:
        return None
    try:
        imported = importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - a broken install is information, not a crash
        return f"broken: {exc.__class__.__name__}: {exc}"
    try:
        return importlib.metadata.version(distribution or module)
    except importlib.metadata.PackageNotFoundError:
        return str(getattr(imported, "__version__", "unknown"))


def collect() -> dict[str, Any]:
    """Returns python, torch, CUDA, GPU and optional-package facts as plain JSON values."""
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "torch": _version("torch"),
        "transformers": _version("transformers"),
        "peft": _version("peft"),
        "cuda_available": False,
        "cuda": None,
        "gpus": [],
        "bitsandbytes": None,
        "bitsandbytes_importable": False,
        "liger_kernel": _version("liger_kernel", "liger-kernel"),
    }
    try:
        import torch

        report["cuda"] = torch.version.cuda
        report["cuda_available"] = bool(torch.cuda.is_available())
        for index in range(torch.cuda.device_count() if report["cuda_available"] else 0):
            free, total = torch.cuda.mem_get_info(index)
            report["gpus"].append(
                {
                    "index": index,
                    "name": torch.cuda.get_device_name(index),
                    "free_vram_gb": round(free / 2**30, 2),
                    "total_vram_gb": round(total / 2**30, 2),
                    "compute_capability": ".".join(map(str, torch.cuda.get_device_capability(index))),
                }
            )
    except Exception as exc:  # noqa: BLE001 - a broken CUDA setup is reported, not raised
        report["torch_error"] = f"{exc.__class__.__name__}: {exc}"
    version = _version("bitsandbytes")
    report["bitsandbytes"] = version
    report["bitsandbytes_importable"] = version is not None and not version.startswith("broken")
    report["ready_for_gpu_training"] = bool(report["gpus"]) and report["bitsandbytes_importable"]
    return report
