"""`export`: a merged Hugging Face model to GGUF, and a LoRA adapter alone to a GGUF LoRA.

Owns the Python half of export (issue 7). Both conversions run llama.cpp's own converters, taken at run
time from a checkout of the source that node-llama-cpp ships (`llama/gitRelease.bundle`, facts.md), so
the GGUF matches the llama.cpp that will load it. The converters are never copied or patched; the app's
`electron/core/models/llama-cpp-source.ts` makes the checkout and passes its path as `llama_cpp_dir`.
Quantisation (Q4_K_M and friends) happens afterwards on the Node side (`electron/core/models/quantize.ts`).

After converting, the GGUF is read back and must carry the chat template and EOS id the training used:
otherwise chat would format prompts differently from the training examples (design.md, "one truth").

Config (JSON object):
    llama_cpp_dir   checkout of llama.cpp holding convert_hf_to_gguf.py, convert_lora_to_gguf.py, gguf-py/
    out_dir         where the GGUF files go (created)
    merged_dir      merged model folder (config.json, safetensors, tokenizer); optional if adapter_dir is set
    adapter_dir     PEFT adapter folder (adapter_config.json + adapter_model.safetensors); optional
    base_dir        the base model folder the adapter was trained on; required with adapter_dir
    name            file stem of the outputs (default "model")
    outtype         f16 (default), bf16, f32 or q8_0: what the converter writes
    expect          optional {"chat_template": str, "eos_token_id": int} from the training run; when absent,
                    the merged model's own tokenizer says what the training used

Run: python -m confidant_trainer export --config run.json   (settings in its `export` section)
     python -m confidant_trainer.export --config export.json    (the settings flat)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confidant_trainer.events import TrainerError

Emit = Callable[..., Any]

# Hugging Face architecture -> the `general.architecture` llama.cpp's converter writes for it. The app's
# supported bases are Llama-family causal LMs (issue 7); anything else is refused before converting.
GGUF_ARCHITECTURES: dict[str, str] = {
    "MistralForCausalLM": "llama",
    "LlamaForCausalLM": "llama",
    "Qwen2ForCausalLM": "qwen2",
    "GemmaForCausalLM": "gemma",
    "Gemma2ForCausalLM": "gemma2",
    "Gemma3ForCausalLM": "gemma3",
}

OUTTYPES = ("f16", "bf16", "f32", "q8_0")
CONVERT_MODEL = "convert_hf_to_gguf.py"
CONVERT_LORA = "convert_lora_to_gguf.py"
CONVERTER_HINT = (
    "The converter comes from the llama.cpp source that node-llama-cpp ships. Run the export from the app "
    "or `confidant export`, which prepares it, or set llama_cpp_dir to a clone of "
    "node_modules/node-llama-cpp/llama/gitRelease.bundle."
)


@dataclass(frozen=True)
class ExportConfig:
    llama_cpp_dir: Path
    out_dir: Path
    merged_dir: Path | None
    adapter_dir: Path | None
    base_dir: Path | None
    name: str
    outtype: str
    expected_chat_template: str | None
    expected_eos_token_id: int | None


def parse_config(raw: dict[str, Any]) -> ExportConfig:
    """Checks every field at once, so one run reports every mistake.

    Raises:
        TrainerError: `bad_config` naming each wrong field.
    """
    problems: list[str] = []

    def path_field(key: str, *, required: bool) -> Path | None:
        value = raw.get(key)
        if value is None:
            if required:
                problems.append(f"{key}: required")
            return None
        if not isinstance(value, str) or value.strip() == "":
            problems.append(f"{key}: must be a path (string)")
            return None
        return Path(value).expanduser()

    llama_cpp_dir = path_field("llama_cpp_dir", required=True)
    out_dir = path_field("out_dir", required=True)
    merged_dir = path_field("merged_dir", required=False)
    adapter_dir = path_field("adapter_dir", required=False)
    base_dir = path_field("base_dir", required=adapter_dir is not None)
    if raw.get("merged_dir") is None and raw.get("adapter_dir") is None:
        problems.append("merged_dir / adapter_dir: give at least one of them")
    name = raw.get("name", "model")
    if not isinstance(name, str) or not name or "/" in name or "\\" in name:
        problems.append("name: must be a plain file stem such as 'model'")
    outtype = raw.get("outtype", "f16")
    if outtype not in OUTTYPES:
        problems.append(f"outtype: {outtype!r} is not one of {', '.join(OUTTYPES)}")
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict):
        problems.append("expect: must be an object")
        expect = {}
    template = expect.get("chat_template")
    if template is not None and not isinstance(template, str):
        problems.append("expect.chat_template: must be a string")
    eos = expect.get("eos_token_id")
    if eos is not None and (isinstance(eos, bool) or not isinstance(eos, int) or eos < 0):
        problems.append("expect.eos_token_id: must be a non-negative integer")
    if problems:
        raise TrainerError("bad_config", "Invalid export config: " + "; ".join(problems), "Fix the fields named above.")
    assert llama_cpp_dir is not None and out_dir is not None
    return ExportConfig(
        llama_cpp_dir=llama_cpp_dir,
        out_dir=out_dir,
        merged_dir=merged_dir,
        adapter_dir=adapter_dir,
        base_dir=base_dir,
        name=str(name),
        outtype=str(outtype),
        expected_chat_template=template,
        expected_eos_token_id=eos,
    )


def export_section(raw: dict[str, Any]) -> dict[str, Any]:
    """The export settings from either config shape.

    `python -m confidant_trainer export` passes the whole run config, whose `export` section holds these
    keys; there the merged model defaults to `merge.out_dir` and the base to `model.path`, so one config
    file serves train, merge and export. `python -m confidant_trainer.export` takes the keys flat.
    """
    section = raw.get("export")
    if not isinstance(section, dict):
        return raw
    merged = (raw.get("merge") or {}).get("out_dir") if isinstance(raw.get("merge"), dict) else None
    base = (raw.get("model") or {}).get("path") if isinstance(raw.get("model"), dict) else None
    defaults = {"merged_dir": merged if "adapter_dir" not in section else None, "base_dir": base}
    return {**{k: v for k, v in defaults.items() if v is not None}, **section}


def run_export(config: dict[str, Any], emit: Emit) -> dict[str, Any]:
    """Converts what the config names and emits one `artifact` event per GGUF written.

    Args:
        config: the export config (see the module docstring), flat or as the `export` section of a
            whole run config (see `export_section`).
        emit: `EventWriter.emit`-style callable, `emit(event, **fields)`.

    Returns:
        A summary for the `done` event: paths, sizes and seconds per conversion.

    Raises:
        TrainerError: bad config, a missing folder, an unsupported architecture, a missing converter,
            a converter failure, or a GGUF whose chat template / EOS differ from the training's.
    """
    cfg = parse_config(export_section(config))
    converters = _find_converters(cfg.llama_cpp_dir)
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {}
    if cfg.merged_dir is not None:
        summary["model"] = _export_model(cfg, converters, emit)
    if cfg.adapter_dir is not None:
        summary["lora"] = _export_lora(cfg, converters, emit)
    return summary


def _find_converters(llama_cpp_dir: Path) -> dict[str, Path]:
    if not llama_cpp_dir.is_dir():
        raise TrainerError("converter_missing", f"No llama.cpp checkout at {llama_cpp_dir}", CONVERTER_HINT)
    found = {script: llama_cpp_dir / script for script in (CONVERT_MODEL, CONVERT_LORA)}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if not (llama_cpp_dir / "gguf-py" / "gguf").is_dir():
        missing.append(str(llama_cpp_dir / "gguf-py"))
    if missing:
        raise TrainerError("converter_missing", "The llama.cpp checkout lacks " + ", ".join(missing), CONVERTER_HINT)
    return found


def _require_model_dir(path: Path, field: str, marker: str) -> None:
    if not path.is_dir():
        raise TrainerError("model_missing", f"{field}: no folder at {path}", f"Point {field} at an existing folder.")
    if not (path / marker).is_file():
        raise TrainerError(
            "model_missing",
            f"{field}: {path} has no {marker}",
            f"Point {field} at a folder written by `merge` (model) or `train` (adapter).",
        )
    if not os.access(path / marker, os.R_OK):
        raise TrainerError("model_missing", f"{field}: cannot read {path / marker}", "Check the file permissions.")


def _architecture_of(model_dir: Path, field: str) -> tuple[str, str]:
    """Returns (Hugging Face architecture, GGUF architecture) or refuses an unsupported one."""
    try:
        hf_config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TrainerError("model_missing", f"{field}: unreadable {model_dir / 'config.json'}: {exc}", "Re-run merge.") from exc
    architectures = hf_config.get("architectures") or []
    hf_arch = architectures[0] if architectures else "(none)"
    if hf_arch not in GGUF_ARCHITECTURES:
        raise TrainerError(
            "unsupported_architecture",
            f"{field}: architecture {hf_arch} in {model_dir / 'config.json'} is not supported for export",
            "Supported: " + ", ".join(sorted(GGUF_ARCHITECTURES)) + ".",
        )
    return hf_arch, GGUF_ARCHITECTURES[hf_arch]


def _training_tokens(model_dir: Path) -> tuple[str | None, int | None, bool | None]:
    """The chat template, EOS id and space rule of the tokenizer in `model_dir`.

    The third value says whether the tokenizer puts SentencePiece's "▁" before text that follows a special
    token ("<s>[INST]" -> "▁[" ...). llama.cpp does so exactly when the GGUF's add_space_prefix is on;
    transformers 5 does so only for `legacy` Llama tokenizers. None when the vocabulary has no "▁".
    """
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    template = tokenizer.chat_template if isinstance(tokenizer.chat_template, str) else None
    prefix: bool | None = None
    if tokenizer.bos_token and "▁Hi" in tokenizer.get_vocab():
        pieces = tokenizer.convert_ids_to_tokens(tokenizer(tokenizer.bos_token + "Hi", add_special_tokens=False)["input_ids"])
        prefix = len(pieces) > 1 and pieces[1].startswith("▁")
    return template, tokenizer.eos_token_id, prefix


def _run_converter(script: Path, args: list[str], llama_cpp_dir: Path) -> float:
    """Runs one llama.cpp converter; its log goes to our stderr (stdout is reserved for events)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(llama_cpp_dir / "gguf-py"), env.get("PYTHONPATH")]))
    env.pop("NO_LOCAL_GGUF", None)
    # Privacy promise 3: export never touches the network, even if a converter would like to.
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    tail: deque[str] = deque(maxlen=30)
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stderr.write(line)
            tail.append(line.rstrip())
        code = proc.wait()
    if code != 0:
        raise TrainerError(
            "convert_failed",
            f"{script.name} exited with {code}. Last lines:\n" + "\n".join(tail),
            "Check that the folder is complete and the disk has room; the lines above name the problem.",
        )
    return time.monotonic() - started


