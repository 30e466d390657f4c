"""One config file (JSON or YAML) plus `key=value` overrides -> frozen dataclasses, validated whole.

Every error is collected and reported at once, before any weights load, so a person fixes the config in
one go (torchtune's `config/_validate.py` does the same). Each knob says what raising it costs.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events import TrainerError


@dataclass(frozen=True)
class ModelConfig:
    path: str = ""  # local folder of a Hugging Face model, or a model id downloaded once (then offline)
    quantize: str = "auto"  # auto = nf4 on CUDA, none on CPU; nf4 = 4-bit NF4 + double quant (QLoRA)
    dtype: str = "auto"  # compute dtype; auto = bf16 on CUDA, fp32 on CPU
    attention: str = "auto"  # auto = flash_attention_2 if installed, else varlen on CUDA (attention.py), else sdpa
    gradient_checkpointing: bool = True  # less VRAM for ~30% more compute per step
    liger: bool = True  # Liger fused kernels when the package is present (CUDA only)
    gguf_file: str = ""  # load a GGUF inside `path` (dequantized by transformers) instead of safetensors


@dataclass(frozen=True)
class LoraConfig:
    r: int = 16  # adapter rank: more capacity, more VRAM and a larger adapter
    alpha: int = 32  # scale = alpha / r; higher makes each update stronger
    dropout: float = 0.05
    fused: bool = False  # one autograd function per projection instead of PEFT's modules (lora_fused.py)
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class DataConfig:
    train: str = ""  # JSONL: {"text": ...} or {"messages": [...]} per line
    validation: str = ""  # optional; validation loss every `train.eval_every` steps
    test: str = ""  # optional; used by `evaluate` for perplexity
    max_length: int = 2048  # tokens per packed row; VRAM for activations grows linearly with it
    packing: bool = True  # several examples per row, never attending across their boundaries


@dataclass(frozen=True)
class TrainConfig:
    run_dir: str = ""  # never overwritten; resume with `resume=true` and the same run_dir
    resume: bool = False
    max_steps: int = 0  # 0 = derive from epochs
    epochs: float = 1.0
    micro_batch: int = 1  # rows per forward pass: faster per token, more activation VRAM
    grad_accum: int = 8  # micro-batches per optimizer step; costs time, not memory
    lr: float = 2e-4
    schedule: str = "cosine"  # cosine | linear | constant
    warmup_steps: int = 10
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    optimizer: str = "auto"  # auto = paged_adamw_8bit on CUDA, adamw on CPU
    eval_every: int = 50  # validation loss every N steps; each eval costs one pass over validation
    checkpoint_every: int = 100  # adapter + optimizer state every N steps; disk and a pause each time
    keep_checkpoints: int = 2
    seed: int = 42
    log_every: int = 1
    fault: str = ""  # tests only: "oom@STEP[xN]" injects an out-of-memory error; also CONFIDANT_FAULT


@dataclass(frozen=True)
class EvaluateConfig:
    adapter: str = ""  # adapter folder (defaults to <run_dir>/adapter)
    report: str = ""  # JSON report path (defaults to <run_dir>/evaluation.json)
    prompts: tuple[str, ...] = ()
    max_new_tokens: int = 64
    canaries: tuple[str, ...] = ()  # secrets whose leakage is measured (Secret Sharer exposure)
    canary_format: str = ""  # e.g. "my PIN is {d}{d}{d}{d}"; candidates fill {d} {a} {A} at random
    # per canary, its look-alikes one a line (names, emails: random letters would rank below any real name); "" = fill the format
    canary_lookalikes: tuple[str, ...] = ()
    candidates: int = 1000  # more candidates: finer exposure resolution, linearly more compute
    max_test_rows: int = 0  # 0 = whole test split


@dataclass(frozen=True)
class MergeConfig:
    adapter: str = ""
    out_dir: str = ""
    dtype: str = "bf16"  # bf16 | fp16 | fp32; never 4-bit (merging into quantized weights loses the adapter)
    tolerance: float = 0.0  # 0 = the default for the dtype (see merge.py)


@dataclass(frozen=True)
class Config:
    model: ModelConfig = field(default_factory=ModelConfig)
    lora: LoraConfig = field(default_factory=LoraConfig)
    data: DataConfig = field(default_factory=DataConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    evaluate: EvaluateConfig = field(default_factory=EvaluateConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    export: dict[str, Any] = field(default_factory=dict)  # read by export.py as a plain dict


_SECTIONS = {f.name: f.type for f in dataclasses.fields(Config)}
_CHOICES = {
    ("model", "quantize"): {"auto", "nf4", "none"},
    ("model", "dtype"): {"auto", "bf16", "fp16", "fp32"},
    ("model", "attention"): {"auto", "sdpa", "varlen", "flash_attention_2", "eager"},
    ("train", "schedule"): {"cosine", "linear", "constant"},
    ("train", "optimizer"): {"auto", "adamw", "paged_adamw_8bit"},
    ("merge", "dtype"): {"bf16", "fp16", "fp32"},
}
_POSITIVE = {
    ("lora", "r"),
    ("lora", "alpha"),
    ("data", "max_length"),
    ("train", "micro_batch"),
    ("train", "grad_accum"),
    ("train", "eval_every"),
    ("train", "checkpoint_every"),
    ("train", "log_every"),
    ("train", "keep_checkpoints"),
    ("evaluate", "candidates"),
}


def read_file(path: Path) -> dict[str, Any]:
    """Parses a JSON or YAML config file into a dict, naming the file on failure.

    `-` reads JSON from stdin: the app passes configs that hold secrets (leak-check canaries) that way,
    so they never touch the disk.
    """
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainerError("bad_config", f"cannot read config {path}: {exc.strerror}", "check the --config path") from exc
    try:
        if path.suffix in {".yaml", ".yml"}:
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:
        raise TrainerError(
            "bad_config", f"config {path} is not valid {path.suffix[1:] or 'JSON'}: {exc}", "fix the syntax at the place named"
        ) from exc
    if not isinstance(data, dict):
        raise TrainerError("bad_config", f"config {path} must hold an object at the top level", "write sections like model:, data:, train:")
    return data


def apply_overrides(raw: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Applies `section.key=value` strings; values parse as JSON where they can, else stay strings."""
    merged = json.loads(json.dumps(raw))
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            raise TrainerError("bad_config", f"override {item!r} is not section.key=value", "write e.g. train.lr=1e-4")
        section, name = key.split(".", 1)
        try:
            parsed: Any = json.loads(value)
        except json.JSONDecodeError:
            parsed = value
        merged.setdefault(section, {})[name] = parsed
    return merged


