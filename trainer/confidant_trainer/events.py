"""The trainer's half of the event protocol (design.md, "The trainer protocol").

One JSON object per line on stdout, nothing else there; logs go to stderr. The zod schemas that read
these lines live in `electron/api/trainer-events.ts`; `tests/api/trainer-events-agree.test.ts` runs
`python -m confidant_trainer events-sample` and validates every line, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

# Field name -> accepted Python types, per event. Mirrors the zod schemas field for field.
_NUM = (int, float)
FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "start": {"command": (str,), "info": (dict,)},
    "progress": {
        "step": (int,),
        "total_steps": (int,),
        "loss": _NUM,
        "lr": _NUM,
        "tokens_per_s": _NUM,
        "eta_s": _NUM,
        "vram_gb": _NUM,
    },
    "checkpoint": {"step": (int,), "path": (str,)},
    "eval": {"step": (int,), "split": (str,), "loss": _NUM, "perplexity": _NUM},
    "artifact": {"kind": (str,), "path": (str,), "bytes": (int,)},
    "warning": {"message": (str,), "hint": (str,)},
    "error": {"code": (str,), "message": (str,), "hint": (str,)},
    "done": {"command": (str,), "summary": (dict,)},
}

Emit = Callable[..., dict[str, Any]]

# Every `code` an error event may carry; `TrainerErrorCode` in electron/api/trainer-events.ts is the
# same closed list (the agreement test compares them). `export_failed` is written by the app itself.
ERROR_CODES: tuple[str, ...] = (
    "adapter_missing",
    "bad_config",
    "convert_failed",
    "converter_missing",
    "corrupt_checkpoint",
    "data_missing",
    "disk_full",
    "diverged",
    "empty_dataset",
    "export_failed",
    "gguf_mismatch",
    "internal",
    "io_error",
    "malformed_data",
    "merge_mismatch",
    "missing_package",
    "model_missing",
    "model_unreadable",
    "no_gpu",
    "out_dir_exists",
    "out_of_memory",
    "run_dir_exists",
    "run_missing",
    "template",
    "template_missing",
    "unsupported_architecture",
    "unsupported_model",
)


class TrainerError(Exception):
    """A failure the person can act on; becomes one `error` event and a non-zero exit.

    Args:
        code: short machine-readable kind (`bad_config`, `model_missing`, `out_of_memory`, ...).
        message: what went wrong, naming the file or field.
        hint: what to change, in plain words.
    """

    def __init__(self, code: str, message: str, hint: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown trainer error code {code!r}: add it to ERROR_CODES and to TrainerErrorCode")
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _finite(value: Any) -> Any:
    # JSON has no NaN/Infinity and JSON.parse on the Node side would reject the whole line.
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"non-finite number {value!r} in an event")
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


@dataclass
class EventWriter:
    """Writes validated events as JSON lines to `stream` and keeps them for tests and summaries."""

    stream: IO[str]
    keep: bool = False

    def __post_init__(self) -> None:
        self.written: list[dict[str, Any]] = []

    def emit(self, event: str, **fields: Any) -> dict[str, Any]:
        """Validates one event against the protocol and writes it as one line.

        Raises:
            ValueError: unknown event, missing or extra field, wrong type, or a non-finite number.
        """
        spec = FIELDS.get(event)
        if spec is None:
            raise ValueError(f"unknown event {event!r}")
        missing = set(spec) - set(fields)
        extra = set(fields) - set(spec)
        if missing or extra:
            raise ValueError(f"event {event!r}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        for name, types in spec.items():
            value = fields[name]
            # bool is an int in Python but not a number in zod.
            if isinstance(value, bool) or not isinstance(value, types):
                raise ValueError(f"event {event!r}: field {name!r} has type {type(value).__name__}")  # noqa: TRY004 - one error type for callers
            if types == (int,) and name != "step" and value < 0:
                raise ValueError(f"event {event!r}: field {name!r} must be >= 0")
        if event == "error" and fields["code"] not in ERROR_CODES:
            raise ValueError(f"event 'error': unknown code {fields['code']!r} (ERROR_CODES lists them)")
        record = {"event": event, "time": time.time(), **_finite(fields)}
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()
        if self.keep:
            self.written.append(record)
        return record


def claim_stdout() -> IO[str]:
    """Reserves the real stdout for events and points fd 1 (and `sys.stdout`) at stderr.

    Libraries print progress bars and notices to stdout; C extensions write to fd 1 directly. After
    this call anything that is not an event lands in the log, so stdout stays parseable JSON lines.
    """
    sys.stdout.flush()
    events_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(events_fd, "w", buffering=1, encoding="utf-8")


def emit_samples(writer: EventWriter) -> None:
    """Writes one event of every kind, with realistic values (for the agreement test)."""
    writer.emit("start", command="train", info={"tokens_per_step": 16384, "vram_estimate_gb": 9.8})
    writer.emit("progress", step=10, total_steps=100, loss=2.31, lr=0.0002, tokens_per_s=5120.5, eta_s=300.0, vram_gb=7.9)
    writer.emit("checkpoint", step=10, path="/runs/r1/checkpoints/step-000010")
    writer.emit("eval", step=10, split="validation", loss=2.1, perplexity=8.17)
    writer.emit("artifact", kind="adapter", path="/runs/r1/adapter", bytes=41943040)
    writer.emit("warning", message="out of memory at micro-batch 4", hint="continuing with micro-batch 2")
    writer.emit("error", code="model_missing", message="no model at /models/x", hint="pick a model folder")
    writer.emit("done", command="train", summary={"final_step": 100, "final_loss": 1.2})
