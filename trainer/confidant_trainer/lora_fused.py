"""One autograd function per LoRA projection: y = x W^T + s (drop(x) A^T) B^T (`lora.fused=true`).

PEFT computes a LoRA projection as separate modules: the frozen base (for NF4, bitsandbytes' own
autograd function), then a cast of x to the adapters' fp32, lora_A, lora_B, a multiply by the scale
and an add, each a kernel launch and a Python dispatch, each saving its own tensors for backward. A
QLoRA step on a large GPU is bound by that host-side work, not by the GPU (docs/benchmarks.md). Here
the whole projection is one `torch.autograd.Function` of three matrix products in the compute dtype,
the scale folded into `addmm`: forward saves x, drop(x) and x A^T (no weight copy: the NF4 weight is
dequantised again in backward, as bitsandbytes does), backward is four products and one `addmm` for
dx. The adapters stay PEFT's own parameters, so checkpoints, resume and merge are untouched. The same
code runs on the CPU with a plain `nn.Linear` base (the tests compare it with PEFT's path).

Backward, with g = dL/dy, d = drop(x), h = d A^T:  dB = s g^T h,  dh = s g B,  dA = dh^T d,
dx = g W + (dh A through the dropout mask).
"""

from __future__ import annotations

import types
from typing import Any

import torch

# Modules patched by `apply`, for the benchmark and tests to check that the fast path is the one that ran.
patched: list[str] = []


def _dense_weight(base: torch.nn.Module, dtype: torch.dtype) -> torch.Tensor:
    """The base layer's weight as a [out, in] matrix in `dtype` (NF4 dequantised, a new tensor each call)."""
    weight = base.weight
    quant_state = getattr(weight, "quant_state", None)
    if quant_state is not None:
        import bitsandbytes.functional as bnbf

        return bnbf.dequantize_4bit(weight.data, quant_state).to(dtype)
    return weight.to(dtype)


class LoraProjection(torch.autograd.Function):
    @staticmethod
    def forward(  # type: ignore[override]
        ctx: Any,
        x: torch.Tensor,
        dropped: torch.Tensor,
        lora_a: torch.Tensor,
        lora_b: torch.Tensor,
        base: torch.nn.Module,
        scale: float,
        dtype: torch.dtype,
    ) -> torch.Tensor:
        shape = x.shape
        x2, d2 = x.reshape(-1, shape[-1]).to(dtype), dropped.reshape(-1, shape[-1]).to(dtype)
        a, b = lora_a.to(dtype), lora_b.to(dtype)
        w = _dense_weight(base, dtype)
        h = d2 @ a.t()  # [tokens, r]
        y = torch.addmm(x2 @ w.t(), h, b.t(), alpha=scale)
        bias = getattr(base, "bias", None)
        if bias is not None:
            y = y + bias.to(dtype)
        # d2 is x2 itself without dropout: saving it twice costs nothing.
        ctx.save_for_backward(d2, h, lora_a, lora_b)
        ctx.base, ctx.scale, ctx.dtype, ctx.same = base, scale, dtype, dropped is x
        ctx.x_dtype, ctx.d_dtype = x.dtype, dropped.dtype
        return y.reshape(*shape[:-1], y.shape[-1])

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[Any, ...]:  # type: ignore[override]
        d2, h, lora_a, lora_b = ctx.saved_tensors
        dtype, scale = ctx.dtype, ctx.scale
        g = grad.reshape(-1, grad.shape[-1]).to(dtype)
        a, b = lora_a.to(dtype), lora_b.to(dtype)
        grad_b = (g.t() @ h).mul_(scale)  # [out, r]
        dh = (g @ b).mul_(scale)  # [tokens, r]
        grad_a = dh.t() @ d2  # [r, in]
        w = _dense_weight(ctx.base, dtype)
        shape = (*grad.shape[:-1], w.shape[1])
        if not ctx.needs_input_grad[0] and not ctx.needs_input_grad[1]:
            return None, None, grad_a.to(lora_a.dtype), grad_b.to(lora_b.dtype), None, None, None
        if ctx.same:
            dx = torch.addmm(g @ w, dh, a)
            return dx.reshape(shape).to(ctx.x_dtype), None, grad_a.to(lora_a.dtype), grad_b.to(lora_b.dtype), None, None, None
        dx = (g @ w).reshape(shape).to(ctx.x_dtype)
        dd = (dh @ a).reshape(shape).to(ctx.d_dtype)  # flows back through the dropout op outside
        return dx, dd, grad_a.to(lora_a.dtype), grad_b.to(lora_b.dtype), None, None, None


def _compute_dtype(x: torch.Tensor) -> torch.dtype:
    if x.is_cuda and torch.is_autocast_enabled("cuda"):
        return torch.get_autocast_dtype("cuda")
    return x.dtype


def _fused_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """Replaces PEFT's `forward` on one LoRA layer; anything unusual goes back to PEFT's own."""
    adapters = [a for a in self.active_adapters if a in self.lora_A]
    if self.disable_adapters or self.merged or args or kwargs or len(adapters) != 1 or adapters[0] in self.lora_variant:
        return self._peft_forward(x, *args, **kwargs)
    name = adapters[0]
    dropout = self.lora_dropout[name]
    dropped = dropout(x) if isinstance(dropout, torch.nn.Dropout) and dropout.p > 0 and self.training else x
    return LoraProjection.apply(
        x, dropped, self.lora_A[name].weight, self.lora_B[name].weight, self.base_layer, float(self.scaling[name]), _compute_dtype(x)
    )


def apply(model: torch.nn.Module) -> int:
    """Switches every plain LoRA linear layer of a PEFT model to the fused function; returns how many."""
    from peft.tuners.lora.layer import LoraLayer

    patched.clear()
    for module_name, module in model.named_modules():
        base = getattr(module, "base_layer", None)
        if not isinstance(module, LoraLayer) or not isinstance(getattr(base, "weight", None), torch.Tensor):
            continue
        if getattr(module, "fan_in_fan_out", False) or "_peft_forward" in module.__dict__:
            continue
        module._peft_forward = module.forward
        module.forward = types.MethodType(_fused_forward, module)
        patched.append(module_name)
    return len(patched)
