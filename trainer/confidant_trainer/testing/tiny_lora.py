"""A PEFT LoRA adapter on the tiny Mistral, for export tests (GGUF LoRA on top of a base GGUF).

PEFT starts LoRA's B matrices at zero, which makes an adapter that changes nothing; a test that the
adapter loads and acts could not fail. So B is filled with noise large enough to move the logits.

Run: python -m confidant_trainer.testing.tiny_lora BASE_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

# Every linear projection, as the trainer targets them (issue 7).
TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def make_tiny_lora(base_dir: Path, out_dir: Path, *, rank: int = 8, alpha: int = 16, seed: int = 0) -> Path:
    """Saves a LoRA adapter (adapter_config.json + adapter_model.safetensors) for the model in `base_dir`."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    out_dir = Path(out_dir)
    if (out_dir / "adapter_config.json").exists() and (out_dir / "adapter_model.safetensors").exists():
        return out_dir
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(str(base_dir), local_files_only=True)
    config = LoraConfig(r=rank, lora_alpha=alpha, target_modules=TARGET_MODULES, lora_dropout=0.0, task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, config)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.normal_(0.0, 0.5)
    # The base path lets convert_lora_to_gguf and readers find the base without a hub lookup.
    peft_model.peft_config["default"].base_model_name_or_path = str(base_dir)
    peft_model.save_pretrained(str(out_dir), safe_serialization=True)
    return out_dir


if __name__ == "__main__":
    print(make_tiny_lora(Path(sys.argv[1]), Path(sys.argv[2])))
