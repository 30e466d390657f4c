"""export: the tiny Mistral and a LoRA on it through llama.cpp's own converters, read back with gguf-py.

The converters come from node-llama-cpp's bundled llama.cpp source, checked out once into the repo's
gitignored .cache/tools (the same place the Node tests use). Loading the files in node-llama-cpp is
tested on the Node side (tests/core/models/).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from confidant_trainer.events import EventWriter, TrainerError
from confidant_trainer.export import GGUF_ARCHITECTURES, _read_gguf_fields, run_export, verify_model_gguf

REPO = Path(__file__).resolve().parents[2]
NODE_LLAMA_CPP = REPO / "node_modules" / "node-llama-cpp" / "llama"


@pytest.fixture(scope="session")
def llama_cpp_dir() -> Path:
    """The bundled llama.cpp checkout, cloned once and renamed into place (as llama-cpp-source.ts does)."""
    tag = json.loads((NODE_LLAMA_CPP / "llama.cpp.info.json").read_text())["tag"]
    target = REPO / ".cache" / "tools" / f"llama.cpp-{tag}"
    if not (target / "convert_hf_to_gguf.py").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".llama.cpp-{tag}-"))
        try:
            subprocess.run(["git", "clone", "--quiet", str(NODE_LLAMA_CPP / "gitRelease.bundle"), str(tmp)], check=True)
            try:
                tmp.rename(target)
            except OSError:
                pass  # another test process won the race; its checkout is complete
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


@pytest.fixture(scope="session")
def tiny_lora(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from confidant_trainer.testing.tiny_lora import make_tiny_lora

    return make_tiny_lora(tiny_model, tmp_path_factory.mktemp("lora") / "adapter")


@pytest.fixture(scope="session")
def exported(tiny_model: Path, tiny_lora: Path, llama_cpp_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real export of both the model and the adapter, shared by the read-back tests."""
    out = tmp_path_factory.mktemp("gguf")
    writer = EventWriter(io.StringIO(), keep=True)
    config = {
        "llama_cpp_dir": str(llama_cpp_dir),
        "out_dir": str(out),
        "merged_dir": str(tiny_model),
        "adapter_dir": str(tiny_lora),
        "base_dir": str(tiny_model),
        "name": "tiny",
    }
    summary = run_export(config, writer.emit)
    return {"out": out, "summary": summary, "events": writer.written}


def _config(llama_cpp_dir: Path, out: Path, **extra: Any) -> dict[str, Any]:
    return {"llama_cpp_dir": str(llama_cpp_dir), "out_dir": str(out), **extra}


def test_export_writes_an_f16_gguf_and_reports_it_as_an_artifact(exported: dict[str, Any]) -> None:
    path = exported["out"] / "tiny-f16.gguf"
    artifacts = [e for e in exported["events"] if e["event"] == "artifact"]
    assert {a["kind"] for a in artifacts} == {"gguf_f16", "gguf_lora"}
    model = next(a for a in artifacts if a["kind"] == "gguf_f16")
    assert model["path"] == str(path)
    assert model["bytes"] == path.stat().st_size > 1_000_000
    assert exported["summary"]["model"]["seconds"] > 0
    # Nothing half-written is left beside the result.
    assert sorted(p.name for p in exported["out"].iterdir()) == ["tiny-f16.gguf", "tiny-lora-f16.gguf"]


def test_exported_gguf_carries_the_training_chat_template_and_eos(exported: dict[str, Any], tiny_model: Path, llama_cpp_dir: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model))
    fields = _read_gguf_fields(exported["out"] / "tiny-f16.gguf", llama_cpp_dir)
    assert fields["general.architecture"] == "llama"
    assert fields["tokenizer.chat_template"] == tokenizer.chat_template
    assert "[INST]" in fields["tokenizer.chat_template"]
    assert fields["tokenizer.ggml.eos_token_id"] == tokenizer.eos_token_id == 2
    assert fields["tokenizer.ggml.bos_token_id"] == tokenizer.bos_token_id == 1
    # Real SentencePiece scores, not the converter's flat placeholder (see verify_model_gguf).
    assert fields["tokenizer.ggml.scores#distinct"] > 1000