def _read_gguf_fields(path: Path, llama_cpp_dir: Path) -> dict[str, Any]:
    try:
        from gguf import GGUFReader
    except ImportError:  # the checkout's own gguf-py reads what its converter wrote
        sys.path.insert(0, str(llama_cpp_dir / "gguf-py"))
        from gguf import GGUFReader

    reader = GGUFReader(str(path))
    # The vocabulary arrays are large; decoding them to Python lists costs seconds. Only a summary of
    # the scores is kept: how many distinct values they hold (see verify_model_gguf).
    bulky = ("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.merges")
    fields = {name: field.contents() for name, field in reader.fields.items() if name not in bulky}
    scores = reader.fields.get("tokenizer.ggml.scores")
    if scores is not None:
        values = {float(scores.parts[i][0]) for i in scores.data}
        fields["tokenizer.ggml.scores#distinct"] = len(values)
    return fields


def _export_model(cfg: ExportConfig, converters: dict[str, Path], emit: Emit) -> dict[str, Any]:
    assert cfg.merged_dir is not None
    _require_model_dir(cfg.merged_dir, "merged_dir", "config.json")
    _, gguf_arch = _architecture_of(cfg.merged_dir, "merged_dir")
    template, eos, space_after_special = _training_tokens(cfg.merged_dir)
    template = cfg.expected_chat_template if cfg.expected_chat_template is not None else template
    eos = cfg.expected_eos_token_id if cfg.expected_eos_token_id is not None else eos
    if template is None or eos is None:
        raise TrainerError(
            "template_missing",
            f"merged_dir: the tokenizer in {cfg.merged_dir} has no chat template or no EOS token",
            "Re-run merge, which saves the base model's tokenizer and chat template with the weights.",
        )
    final = cfg.out_dir / f"{cfg.name}-{cfg.outtype}.gguf"
    partial = final.with_name(final.name + ".partial")
    try:
        seconds = _run_converter(
            converters[CONVERT_MODEL],
            [str(cfg.merged_dir), "--outtype", cfg.outtype, "--outfile", str(partial)],
            cfg.llama_cpp_dir,
        )
        fields = _read_gguf_fields(partial, cfg.llama_cpp_dir)
        verify_model_gguf(
            fields, partial, architecture=gguf_arch, chat_template=template, eos_token_id=eos, space_after_special=space_after_special
        )
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    size = final.stat().st_size
    emit("artifact", kind=f"gguf_{cfg.outtype}", path=str(final), bytes=size)
    return {"path": str(final), "bytes": size, "seconds": round(seconds, 2), "architecture": gguf_arch, "eos_token_id": eos}


