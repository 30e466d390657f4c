import json

import pytest
import torch
from conftest import run_in_process


@pytest.fixture(scope="module")
def random_adapter(tiny_model, tmp_path_factory):
    """An adapter with non-zero B matrices, so merging changes the weights (a fresh LoRA would not)."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    config = LoraConfig(
        r=8,
        lora_alpha=16,
        init_lora_weights=False,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    )
    out = tmp_path_factory.mktemp("adapter") / "adapter"
    get_peft_model(model, config).save_pretrained(out)
    return out


def test_merge_writes_a_standalone_model_whose_logits_match_base_plus_adapter(tiny_model, random_adapter, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    out = tmp_path / "merged"
    code, events = run_in_process(
        "merge", [f"model.path={tiny_model}", f"merge.adapter={random_adapter}", f"merge.out_dir={out}", "merge.dtype=fp32"]
    )
    assert code == 0, events[-1]
    summary = events[-1]["summary"]
    assert summary["relative_diff"] <= summary["tolerance"] == 1e-4 and summary["top1_agreement"] == 1.0
    assert {"model.safetensors", "tokenizer.json", "config.json"} <= {p.name for p in out.iterdir()}
    assert json.loads((out / "confidant.json").read_text())["stop_tokens"] == ["</s>"]
    merged_tokenizer = AutoTokenizer.from_pretrained(out)
    assert "[INST]" in merged_tokenizer.chat_template  # the chat template travels with the model

    # Independent of the command's own check: reload both from disk and compare.
    ids = merged_tokenizer("Dear diary, the tram was late again.", return_tensors="pt")["input_ids"]
    merged = AutoModelForCausalLM.from_pretrained(out).eval()
    reference = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), random_adapter).eval()
    with torch.no_grad():
        torch.testing.assert_close(merged(input_ids=ids).logits, reference(input_ids=ids).logits, atol=1e-4, rtol=1e-4)
        base = AutoModelForCausalLM.from_pretrained(tiny_model).eval()(input_ids=ids).logits
    assert (merged(input_ids=ids).logits - base).abs().max() > 1e-3  # the adapter really changed something


def test_merge_refuses_to_overwrite_an_existing_model(tiny_model, random_adapter, tmp_path):
    out = tmp_path / "merged"
    out.mkdir()
    (out / "model.safetensors").write_bytes(b"keep me")
    code, events = run_in_process("merge", [f"model.path={tiny_model}", f"merge.adapter={random_adapter}", f"merge.out_dir={out}"])
    assert code == 1 and events[-1]["code"] == "out_dir_exists"
    assert (out / "model.safetensors").read_bytes() == b"keep me"