def test_adapter_exports_as_a_gguf_lora_for_the_base_architecture(exported: dict[str, Any], llama_cpp_dir: Path) -> None:
    fields = _read_gguf_fields(exported["out"] / "tiny-lora-f16.gguf", llama_cpp_dir)
    assert fields["general.type"] == "adapter"
    assert fields["adapter.type"] == "lora"
    assert fields["general.architecture"] == "llama"
    assert fields["adapter.lora.alpha"] == 16.0
    assert exported["summary"]["lora"]["alpha"] == 16.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # The training used another EOS id: chat would never stop where the model learnt to.
        ({"tokenizer.ggml.eos_token_id": 32000}, "eos_token_id is 32000, training used 2"),
        # A converter that dropped the template: chat would fall back to a guessed format.
        ({"tokenizer.chat_template": None}, "has no tokenizer.chat_template"),
        ({"tokenizer.chat_template": "{{ messages }}"}, "chat_template differs"),
        ({"general.architecture": "qwen2"}, "general.architecture is 'qwen2'"),
        # tokenizer.json without tokenizer.model: every score is the placeholder.
        ({"tokenizer.ggml.scores#distinct": 1}, "no SentencePiece scores"),
        # The training tokenizer kept "▁" after <s> (legacy), a GGUF that switches it off would not.
        ({"tokenizer.ggml.add_space_prefix": False}, "will not put '▁' before text after <s>/</s>"),
    ],
)
def test_a_gguf_that_would_chat_differently_from_training_is_refused(
    exported: dict[str, Any], tiny_model: Path, llama_cpp_dir: Path, change: dict[str, Any], message: str
) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model))
    path = exported["out"] / "tiny-f16.gguf"
    fields = {**_read_gguf_fields(path, llama_cpp_dir), **change}
    fields = {k: v for k, v in fields.items() if v is not None}
    with pytest.raises(TrainerError) as raised:
        verify_model_gguf(
            fields,
            path,
            architecture="llama",
            chat_template=tokenizer.chat_template,
            eos_token_id=tokenizer.eos_token_id,
            space_after_special=True,
        )
    assert raised.value.code == "gguf_mismatch"
    assert message in raised.value.message
    assert raised.value.hint


def test_a_merged_folder_without_tokenizer_model_is_refused_after_converting(tiny_model: Path, llama_cpp_dir: Path, tmp_path: Path) -> None:
    merged = tmp_path / "merged"
    shutil.copytree(tiny_model, merged)
    (merged / "tokenizer.model").unlink()
    out = tmp_path / "out"
    with pytest.raises(TrainerError) as raised:
        run_export(_config(llama_cpp_dir, out, merged_dir=str(merged)), EventWriter(io.StringIO()).emit)
    assert raised.value.code == "gguf_mismatch"
    assert "tokenizer.model" in raised.value.hint
    assert list(out.iterdir()) == []  # the refused file is not left behind, not even as .partial


def test_bad_config_reports_every_wrong_field_at_once(tmp_path: Path) -> None:
    with pytest.raises(TrainerError) as raised:
        run_export({"adapter_dir": str(tmp_path), "outtype": "q4_k_m", "expect": {"eos_token_id": "2"}}, print)
    message = raised.value.message
    assert raised.value.code == "bad_config"
    for field in ("llama_cpp_dir: required", "out_dir: required", "base_dir: required", "outtype: 'q4_k_m'", "expect.eos_token_id"):
        assert field in message


