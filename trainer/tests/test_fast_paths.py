"""The speed paths (attention by segment, fused LoRA projections) compute what the plain paths compute.

On the CPU these run their fallbacks: one SDPA call per packed entry, and the fused LoRA function over
a plain `nn.Linear` base. The CUDA kernels behind them are checked in test_gpu.py.
"""

from __future__ import annotations

import copy

import pytest
import torch
from conftest import run_in_process, tiny_overrides

from confidant_trainer import attention, data, lora_fused
from confidant_trainer.config import LoraConfig, ModelConfig
from confidant_trainer.model import SUPPORTED, add_lora, load_model, load_tokenizer


def block_causal_reference(q, k, v, position_ids, scale):
    seg = (position_ids == 0).cumsum(-1)
    width = position_ids.shape[1]
    mask = (seg[:, :, None] == seg[:, None, :]) & torch.ones(width, width, dtype=torch.bool).tril()
    groups = q.shape[1] // k.shape[1]
    out = torch.nn.functional.scaled_dot_product_attention(
        q, k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1), attn_mask=mask[:, None], scale=scale
    )
    return out.transpose(1, 2)


class TrainingAttention(torch.nn.Module):
    """Stands in for a decoder layer's attention module: the function reads only `training`."""


def test_attention_by_segment_matches_the_block_diagonal_mask_with_grouped_heads():
    # Two rows, entries of 4, 3, 1 and 8 tokens; a padding tail is its own entry (positions restart).
    position_ids = torch.tensor([[0, 1, 2, 3, 0, 1, 2, 0, 0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 0, 1, 2, 0, 1]])
    q = torch.randn(2, 4, 16, 8, dtype=torch.float64, requires_grad=True)
    k = torch.randn(2, 2, 16, 8, dtype=torch.float64, requires_grad=True)
    v = torch.randn(2, 2, 16, 8, dtype=torch.float64, requires_grad=True)
    module = TrainingAttention().train()
    before = attention.calls["by_segment"]
    out, _ = attention.varlen_attention_forward(module, q, k, v, None, scaling=0.3, position_ids=position_ids)
    assert attention.calls["by_segment"] == before + 1
    ref = block_causal_reference(q, k, v, position_ids, 0.3)
    assert torch.allclose(out, ref, atol=1e-12)
    upstream = torch.randn_like(out)
    grads = torch.autograd.grad(out, (q, k, v), upstream)
    ref_grads = torch.autograd.grad(ref, (q, k, v), upstream)
    for got, want in zip(grads, ref_grads):
        assert torch.allclose(got, want, atol=1e-12)


def test_attention_outside_training_goes_through_sdpa_with_its_mask():
    q, k, v = torch.randn(1, 2, 5, 4), torch.randn(1, 2, 5, 4), torch.randn(1, 2, 5, 4)
    mask = torch.ones(5, 5, dtype=torch.bool).tril()[None, None]
    before = attention.calls["sdpa"]
    out, _ = attention.varlen_attention_forward(TrainingAttention().eval(), q, k, v, mask, scaling=0.5, position_ids=torch.arange(5)[None])
    assert attention.calls["sdpa"] == before + 1
    want = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=0.5).transpose(1, 2)
    assert torch.allclose(out, want, atol=1e-6)


@pytest.mark.parametrize("dropout", [0.0, 0.05])
def test_fused_lora_gives_peft_loss_and_gradients_on_the_tiny_model(tiny_model, dropout):
    cfg = ModelConfig(path=str(tiny_model), quantize="none", dtype="fp32", liger=False)
    tokenizer = load_tokenizer(tiny_model, cfg, SUPPORTED["mistral"])
    base = load_model(tiny_model, cfg, torch.device("cpu"), quantize=False)
    models = {}
    for fused in (False, True):
        torch.manual_seed(0)
        models[fused] = add_lora(copy.deepcopy(base), LoraConfig(r=4, alpha=8, dropout=dropout, fused=fused), gradient_checkpointing=False)
        for name, p in models[fused].named_parameters():
            if "lora_B" in name:  # B starts at zero; non-zero makes the adapters' gradients all non-trivial
                torch.nn.init.normal_(p, std=0.02, generator=torch.Generator().manual_seed(hash(name) % 2**31))
        models[fused].train()
    assert len(lora_fused.patched) == 2 * 7  # 2 layers x 7 projections, all on the fused path
    rows = data.pack(data.tokenize_text(tokenizer, "Rain all morning, then the river path with Mara. " * 6, 40), 64)
    batch = data.collate(rows, tokenizer.pad_token_id)
    losses, grads = {}, {}
    for fused, model in models.items():
        torch.manual_seed(7)  # the same dropout masks: both draw them per projection, in the same order
        loss = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], labels=batch["labels"], use_cache=False).loss
        loss.backward()
        losses[fused] = loss.item()
        grads[fused] = {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}
    assert losses[True] == pytest.approx(losses[False], rel=1e-6)
    assert grads[True].keys() == grads[False].keys() and len(grads[True]) == 28
    for name, want in grads[False].items():
        assert want.abs().sum() > 0, name
        assert torch.allclose(grads[True][name], want, rtol=1e-4, atol=1e-7), name


def test_training_on_both_fast_paths_follows_the_plain_run_step_for_step(tiny_model, diary_jsonl, tmp_path):
    # Packed rows of 64 tokens hold several diary entries each, so attention really is cut by entry.
    entries = [{"text": f"Day {i}. Rain again, so I read by the window."} for i in range(24)]
    train = tmp_path / "short.jsonl"
    train.write_text("".join(__import__("json").dumps(e) + "\n" for e in entries))
    runs = {}
    for name, extra in {"plain": {}, "fast": {"model.attention": "varlen", "lora.fused": True}}.items():
        before = attention.calls["by_segment"]
        code, events = run_in_process("train", tiny_overrides(tiny_model, train, tmp_path / name, **{"lora.dropout": 0.05, **extra}))
        assert code == 0, events[-1]
        runs[name] = [e["loss"] for e in events if e["event"] == "progress"]
        if name == "fast":
            assert attention.calls["by_segment"] > before and lora_fused.patched
            assert events[0]["info"]["attention"] == "varlen"
    assert len(runs["fast"]) == len(runs["plain"]) == 8
    assert runs["fast"] == pytest.approx(runs["plain"], rel=1e-4)
