"""Attention over packed rows by segment, without a dense block-diagonal mask (`model.attention=varlen`).

With SDPA, transformers turns the restarting position ids of a packed row into a [row, row] boolean
mask, and a masked SDPA call does the whole row x row score matrix on a kernel that takes a mask. Here
the row is cut where the position ids restart and each entry attends only to itself: on CUDA through
PyTorch's variable-length FlashAttention (`torch.nn.attention.varlen`, no extra wheel), elsewhere one
causal SDPA call per entry (the same numbers, slowly; it is what the CPU tests check). Only training
forwards take this path; evaluation and generation (padding masks, KV caches) go through plain SDPA.
"""

from __future__ import annotations

import inspect
import itertools
import logging
from collections import Counter
from typing import Any

import torch

log = logging.getLogger(__name__)

NAME = "confidant_varlen"
# How often each path ran; the benchmark reports it, so a silent fallback cannot pass for a speed-up.
calls: Counter[str] = Counter()
_last: dict[str, Any] = {}


def segments(position_ids: torch.Tensor, batch: int) -> tuple[torch.Tensor, int]:
    """Cumulative entry starts over the flattened [batch, seq] rows, and the longest entry.

    A new entry starts wherever the position id is 0 and at every row start (rows never share an entry).
    """
    cached = _last.get("key")
    if cached is not None and cached[0] is position_ids and cached[1] == (position_ids._version, batch):
        return _last["value"]
    starts = position_ids.expand(batch, -1) == 0
    width = starts.shape[1]
    starts[:, 0] = True
    flat = torch.nonzero(starts.reshape(-1), as_tuple=False).flatten()
    total = torch.tensor([batch * width], device=flat.device, dtype=flat.dtype)
    cu = torch.cat([flat, total]).to(torch.int32)
    value = (cu, int((cu[1:] - cu[:-1]).max().item()))
    # One forward runs every layer (and the checkpointed recomputation) on the same position_ids tensor.
    _last["key"], _last["value"] = (position_ids, (position_ids._version, batch)), value
    return value


def _flash_varlen() -> Any:
    """PyTorch's varlen FlashAttention adapted to one signature, or None where this torch has none."""
    try:
        from torch.nn.attention.varlen import varlen_attn
    except ImportError:
        return None
    params = inspect.signature(varlen_attn).parameters

    def call(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, cu: torch.Tensor, longest: int, scale: float) -> torch.Tensor:
        kwargs: dict[str, Any] = {}
        if "is_causal" in params:
            kwargs["is_causal"] = True
        else:
            kwargs["window_size"] = (-1, 0)  # newer torch: causal is a left-unbounded, right-zero window
        if "scale" in params:
            kwargs["scale"] = scale
        elif abs(scale - q.shape[-1] ** -0.5) > 1e-12:
            raise ValueError("this torch's varlen_attn has no scale argument")
        if q.shape[1] != k.shape[1]:
            if "enable_gqa" in params:
                kwargs["enable_gqa"] = True
            else:
                k = k.repeat_interleave(q.shape[1] // k.shape[1], dim=1)
                v = v.repeat_interleave(q.shape[1] // v.shape[1], dim=1)
        return varlen_attn(q, k, v, cu, cu, longest, longest, **kwargs)

    return call


_FLASH = _flash_varlen()


def _by_segment(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, cu: torch.Tensor, scale: float) -> torch.Tensor:
    """The reference: one causal SDPA call per entry ([tokens, heads, dim] in and out)."""
    groups = q.shape[1] // k.shape[1]
    out = []
    bounds = cu.tolist()
    for a, b in itertools.pairwise(bounds):
        qs, ks, vs = (t[a:b].transpose(0, 1) for t in (q, k, v))
        if groups > 1:
            ks, vs = ks.repeat_interleave(groups, dim=0), vs.repeat_interleave(groups, dim=0)
        out.append(torch.nn.functional.scaled_dot_product_attention(qs, ks, vs, is_causal=True, scale=scale).transpose(0, 1))
    return torch.cat(out)


def varlen_attention_forward(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    scaling: float | None = None,
    dropout: float = 0.0,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """transformers' attention-function signature: q [b, heads, t, d], k/v [b, kv_heads, t, d] -> [b, t, heads, d]."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    position_ids = kwargs.get("position_ids")
    batch, heads, width, dim = query.shape
    sliding = kwargs.get("sliding_window")
    usable = module.training and position_ids is not None and key.shape[2] == width and dropout == 0.0
    if usable:
        cu, longest = segments(position_ids, batch)
        usable = not sliding or longest <= sliding
    if not usable:
        calls["sdpa"] += 1
        return sdpa_attention_forward(module, query, key, value, attention_mask, scaling=scaling, dropout=dropout, **kwargs)
    scale = scaling if scaling is not None else dim**-0.5
    q, k, v = (t.transpose(1, 2).reshape(batch * width, t.shape[1], dim) for t in (query, key, value))
    if query.is_cuda and _FLASH is not None and query.dtype in (torch.bfloat16, torch.float16):
        calls["flash_varlen"] += 1
        out = _FLASH(q, k, v, cu.to(query.device), longest, scale)
    else:
        calls["by_segment"] += 1
        out = _by_segment(q, k, v, cu, scale)
    return out.reshape(batch, width, heads, dim), None


def register() -> str:
    """Makes `NAME` an attention implementation transformers can load a model with; returns it."""
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, AttentionMaskInterface

    AttentionInterface.register(NAME, varlen_attention_forward)
    # Evaluation and generation fall back to SDPA, so they need SDPA's mask (padding, caches).
    AttentionMaskInterface.register(NAME, ALL_MASK_ATTENTION_FUNCTIONS["sdpa"])
    return NAME


def flash_available() -> bool:
    return _FLASH is not None and torch.cuda.is_available()
