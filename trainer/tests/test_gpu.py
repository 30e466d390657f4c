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