def _coerce(value: Any, default: Any, where: str, errors: list[str]) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        errors.append(f"{where}: expected true or false, got {value!r}")
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        errors.append(f"{where}: expected a whole number, got {value!r}")
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        errors.append(f"{where}: expected a number, got {value!r}")
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        errors.append(f"{where}: expected a string, got {value!r}")
    elif isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        errors.append(f"{where}: expected a list of strings, got {value!r}")
    return default


def build(raw: dict[str, Any]) -> Config:
    """Turns a raw dict into a `Config`, raising one `TrainerError` listing every problem found."""
    errors: list[str] = []
    sections: dict[str, Any] = {}
    for section, value in raw.items():
        if section not in _SECTIONS:
            errors.append(f"{section}: unknown section (known: {', '.join(_SECTIONS)})")
            continue
        if not isinstance(value, dict):
            errors.append(f"{section}: expected a mapping of settings")
            continue
        if section == "export":
            sections[section] = value
            continue
        cls = {f.name: f for f in dataclasses.fields(Config)}[section].default_factory()  # type: ignore[misc]
        known = {f.name: getattr(cls, f.name) for f in dataclasses.fields(cls)}
        values = {}
        for name, item in value.items():
            if name not in known:
                errors.append(f"{section}.{name}: unknown setting (known: {', '.join(known)})")
                continue
            values[name] = _coerce(item, known[name], f"{section}.{name}", errors)
            if (section, name) in _CHOICES and values[name] not in _CHOICES[(section, name)]:
                errors.append(f"{section}.{name}: {values[name]!r} is not one of {sorted(_CHOICES[(section, name)])}")
            if (section, name) in _POSITIVE and isinstance(values[name], int) and values[name] <= 0:
                errors.append(f"{section}.{name}: must be at least 1, got {values[name]}")
        sections[section] = dataclasses.replace(cls, **values)
    config = Config(**sections)
    _check_ranges(config, errors)
    if errors:
        raise TrainerError(
            "bad_config",
            f"{len(errors)} problem(s) in the config: " + "; ".join(errors),
            "fix every setting named above, then run again",
        )
    return config


def _check_ranges(config: Config, errors: list[str]) -> None:
    if not 0.0 <= config.lora.dropout < 1.0:
        errors.append(f"lora.dropout: must be in [0, 1), got {config.lora.dropout}")
    if not 0.0 < config.train.lr < 1.0:
        errors.append(f"train.lr: must be in (0, 1), got {config.train.lr}")
    if config.train.max_steps < 0:
        errors.append("train.max_steps: must be 0 (derive from epochs) or more")
    if config.train.max_steps == 0 and config.train.epochs <= 0:
        errors.append("train.epochs: must be above 0 when train.max_steps is 0")
    if config.train.warmup_steps < 0:
        errors.append("train.warmup_steps: must be 0 or more")
    if config.data.max_length < 16:
        errors.append(f"data.max_length: at least 16 tokens, got {config.data.max_length}")


def require(config: Config, command: str) -> None:
    """Checks the settings a command needs are present (all missing ones reported together)."""
    needs = {
        "train": [("model", "path"), ("data", "train"), ("train", "run_dir")],
        "evaluate": [("model", "path"), ("data", "test")],
        "merge": [("model", "path"), ("merge", "out_dir")],
    }.get(command, [])
    missing = [f"{s}.{k}" for s, k in needs if not getattr(getattr(config, s), k)]
    if command == "evaluate" and not (config.evaluate.adapter or config.train.run_dir):
        missing.append("evaluate.adapter (or train.run_dir)")
    if command == "merge" and not (config.merge.adapter or config.train.run_dir):
        missing.append("merge.adapter (or train.run_dir)")
    if missing:
        raise TrainerError("bad_config", f"`{command}` needs: {', '.join(missing)}", "add these settings to the config")


def load(path: str | None, overrides: list[str]) -> tuple[Config, dict[str, Any]]:
    """Reads, overrides and validates a config; returns it with the raw dict (for export.py)."""
    raw = read_file(Path(path)) if path else {}
    raw = apply_overrides(raw, overrides)
    train = raw.get("train", {}) if isinstance(raw.get("train"), dict) else {}
    saved = Path(str(train.get("run_dir", ""))) / "config.json"
    if train.get("resume") is True and saved.is_file():
        # A resume continues the run as it was configured; only the run folder and the flag are taken.
        raw = read_file(saved)
        raw.setdefault("train", {}).update({"resume": True, "run_dir": train["run_dir"]})
    return build(raw), raw