def verify_model_gguf(
    fields: dict[str, Any],
    path: Path,
    *,
    architecture: str,
    chat_template: str,
    eos_token_id: int,
    space_after_special: bool | None = None,
) -> None:
    """Refuses a GGUF that would chat differently from how the model was trained.

    Raises:
        TrainerError: `gguf_mismatch` naming the key that differs.
    """
    hint = "Re-run merge so the tokenizer and chat template are saved, then export again."
    if fields.get("general.architecture") != architecture:
        raise TrainerError(
            "gguf_mismatch", f"{path}: general.architecture is {fields.get('general.architecture')!r}, expected {architecture!r}", hint
        )
    gguf_template = fields.get("tokenizer.chat_template")
    if gguf_template is None:
        raise TrainerError("gguf_mismatch", f"{path}: has no tokenizer.chat_template", hint)
    if gguf_template != chat_template:
        raise TrainerError("gguf_mismatch", f"{path}: tokenizer.chat_template differs from the one training used", hint)
    # A SentencePiece vocabulary converted from tokenizer.json alone gets the converter's placeholder
    # score for every token; llama.cpp then merges pieces in a different order and splits words
    # ("Because" -> "▁Be" "ca" "use") unlike the tokenizer the model was trained with.
    if fields.get("tokenizer.ggml.model") == "llama" and fields.get("tokenizer.ggml.scores#distinct", 2) <= 1:
        raise TrainerError(
            "gguf_mismatch",
            f"{path}: the vocabulary has no SentencePiece scores, so it would tokenize differently from training",
            "Copy tokenizer.model from the base model's folder into the merged folder (merge should keep it), then export again.",
        )
    # llama.cpp's SentencePiece tokenizer defaults add_space_prefix to on. If the trainer's tokenizer
    # disagrees, every turn after <s> or </s> starts with a different token in chat than in training.
    gguf_space = fields.get("tokenizer.ggml.add_space_prefix", True)
    if fields.get("tokenizer.ggml.model") == "llama" and space_after_special is not None and gguf_space != space_after_special:
        raise TrainerError(
            "gguf_mismatch",
            f"{path}: llama.cpp will {'' if gguf_space else 'not '}put '▁' before text after <s>/</s>, "
            f"but the training tokenizer did {'not ' if gguf_space else ''}",
            "Set \"legacy\": true in the base model's tokenizer_config.json (SentencePiece's own rule), then train and merge again.",
        )
    gguf_eos = fields.get("tokenizer.ggml.eos_token_id")
    if gguf_eos != eos_token_id:
        raise TrainerError("gguf_mismatch", f"{path}: tokenizer.ggml.eos_token_id is {gguf_eos}, training used {eos_token_id}", hint)