def test_missing_model_folder_is_an_error_naming_it(llama_cpp_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(TrainerError) as raised:
        run_export(_config(llama_cpp_dir, tmp_path / "out", merged_dir=str(tmp_path / "nope")), print)
    assert raised.value.code == "model_missing"
    assert str(tmp_path / "nope") in raised.value.message


def test_unsupported_architecture_is_refused_before_converting(llama_cpp_dir: Path, tmp_path: Path) -> None:
    merged = tmp_path / "gpt2"
    merged.mkdir()
    (merged / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"]}))
    with pytest.raises(TrainerError) as raised:
        run_export(_config(llama_cpp_dir, tmp_path / "out", merged_dir=str(merged)), print)
    assert raised.value.code == "unsupported_architecture"
    assert "GPT2LMHeadModel" in raised.value.message
    assert "MistralForCausalLM" in raised.value.hint
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_missing_converter_says_where_it_comes_from(tiny_model: Path, tmp_path: Path) -> None:
    empty = tmp_path / "llama.cpp"
    empty.mkdir()
    with pytest.raises(TrainerError) as raised:
        run_export(_config(empty, tmp_path / "out", merged_dir=str(tiny_model)), print)
    assert raised.value.code == "converter_missing"
    assert "convert_hf_to_gguf.py" in raised.value.message
    assert "gitRelease.bundle" in raised.value.hint


def test_supported_architectures_are_ones_the_bundled_converter_knows(llama_cpp_dir: Path) -> None:
    # The table must not promise an architecture the pinned llama.cpp cannot convert.
    registered = subprocess.run(
        [sys.executable, str(llama_cpp_dir / "convert_hf_to_gguf.py"), "--print-supported-models"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(llama_cpp_dir / "gguf-py")},
        check=True,
    )
    listed = registered.stdout + registered.stderr
    for hf_arch in GGUF_ARCHITECTURES:
        assert hf_arch in listed


def test_command_line_writes_error_event_and_exits_non_zero(tmp_path: Path) -> None:
    config = tmp_path / "export.json"
    config.write_text(json.dumps({"llama_cpp_dir": str(tmp_path / "none"), "out_dir": str(tmp_path / "out"), "merged_dir": str(tmp_path)}))
    done = subprocess.run(
        [sys.executable, "-m", "confidant_trainer.export", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=REPO / "trainer",
        check=False,
    )
    assert done.returncode == 1
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[-1]["event"] == "error"
    assert events[-1]["code"] == "converter_missing"
    assert events[-1]["hint"]


def test_whole_run_config_export_section_defaults_to_the_merged_and_base_folders() -> None:
    from confidant_trainer.export import export_section

    raw = {"model": {"path": "/m/base"}, "merge": {"out_dir": "/r/merged"}, "export": {"llama_cpp_dir": "/t", "out_dir": "/o"}}
    assert export_section(raw) == {"merged_dir": "/r/merged", "base_dir": "/m/base", "llama_cpp_dir": "/t", "out_dir": "/o"}
    # Asking for the adapter alone must not also convert the merged model.
    raw["export"]["adapter_dir"] = "/r/adapter"
    assert "merged_dir" not in export_section(raw)
    # The flat form (python -m confidant_trainer.export) is used as it is.
    assert export_section({"out_dir": "/o"}) == {"out_dir": "/o"}


def test_trainer_command_line_dispatches_export_with_its_section(tmp_path: Path) -> None:
    config = tmp_path / "run.json"
    config.write_text(
        json.dumps(
            {"merge": {"out_dir": str(tmp_path)}, "export": {"llama_cpp_dir": str(tmp_path / "none"), "out_dir": str(tmp_path / "out")}}
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "confidant_trainer", "export", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=REPO / "trainer",
        check=False,
    )
    assert done.returncode == 1
    error = json.loads(done.stdout.splitlines()[-1])
    assert (error["event"], error["code"]) == ("error", "converter_missing")


def test_a_training_tokenizer_without_the_sentencepiece_space_rule_is_refused(
    tiny_model: Path, llama_cpp_dir: Path, tmp_path: Path
) -> None:
    # transformers 5's default for Llama tokenizers (legacy=False) tokenizes "<s>[INST]" as "[" not "▁[",
    # unlike llama.cpp: a model trained so would see other tokens in chat than in training.
    merged = tmp_path / "merged"
    shutil.copytree(tiny_model, merged)
    for name, section, key, value in [
        ("tokenizer_config.json", None, "legacy", False),
        ("tokenizer.json", "pre_tokenizer", "prepend_scheme", "first"),
    ]:
        data = json.loads((merged / name).read_text())
        (data[section] if section else data)[key] = value
        (merged / name).write_text(json.dumps(data))
    out = tmp_path / "out"
    with pytest.raises(TrainerError) as raised:
        run_export(_config(llama_cpp_dir, out, merged_dir=str(merged)), EventWriter(io.StringIO()).emit)
    assert raised.value.code == "gguf_mismatch"
    assert "the training tokenizer did not" in raised.value.message
    assert '"legacy": true' in raised.value.hint
    assert list(out.iterdir()) == []
