"""Shared fixtures: the tiny random Mistral (real tokenizer), datasets on disk, and runners for the trainer."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

# Two shared cores: one thread per process is several times faster than two fighting ones.
os.environ.setdefault("OMP_NUM_THREADS", "1")
torch.set_num_threads(1)

TRAINER_ROOT = Path(__file__).resolve().parents[1]
DIARY = "Tuesday. Rain again, so I read by the window and drank too much tea. "


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from confidant_trainer.testing.tiny_model import make_tiny_mistral

    return make_tiny_mistral(tmp_path_factory.mktemp("tiny") / "model")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def diary_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "train.jsonl", [{"text": DIARY * 2} for _ in range(16)])


def tiny_overrides(model: Path, train: Path, run_dir: Path, **extra: Any) -> list[str]:
    """Settings that keep one CPU step well under a second."""
    settings = {
        "model.path": str(model),
        "data.train": str(train),
        "data.max_length": 64,
        "train.run_dir": str(run_dir),
        "train.max_steps": 8,
        "train.micro_batch": 2,
        "train.grad_accum": 1,
        "train.lr": 0.01,
        "train.warmup_steps": 1,
        "train.eval_every": 1000,
        "train.checkpoint_every": 1000,
        **extra,
    }
    return [f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in settings.items()]


def run_in_process(command: str, overrides: list[str]) -> tuple[int, list[dict[str, Any]]]:
    """Runs a trainer command in this process; returns (exit code, events)."""
    from confidant_trainer import __main__ as cli
    from confidant_trainer import events

    buffer = io.StringIO()
    original = events.claim_stdout
    events_stream = buffer

    def fake_claim() -> io.StringIO:
        return events_stream

    cli.claim_stdout = fake_claim  # type: ignore[assignment]
    try:
        code = cli.main([command, *overrides])
    finally:
        cli.claim_stdout = original  # type: ignore[assignment]
    return code, [json.loads(line) for line in buffer.getvalue().splitlines()]


def run_cli(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(TRAINER_ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "confidant_trainer", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=TRAINER_ROOT,
        timeout=600,
        check=False,
        **kwargs,
    )