def _export_lora(cfg: ExportConfig, converters: dict[str, Path], emit: Emit) -> dict[str, Any]:
    assert cfg.adapter_dir is not None and cfg.base_dir is not None
    _require_model_dir(cfg.adapter_dir, "adapter_dir", "adapter_config.json")
    _require_model_dir(cfg.base_dir, "base_dir", "config.json")
    _, gguf_arch = _architecture_of(cfg.base_dir, "base_dir")
    final = cfg.out_dir / f"{cfg.name}-lora-{cfg.outtype}.gguf"
    partial = final.with_name(final.name + ".partial")
    try:
        # --base keeps the converter off the network: without it, it fetches the base config from the hub.
        seconds = _run_converter(
            converters[CONVERT_LORA],
            [str(cfg.adapter_dir), "--base", str(cfg.base_dir), "--outtype", cfg.outtype, "--outfile", str(partial)],
            cfg.llama_cpp_dir,
        )
        fields = _read_gguf_fields(partial, cfg.llama_cpp_dir)
        if fields.get("general.type") != "adapter" or fields.get("adapter.type") != "lora":
            raise TrainerError("gguf_mismatch", f"{partial}: not a LoRA adapter GGUF", "Check adapter_dir.")
        if fields.get("general.architecture") != gguf_arch:
            raise TrainerError(
                "gguf_mismatch",
                f"{partial}: architecture {fields.get('general.architecture')!r} does not match the base's {gguf_arch!r}",
                "Set base_dir to the model the adapter was trained on.",
            )
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    size = final.stat().st_size
    emit("artifact", kind="gguf_lora", path=str(final), bytes=size)
    return {"path": str(final), "bytes": size, "seconds": round(seconds, 2), "alpha": fields.get("adapter.lora.alpha")}


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry: reads `--config FILE`, writes events on stdout, exits 1 on failure."""
    import argparse

    from confidant_trainer.events import EventWriter, claim_stdout

    parser = argparse.ArgumentParser(prog="python -m confidant_trainer.export")
    parser.add_argument("--config", required=True, type=Path)
    args = parser.parse_args(argv)
    writer = EventWriter(claim_stdout())
    try:
        raw = json.loads(sys.stdin.read() if str(args.config) == "-" else args.config.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TrainerError("bad_config", f"{args.config}: must hold a JSON object", "Write the config as {...}.")
        writer.emit("start", command="export", info={})
        summary = run_export(raw, writer.emit)
    except TrainerError as err:
        writer.emit("error", code=err.code, message=err.message, hint=err.hint)
        return 1
    except (OSError, json.JSONDecodeError) as exc:
        writer.emit("error", code="bad_config", message=f"{args.config}: {exc}", hint="Check the config file.")
        return 1
    writer.emit("done", command="export", summary=summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
