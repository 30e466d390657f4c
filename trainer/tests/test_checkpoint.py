import errno

from conftest import run_in_process, tiny_overrides

from confidant_trainer import checkpoint


def test_a_full_disk_ends_in_an_error_and_keeps_the_previous_checkpoint(tiny_model, diary_jsonl, tmp_path, monkeypatch):
    real_save = checkpoint.save_file
    calls = {"n": 0}

    def save_until_full(tensors, path):
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(tensors, path)

    monkeypatch.setattr(checkpoint, "save_file", save_until_full)
    run_dir = tmp_path / "run"
    code, events = run_in_process(
        "train", tiny_overrides(tiny_model, diary_jsonl, run_dir, **{"train.max_steps": 4, "train.checkpoint_every": 2})
    )
    assert code == 1 and events[-1]["code"] == "disk_full" and "free" in events[-1]["hint"]
    remaining = sorted(p.name for p in (run_dir / "checkpoints").iterdir())
    assert remaining == ["step-000002"]  # the good one survives; the half-written one is gone
    assert [p.name for p in checkpoint.list_checkpoints(run_dir)] == ["step-000002"]


def test_only_the_newest_checkpoints_are_kept(tiny_model, diary_jsonl, tmp_path):
    run_dir = tmp_path / "run"
    code, events = run_in_process(
        "train",
        tiny_overrides(
            tiny_model, diary_jsonl, run_dir, **{"train.max_steps": 4, "train.checkpoint_every": 1, "train.keep_checkpoints": 2}
        ),
    )
    assert code == 0
    assert [e["step"] for e in events if e["event"] == "checkpoint"] == [1, 2, 3, 4]
    assert [p.name for p in checkpoint.list_checkpoints(run_dir)] == ["step-000003", "step-000004"]
