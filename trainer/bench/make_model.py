"""A Mistral-7B-shaped model (MistralConfig() defaults) with random weights and the real tokenizer.

Random weights cost exactly what real ones cost in time and memory (facts.md); none are downloadable here.
Built on the GPU in bf16 and saved as safetensors so every trainer loads it the way a user's model loads.
The tokenizer comes from the mistral-common wheel in the repo's `.whl/` (it travels to the GPU machine,
which has no network) or from `CONFIDANT_WHEELS`; see `ensure_mistral_tokenizer_model`.

Run: python -m bench.make_model OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import torch


def make_mistral_7b_shape(out_dir: Path) -> Path:
    from transformers import LlamaTokenizer, MistralConfig, MistralForCausalLM

    from confidant_trainer.testing.tiny_model import MISTRAL_INSTRUCT_TEMPLATE, ensure_mistral_tokenizer_model

    if (out_dir / "config.json").exists():
        return out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as spm:
        (Path(spm) / "tokenizer.model").write_bytes(ensure_mistral_tokenizer_model().read_bytes())
        # legacy=True, as in the tiny model: SentencePiece's own rule, which llama.cpp follows too.
        tokenizer = LlamaTokenizer.from_pretrained(spm, legacy=True)
        tokenizer.init_kwargs["legacy"] = True
    tokenizer.chat_template = MISTRAL_INSTRUCT_TEMPLATE
    config = MistralConfig()  # hidden 4096, 32 layers, 14336 MLP, 32 heads / 8 KV heads, vocab 32000
    config.dtype = torch.bfloat16
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = MistralForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    # transformers 5 saves only tokenizer.json; the GGUF converter needs the SentencePiece model itself.
    (out_dir / "tokenizer.model").write_bytes(ensure_mistral_tokenizer_model().read_bytes())
    del model
    torch.cuda.empty_cache()
    return out_dir


if __name__ == "__main__":
    print(make_mistral_7b_shape(Path(sys.argv[1])))
