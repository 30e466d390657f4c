"""Base models: the supported table, locating and loading weights, LoRA, and the VRAM preflight.

One table (like llama.cpp's `conversion/__init__.py`) says which architectures Confidant trains, with the
stop tokens chat needs and the GGUF architecture export writes. Anything not listed is refused before a
single weight loads.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from .config import Config, LoraConfig, ModelConfig
from .events import Emit, TrainerError

log = logging.getLogger(__name__)

# Gemma's turn format; used only when a tokenizer arrives without a template (GGUF-loaded Gemma does).
GEMMA_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{% if role == 'system' %}{% set role = 'user' %}{% endif %}"
    "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)


@dataclass(frozen=True)
class BaseModelSpec:
    family: str
    gguf_arch: str  # architecture name llama.cpp's converter writes
    stop_tokens: tuple[str, ...]
    fallback_template: str | None = None


SUPPORTED: dict[str, BaseModelSpec] = {
    # Mistral converts to llama.cpp's "llama" architecture (convert_hf_to_gguf.py maps MistralForCausalLM).
    "mistral": BaseModelSpec("Mistral", "llama", ("</s>",)),
    "llama": BaseModelSpec("Llama", "llama", ("</s>", "<|eot_id|>", "<|end_of_text|>")),
    "qwen2": BaseModelSpec("Qwen2", "qwen2", ("<|im_end|>", "<|endoftext|>")),
    "gemma": BaseModelSpec("Gemma", "gemma", ("<end_of_turn>", "<eos>"), GEMMA_TEMPLATE),
    "gemma2": BaseModelSpec("Gemma 2", "gemma2", ("<end_of_turn>", "<eos>"), GEMMA_TEMPLATE),
    "gemma3": BaseModelSpec("Gemma 3", "gemma3", ("<end_of_turn>", "<eos>"), GEMMA_TEMPLATE),
    "gemma3_text": BaseModelSpec("Gemma 3", "gemma3", ("<end_of_turn>", "<eos>"), GEMMA_TEMPLATE),
}


def resolve_model_dir(cfg: ModelConfig, emit: Emit | None = None) -> Path:
    """Returns a local folder for `cfg.path`; a hub id is downloaded once, visibly, then used offline."""
    path = Path(cfg.path).expanduser()
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise TrainerError("model_unreadable", f"model folder {path} is not readable", "fix the folder's permissions")
        needed = cfg.gguf_file or "config.json"
        if not (path / needed).is_file():
            raise TrainerError(
                "model_missing", f"model folder {path} has no {needed}", "pick the folder that holds the model's config.json and weights"
            )
        return path
    looks_like_id = cfg.path.count("/") == 1 and not cfg.path.startswith((".", "/", "~"))
    if not looks_like_id or os.environ.get("HF_HUB_OFFLINE") == "1":
        raise TrainerError("model_missing", f"no model folder at {path}", "download the base model first, or fix model.path")
    from huggingface_hub import snapshot_download

    if emit:
        emit("warning", message=f"downloading {cfg.path} (one time; later runs are offline)", hint="this is the only network use")
    local = Path(snapshot_download(cfg.path, allow_patterns=["*.json", "*.safetensors", "tokenizer*"]))
    os.environ["HF_HUB_OFFLINE"] = "1"
    return local


def read_spec(model_dir: Path, cfg: ModelConfig) -> tuple[str, BaseModelSpec]:
    """Reads the architecture and refuses anything outside `SUPPORTED`."""
    if cfg.gguf_file:
        from transformers import AutoConfig

        model_type = AutoConfig.from_pretrained(model_dir, gguf_file=cfg.gguf_file).model_type
    else:
        try:
            model_type = json.loads((model_dir / "config.json").read_text())["model_type"]
        except (OSError, ValueError, KeyError) as exc:
            raise TrainerError(
                "model_missing", f"{model_dir}/config.json is unreadable or has no model_type", "re-download the base model"
            ) from exc
    spec = SUPPORTED.get(model_type)
    if spec is None:
        raise TrainerError(
            "unsupported_model",
            f"architecture {model_type!r} in {model_dir} is not supported",
            f"pick a base model of one of these families: {', '.join(sorted({s.family for s in SUPPORTED.values()}))}",
        )
    return model_type, spec


def load_tokenizer(model_dir: Path, cfg: ModelConfig, spec: BaseModelSpec) -> Any:
    from transformers import AutoTokenizer

    kwargs = {"gguf_file": cfg.gguf_file} if cfg.gguf_file else {}
    tokenizer = AutoTokenizer.from_pretrained(model_dir, **kwargs)
    if not tokenizer.chat_template and spec.fallback_template:
        tokenizer.chat_template = spec.fallback_template
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def pick_device() -> torch.device:
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def compute_dtype(cfg: ModelConfig, device: torch.device) -> torch.dtype:
    name = cfg.dtype if cfg.dtype != "auto" else ("bf16" if device.type == "cuda" else "fp32")
    return {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[name]


def wants_nf4(cfg: ModelConfig, device: torch.device) -> bool:
    if cfg.quantize == "nf4" and device.type != "cuda":
        raise TrainerError(
            "no_gpu", "model.quantize=nf4 needs an NVIDIA GPU with CUDA", "set model.quantize=none to train on the CPU (slow)"
        )
    return cfg.quantize == "nf4" or (cfg.quantize == "auto" and device.type == "cuda")


def attention_impl(cfg: ModelConfig, device: torch.device | None = None) -> str:
    """auto: FlashAttention 2 where installed; else, on CUDA, packed rows by segment through PyTorch's
    own varlen FlashAttention (1.4-1.7x the tokens/s of SDPA's masked kernel on an H200, docs/benchmarks.md);
    else SDPA."""
    if cfg.attention != "auto":
        return cfg.attention
    if importlib.util.find_spec("flash_attn"):
        return "flash_attention_2"
    if device is not None and device.type == "cuda":
        from .attention import flash_available

        if flash_available():
            return "varlen"
    return "sdpa"


def load_model(model_dir: Path, cfg: ModelConfig, device: torch.device, *, quantize: bool, emit: Emit | None = None) -> Any:
    """Loads the causal LM; 4-bit NF4 (double quant, bf16 compute) when `quantize`, else plain dtype."""
    from transformers import AutoModelForCausalLM

    dtype = compute_dtype(cfg, device)
    impl = attention_impl(cfg, device)
    if impl == "varlen":
        from .attention import register

        impl = register()
    kwargs: dict[str, Any] = {"dtype": dtype, "attn_implementation": impl}
    if cfg.gguf_file:
        kwargs["gguf_file"] = cfg.gguf_file
        try:
            from transformers import GgufConfig

            # Newer transformers keep GGUF blocks packed (frozen, unserializable); training needs plain weights.
            kwargs["quantization_config"] = GgufConfig(gguf_file=cfg.gguf_file, dequantize=True)
        except ImportError:
            pass  # older transformers always dequantize GGUF on load
        if quantize:
            raise TrainerError(
                "bad_config", "a GGUF base cannot be re-quantized to NF4", "set model.quantize=none, or use the model's safetensors folder"
            )
    if quantize:
        try:
            import bitsandbytes  # noqa: F401
            from transformers import BitsAndBytesConfig
        except ImportError as exc:
            raise TrainerError(
                "missing_package", "bitsandbytes is not installed", "pip install bitsandbytes, or set model.quantize=none"
            ) from exc
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype,
        )
        kwargs["device_map"] = {"": device.index or 0}
    if cfg.liger and device.type == "cuda":
        _apply_liger(model_dir, cfg, emit)
    try:
        model = AutoModelForCausalLM.from_pretrained(model_dir, **kwargs)
    except (OSError, ValueError, RuntimeError) as exc:
        raise TrainerError(
            "model_unreadable", f"cannot load the model in {model_dir}: {exc}", "re-download the base model; the weights may be incomplete"
        ) from exc
    if not quantize:
        model.to(device)
    model.config.use_cache = False
    return model


def _apply_liger(model_dir: Path, cfg: ModelConfig, emit: Emit | None) -> None:
    """Patches the model class with Liger's fused kernels (RMSNorm, RoPE, SwiGLU, fused linear CE)."""
    if importlib.util.find_spec("liger_kernel") is None:
        return
    try:
        from liger_kernel.transformers import monkey_patch

        model_type = read_spec(model_dir, cfg)[0]
        patch = monkey_patch.MODEL_TYPE_TO_APPLY_LIGER_FN.get(model_type)
        if patch is not None:
            patch()
    except Exception as exc:  # noqa: BLE001 - an incompatible Liger must never stop training: the plain path works
        if emit:
            emit("warning", message=f"Liger kernels not applied: {exc}", hint="training continues without them")


def add_lora(model: Any, lora: LoraConfig, *, gradient_checkpointing: bool) -> Any:
    """Wraps the model with LoRA adapters on every linear projection; base weights stay frozen."""
    from peft import LoraConfig as PeftLoraConfig
    from peft import get_peft_model

    names = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    targets = [t for t in lora.target_modules if t in names]
    if not targets:
        raise TrainerError("unsupported_model", "none of lora.target_modules exist in this model", "use the default target modules")
    if gradient_checkpointing:
        # Non-reentrant checkpointing needs no input grads and works with frozen 4-bit weights.
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    config = PeftLoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, target_modules=targets, task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, config)
    if lora.fused:
        from . import lora_fused

        lora_fused.apply(peft_model)
    return peft_model


