"""CUDA-only checks of the product path (NF4 + paged 8-bit AdamW + Liger). Not in CI: `pytest -m gpu`."""

import pytest
import torch
from conftest import run_in_process, tiny_overrides

pytestmark = pytest.mark.gpu


def test_nf4_training_on_cuda_reports_vram_and_finishes(tiny_model, diary_jsonl, tmp_path):
    assert torch.cuda.is_available(), "run the gpu-marked tests on a CUDA machine"
    code, events = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "run", **{"train.lr": 2e-4}))
    assert code == 0, events[-1]
    start = events[0]["info"]
    assert start["quantize"] == "nf4" and start["vram_estimate_gb"]["total"] > 0
    progress = [e for e in events if e["event"] == "progress"]
    assert progress and all(e["vram_gb"] > 0 for e in progress)


def test_flash_varlen_attention_matches_the_per_entry_reference_in_bf16():
    from confidant_trainer import attention

    assert attention.flash_available(), "this torch has no torch.nn.attention.varlen"
    position_ids = torch.cat([torch.arange(n) for n in (700, 1, 300, 1047)]).cuda()[None].expand(2, -1).contiguous()
    q = torch.randn(2, 32, 2048, 128, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    k = torch.randn(2, 8, 2048, 128, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    v = torch.randn(2, 8, 2048, 128, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    module = torch.nn.Module().train()
    out, _ = attention.varlen_attention_forward(module, q, k, v, None, scaling=128**-0.5, position_ids=position_ids)
    cu, _ = attention.segments(position_ids, 2)
    flat = [t.float().detach().transpose(1, 2).reshape(2 * 2048, t.shape[1], 128).requires_grad_() for t in (q, k, v)]
    ref = attention._by_segment(*flat, cu, 128**-0.5).reshape(2, 2048, 32, 128)
    assert attention.calls["flash_varlen"] >= 1
    assert ((out.float() - ref).norm() / ref.norm()).item() < 1e-2
    upstream = torch.randn_like(ref)
    got = torch.autograd.grad(out, (q, k, v), upstream.to(out.dtype))
    want = torch.autograd.grad(ref, flat, upstream)
    for g, w in zip(got, want):
        g = g.float().transpose(1, 2).reshape(w.shape)
        assert ((g - w).norm() / w.norm()).item() < 2e-2


def test_fused_lora_on_nf4_gives_peft_gradients(tiny_model):
    from confidant_trainer import data, lora_fused
    from confidant_trainer.config import LoraConfig, ModelConfig
    from confidant_trainer.model import SUPPORTED, add_lora, load_model, load_tokenizer

    cfg = ModelConfig(path=str(tiny_model), quantize="nf4", liger=False)
    tokenizer = load_tokenizer(tiny_model, cfg, SUPPORTED["mistral"])
    rows = data.pack(data.tokenize_text(tokenizer, "Fog until noon; I fixed the bike's back brake. " * 20, 128), 256)
    batch = {k: v.cuda() for k, v in data.collate(rows, tokenizer.pad_token_id).items()}
    losses, grads = {}, {}
    for fused in (False, True):
        base = load_model(tiny_model, cfg, torch.device("cuda"), quantize=True)
        torch.manual_seed(0)
        model = add_lora(base, LoraConfig(r=8, alpha=16, dropout=0.0, fused=fused), gradient_checkpointing=True)
        for name, p in model.named_parameters():
            if "lora_B" in name:
                torch.nn.init.normal_(p, std=0.02, generator=torch.Generator(device=p.device).manual_seed(len(name)))
        model.train()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(**batch, use_cache=False).loss
        loss.backward()
        losses[fused] = loss.item()
        grads[fused] = {n: p.grad.float() for n, p in model.named_parameters() if p.requires_grad}
        if fused:
            assert len(lora_fused.patched) == 14
    assert abs(losses[True] - losses[False]) < 1e-2 * abs(losses[False])
    for name, want in grads[False].items():
        assert ((grads[True][name] - want).norm() / want.norm()).item() < 5e-2, name


def test_training_on_the_fast_paths_uses_flash_varlen(tiny_model, diary_jsonl, tmp_path):
    from confidant_trainer import attention

    before = attention.calls["flash_varlen"]
    overrides = tiny_overrides(
        tiny_model, diary_jsonl, tmp_path / "run", **{"train.lr": 2e-4, "model.attention": "varlen", "lora.fused": True}
    )
    code, events = run_in_process("train", overrides)
    assert code == 0, events[-1]
    assert attention.calls["flash_varlen"] > before
