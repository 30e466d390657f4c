"""A tiny random Mistral with the real Mistral 7B tokenizer, for tests that must run in seconds on a CPU.

facts.md: no hub download is possible here, but the real v0.1/v0.2 SentencePiece tokenizer ships inside
the `mistral-common` wheel. The weights are random (hidden 64, 2 layers); the tokenizer, chat template
and special tokens are the real ones, so template and export tests prove what they claim.

Run: python -m confidant_trainer.testing.tiny_model OUT_DIR
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# The Mistral Instruct v0.1/v0.2 template: `<s>[INST] user [/INST] answer</s>`. A system message has no
# slot of its own in these models; it is prepended to the first user turn, as Mistral's own tooling does.
MISTRAL_INSTRUCT_TEMPLATE = (
    "{{ bos_token }}"
    "{% if messages and messages[0]['role'] == 'system' %}"
    "{% set system = messages[0]['content'] + '\\n\\n' %}{% set rest = messages[1:] %}"
    "{% else %}{% set system = '' %}{% set rest = messages %}{% endif %}"
    "{% for message in rest %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant') }}"
    "{% endif %}"
    "{% if message['role'] == 'user' %}"
    "{% if loop.first %}{{ '[INST] ' + system + message['content'] + ' [/INST]' }}"
    "{% else %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}"
    "{% else %}{{ ' ' + message['content'] + eos_token }}{% endif %}"
    "{% endfor %}"
)

TOKENIZER_MEMBER = "mistral_common/data/tokenizer.model.v1"


def default_cache_dir() -> Path:
    return repo_root() / ".cache" / "mistral-tokenizer"


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def local_wheels() -> list[Path]:
    """mistral-common wheels already on disk: `CONFIDANT_WHEELS` (a folder), then the repo's `.whl/`.

    The GPU machine has no network; the wheels that travel with the working tree are its only source.
    """
    folders = [Path(p) for p in os.environ.get("CONFIDANT_WHEELS", "").split(os.pathsep) if p] + [repo_root() / ".whl"]
    return [w for folder in folders if folder.is_dir() for w in sorted(folder.glob("mistral_common-*.whl"))]


def _extract(wheel: Path, target: Path) -> bool:
    try:
        with zipfile.ZipFile(wheel) as zf:
            data = zf.read(TOKENIZER_MEMBER)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False  # not a usable wheel (or an older one without the v1 model): try the next source
    target.write_bytes(data)
    return True


def ensure_mistral_tokenizer_model(cache_dir: Path | None = None) -> Path:
    """Returns the path of Mistral's `tokenizer.model`: cached, else from a local wheel, else `pip download`."""
    cache = cache_dir or default_cache_dir()
    target = cache / "tokenizer.model"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    if any(_extract(wheel, target) for wheel in local_wheels()):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, "mistral-common"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wheel = next(Path(tmp).glob("mistral_common-*.whl"))
        if not _extract(wheel, target):
            raise RuntimeError(f"{wheel.name} has no {TOKENIZER_MEMBER}; pin an older mistral-common")
    return target


def make_tiny_mistral(out_dir: Path, *, seed: int = 0, hidden_size: int = 64, layers: int = 2) -> Path:
    """Writes a random `MistralForCausalLM` with the real tokenizer and chat template to `out_dir`."""
    import torch
    from transformers import LlamaTokenizer, MistralConfig, MistralForCausalLM

    out_dir = Path(out_dir)
    if (out_dir / "config.json").exists() and (out_dir / "tokenizer_config.json").exists():
        return out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    # transformers 5 converts a SentencePiece model only through from_pretrained on a folder holding it.
    with tempfile.TemporaryDirectory() as spm_dir:
        (Path(spm_dir) / "tokenizer.model").write_bytes(ensure_mistral_tokenizer_model().read_bytes())
        # legacy=True: SentencePiece's own rule, a "▁" before the text after <s> and </s> ("[INST]" -> 733),
        # as Mistral's reference tokenizer and llama.cpp do. transformers 5 defaults to legacy=False, which
        # tokenizes "<s>[INST]" differently from the GGUF; init_kwargs makes the choice survive a save/reload.
        tokenizer = LlamaTokenizer.from_pretrained(spm_dir, legacy=True)
        tokenizer.init_kwargs["legacy"] = True
    tokenizer.chat_template = MISTRAL_INSTRUCT_TEMPLATE
    torch.manual_seed(seed)
    config = MistralConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=False,
    )
    model = MistralForCausalLM(config)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    # As on the hub: transformers 5 saves only tokenizer.json, and without the SentencePiece model
    # llama.cpp's converter writes flat token scores, so the GGUF would split words differently.
    (out_dir / "tokenizer.model").write_bytes(ensure_mistral_tokenizer_model().read_bytes())
    return out_dir


if __name__ == "__main__":
    print(make_tiny_mistral(Path(sys.argv[1])))