def estimate_vram_gb(model_dir: Path, config: Config, *, quantize: bool, liger: bool) -> dict[str, float]:
    """Preflight estimate in GiB: weights, LoRA (+grads), optimizer, activations, CUDA overhead."""
    from transformers import AutoConfig

    kwargs = {"gguf_file": config.model.gguf_file} if config.model.gguf_file else {}
    mc = AutoConfig.from_pretrained(model_dir, **kwargs)
    mc = getattr(mc, "text_config", mc)
    h, inter, layers, vocab = mc.hidden_size, mc.intermediate_size, mc.num_hidden_layers, mc.vocab_size
    heads, kv = mc.num_attention_heads, getattr(mc, "num_key_value_heads", mc.num_attention_heads)
    head_dim = getattr(mc, "head_dim", None) or h // heads
    attn = h * head_dim * (heads * 2 + kv * 2)
    mlp = 3 * h * inter
    linear = layers * (attn + mlp)
    embed = vocab * h * (1 if getattr(mc, "tie_word_embeddings", False) else 2)
    bytes_per = 2 if quantize or config.model.dtype in {"bf16", "fp16"} else 4
    weights = linear * (4.13 / 8 if quantize else bytes_per) + embed * bytes_per
    rank = config.lora.r
    lora_params = layers * rank * (h * 4 + head_dim * (heads * 2 + kv * 2) + 3 * (h + inter))
    lora = lora_params * 4 * 2  # fp32 weights + grads
    optimizer = lora_params * (2 if quantize else 8)
    tokens = config.train.micro_batch * config.data.max_length
    per_layer_full = tokens * (h * 10 + inter * 4 + kv * head_dim * 4) * 2
    activations = (layers * tokens * h * 2 + per_layer_full) if config.model.gradient_checkpointing else layers * per_layer_full
    logits = 0 if liger else tokens * vocab * 4 * 3
    overhead = 0.8 * 2**30
    parts = {
        "weights": weights,
        "lora": lora,
        "optimizer": optimizer,
        "activations": activations,
        "logits": logits,
        "cuda_overhead": overhead,
    }
    out = {k: round(v / 2**30, 2) for k, v in parts.items()}
    out["total"] = round(sum(parts.values()) / 2**30, 2)
    return out
