import json
from pathlib import Path

import pytest
from conftest import run_in_process, tiny_overrides, write_jsonl


def by_kind(events, kind):
    return [e for e in events if e["event"] == kind]


def test_training_drives_the_loss_down_on_repeated_text(tiny_model, diary_jsonl, tmp_path):
    code, events = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "run", **{"train.max_steps": 16}))
    assert code == 0, events[-1]
    losses = [e["loss"] for e in by_kind(events, "progress")]
    assert len(losses) == 16
    # Random init starts near ln(32000) = 10.4 nats; LoRA alone (frozen random head) reaches about 9.2.
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3 - 0.5
    (artifact,) = by_kind(events, "artifact")
    assert (Path(artifact["path"]) / "adapter_model.safetensors").stat().st_size == artifact["bytes"] - sum(
        f.stat().st_size for f in Path(artifact["path"]).iterdir() if f.name != "adapter_model.safetensors"
    )
    assert events[0]["event"] == "start" and events[0]["info"]["tokens_per_step_max"] == 2 * 64


FAST_PATHS = {"model.attention": "varlen", "lora.fused": True, "lora.dropout": 0.05}


@pytest.mark.parametrize("paths", [{}, FAST_PATHS], ids=["default", "fast_paths"])
def test_stop_then_resume_reaches_the_same_final_step_and_loss(tiny_model, diary_jsonl, tmp_path, paths):
    _, straight = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "straight", **paths))
    code, stopped = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "run", **{"train.fault": "stop@3", **paths}))
    assert code == 0
    assert by_kind(stopped, "done")[0]["summary"] == {
        "completed": False,
        "stopped_at_step": 4,
        "total_steps": 8,
        "run_dir": str(tmp_path / "run"),
    }
    # SIGTERM arrives during step 4; that step finishes, is checkpointed, and the run stops.
    assert by_kind(stopped, "checkpoint")[-1]["step"] == 4
    code, resumed = run_in_process("train", [f"train.run_dir={tmp_path / 'run'}", "train.resume=true"])
    assert code == 0, resumed[-1]
    steps = [e["step"] for e in by_kind(resumed, "progress")]
    assert steps == [5, 6, 7, 8]
    final = by_kind(resumed, "done")[0]["summary"]
    assert final["final_step"] == 8 and final["completed"] is True
    # Same batches, same dropout, same optimizer state: the resumed run ends where the straight one does.
    assert final["final_loss"] == pytest.approx(by_kind(straight, "done")[0]["summary"]["final_loss"], rel=1e-4)


def test_injected_out_of_memory_halves_the_micro_batch_and_finishes(tiny_model, diary_jsonl, tmp_path):
    code, events = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "run", **{"train.fault": "oom@2"}))
    assert code == 0
    (warning,) = by_kind(events, "warning")
    assert "micro-batch now 1" in warning["message"]
    summary = by_kind(events, "done")[0]["summary"]
    assert (summary["micro_batch"], summary["grad_accum"], summary["final_step"]) == (1, 2, 8)


def test_out_of_memory_at_micro_batch_one_shortens_sequences_then_gives_up(tiny_model, diary_jsonl, tmp_path):
    overrides = tiny_overrides(
        tiny_model, diary_jsonl, tmp_path / "run", **{"train.micro_batch": 1, "data.max_length": 256, "train.fault": "oom@1x9"}
    )
    code, events = run_in_process("train", overrides)
    assert code == 1
    messages = [w["message"] for w in by_kind(events, "warning")]
    assert any("sequence length now 128" in m for m in messages)
    (error,) = by_kind(events, "error")
    assert error["code"] == "out_of_memory" and error["hint"]
    assert (tmp_path / "run" / "config.json").exists()  # the run folder survives for a later resume


def test_a_run_folder_is_never_overwritten(tiny_model, diary_jsonl, tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "notes.txt").write_text("precious")
    code, events = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, run_dir))
    assert code == 1 and events[-1]["code"] == "run_dir_exists"
    assert [p.name for p in run_dir.iterdir()] == ["notes.txt"] and (run_dir / "notes.txt").read_text() == "precious"


def test_a_corrupt_checkpoint_is_reported_and_kept(tiny_model, diary_jsonl, tmp_path):
    run_dir = tmp_path / "run"
    run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, run_dir, **{"train.fault": "stop@2"}))
    (checkpoint,) = (run_dir / "checkpoints").iterdir()
    (checkpoint / "optimizer.safetensors").write_bytes(b"not a tensor file")
    code, events = run_in_process("train", [f"train.run_dir={run_dir}", "train.resume=true"])
    assert code == 1 and events[-1]["code"] == "corrupt_checkpoint" and checkpoint.name in events[-1]["hint"]
    assert (checkpoint / "adapter_model.safetensors").exists()


@pytest.mark.parametrize(
    "change, code",
    [
        ({"model.path": "/nonexistent/model"}, "model_missing"),
        ({"data.train": "EMPTY"}, "empty_dataset"),
        ({"data.train": "MALFORMED"}, "malformed_data"),
        ({"train.lr": "fast"}, "bad_config"),
    ],
)
def test_bad_input_ends_in_one_error_event_with_a_hint(tiny_model, diary_jsonl, tmp_path, change, code):
    files = {"EMPTY": tmp_path / "empty.jsonl", "MALFORMED": tmp_path / "bad.jsonl"}
    files["EMPTY"].write_text("")
    files["MALFORMED"].write_text('{"text": "ok"}\n{oops\n')
    change = {k: str(files.get(v, v)) if isinstance(v, str) else v for k, v in change.items()}
    exit_code, events = run_in_process("train", tiny_overrides(tiny_model, diary_jsonl, tmp_path / "run", **change))
    assert exit_code == 1
    assert [e["event"] for e in events][-1] == "error"
    assert events[-1]["code"] == code and events[-1]["hint"]
    if code == "malformed_data":
        assert "bad.jsonl:2" in events[-1]["message"]


def test_messages_dataset_trains(tiny_model, tmp_path):
    chat = write_jsonl(
        tmp_path / "chat.jsonl",
        [{"messages": [{"role": "user", "content": "How was today?"}, {"role": "assistant", "content": "Quiet. I read."}]}] * 6,
    )
    code, events = run_in_process(
        "train",
        tiny_overrides(tiny_model, chat, tmp_path / "run", **{"train.max_steps": 2, "data.validation": str(chat), "train.eval_every": 1}),
    )
    assert code == 0, events[-1]
    assert by_kind(events, "eval")[0]["split"] == "validation"
    assert json.loads((tmp_path / "run" / "run.json").read_text())["total_steps"] == 2
