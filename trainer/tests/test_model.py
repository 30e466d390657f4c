import json

import pytest

from confidant_trainer.config import ModelConfig, build
from confidant_trainer.events import TrainerError
from confidant_trainer.model import SUPPORTED, add_lora, estimate_vram_gb, read_spec, resolve_model_dir


def test_supported_table_names_gguf_architecture_and_stop_tokens():
    for model_type in ["mistral", "llama", "qwen2", "gemma", "gemma3", "gemma3_text"]:
        spec = SUPPORTED[model_type]
        assert spec.gguf_arch and spec.stop_tokens
    assert SUPPORTED["mistral"].gguf_arch == "llama" and SUPPORTED["mistral"].stop_tokens == ("</s>",)


def test_unlisted_architecture_is_refused_before_loading(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    with pytest.raises(TrainerError) as info:
        read_spec(tmp_path, ModelConfig(path=str(tmp_path)))
    assert info.value.code == "unsupported_model" and "gpt2" in info.value.message and "Mistral" in info.value.hint


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_missing_model_folder_is_named(tmp_path, make):
    path = tmp_path / "nowhere"
    if make == "empty":
        path.mkdir()
    with pytest.raises(TrainerError) as info:
        resolve_model_dir(ModelConfig(path=str(path)))
    assert info.value.code == "model_missing" and str(path) in info.value.message


def test_lora_wraps_every_linear_projection(tiny_model):
    from transformers import AutoModelForCausalLM

    model = add_lora(AutoModelForCausalLM.from_pretrained(tiny_model), build({}).lora, gradient_checkpointing=False)
    wrapped = {name.rsplit(".", 2)[-2] for name, _ in model.named_modules() if name.endswith("lora_A")}
    assert wrapped == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n for n in trainable)


def test_vram_estimate_for_mistral_7b_matches_the_measured_h100_run(tmp_path):
    from transformers import MistralConfig

    MistralConfig().save_pretrained(tmp_path)
    config = build({"train": {"micro_batch": 2}, "data": {"max_length": 2048}})
    estimate = estimate_vram_gb(tmp_path, config, quantize=True, liger=True)
    assert 3.5 < estimate["weights"] < 4.2  # 4-bit 7B plus bf16 embeddings
    # docs/benchmarks.md: 6.34 GiB peak measured on an H100 with these settings.
    assert 5.5 < estimate["total"] < 8.0
    without_liger = estimate_vram_gb(tmp_path, config, quantize=True, liger=False)
    assert without_liger["total"] > estimate["total"]


def test_mistral_tokenizer_comes_from_a_local_wheel_without_network(tmp_path, monkeypatch):
    # The GPU machine has no network: the tokenizer must come out of a wheel carried in the tree.
    # The wheel here is a stand-in built in tmp_path around the real tokenizer.model.
    import subprocess
    import zipfile

    from confidant_trainer.testing import tiny_model

    real = tiny_model.ensure_mistral_tokenizer_model().read_bytes()
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "mistral_common-0.0.1-py3-none-any.whl").write_bytes(b"not a zip")  # a broken one is skipped
    with zipfile.ZipFile(wheels / "mistral_common-0.0.2-py3-none-any.whl", "w") as zf:
        zf.writestr(tiny_model.TOKENIZER_MEMBER, real)
    monkeypatch.setenv("CONFIDANT_WHEELS", str(wheels))

    def no_network(*_args, **_kwargs):
        raise AssertionError("pip download was called although a local wheel holds the tokenizer")

    monkeypatch.setattr(subprocess, "run", no_network)
    got = tiny_model.ensure_mistral_tokenizer_model(tmp_path / "cache")
    assert got == tmp_path / "cache" / "tokenizer.model" and got.read_bytes() == real
