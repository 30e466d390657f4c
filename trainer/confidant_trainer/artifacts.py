"""Files the trainer writes for the app to read, as dataclasses.

The zod schemas that read them are in `electron/api/trainer-artifacts.ts`;
`tests/api/trainer-events-agree.test.ts` runs the real writer and parses its output there, so a
field renamed on one side fails that test instead of reading as "missing" in the app.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Perplexity:
    base: float
    fine_tuned: float
    change: float


@dataclass(frozen=True)
class Generation:
    prompt: str
    base: str
    fine_tuned: str


@dataclass(frozen=True)
class ExposureScore:
    exposure_bits: float
    rank: int
    canary_nll: float


@dataclass(frozen=True)
class LeakResult:
    """One canary ranked among its look-alikes; never the canary's text (the report is on disk)."""

    canary_index: int
    format: str
    candidates: int
    max_exposure_bits: float
    base: ExposureScore
    fine_tuned: ExposureScore


@dataclass(frozen=True)
class EvaluationReport:
    """`evaluation.json`: test perplexity before and after, sample answers and the leak check."""

    model_type: str
    adapter: str
    test_rows: int
    perplexity: Perplexity
    generations: list[Generation]
    leak_check: list[LeakResult]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False))


@dataclass(frozen=True)
class TrainStartInfo:
    """`info` of the `start` event of `train`: what the run derived before its first step."""

    model_type: str
    device: str
    quantize: str
    attention: str
    train_rows: int
    train_tokens: int
    tokens_per_step_max: int
    rows_per_step: int
    total_steps: int
    resumed: bool
    vram_estimate_gb: dict[str, float]


@dataclass(frozen=True)
class TrainCompleted:
    """`summary` of the `done` event of a `train` that reached its last step."""

    final_step: int
    total_steps: int
    final_loss: float | None
    tokens_per_s: float
    trainable_params: int
    micro_batch: int
    grad_accum: int
    max_length: int
    adapter: str
    completed: bool = True


@dataclass(frozen=True)
class TrainStopped:
    """`summary` of the `done` event of a `train` stopped on request, after its checkpoint."""

    stopped_at_step: int
    total_steps: int
    run_dir: str
    completed: bool = False


@dataclass(frozen=True)
class PreflightResult:
    """What `python -m confidant_trainer.preflight` prints when it could estimate (TrainerPreflight in zod)."""

    estimate_gb: dict[str, float]
    free_gb: float | None
    total_gb: float | None
    quantize: bool
    verdict: str  # fits | will_not_fit | unknown
    advice: str


@dataclass(frozen=True)
class PreflightFailure:
    """What it prints when it could not: the reason and what to change."""

    error: str
    hint: str
