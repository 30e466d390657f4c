import dataclasses
from pathlib import Path

import pytest

from confidant_trainer.config import Config, apply_overrides, build, load, read_file
from confidant_trainer.events import TrainerError

CONFIGS = sorted((Path(__file__).resolve().parents[1] / "confidant_trainer" / "configs").glob("*.yaml"))


def test_overrides_win_over_the_file_and_parse_json_values(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"train": {"lr": 0.0002, "run_dir": "/a"}}')
    config, raw = load(str(path), ["train.lr=1e-4", "train.run_dir=/b", "data.packing=false"])
    assert config.train.lr == 1e-4 and config.train.run_dir == "/b" and config.data.packing is False
    assert raw["train"]["lr"] == 1e-4


def test_every_problem_is_reported_at_once():
    with pytest.raises(TrainerError) as info:
        build({"train": {"lr": "fast", "micro_batch": 0, "schedule": "zigzag", "bogus": 1}, "modle": {}})
    message = info.value.message
    for fragment in ["train.lr", "train.micro_batch", "train.schedule", "train.bogus", "modle"]:
        assert fragment in message
    assert info.value.code == "bad_config"


def test_config_is_frozen():
    config = build({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.train.lr = 1.0  # type: ignore[misc]
    assert isinstance(config, Config) and config.lora.r == 16 and config.data.max_length == 2048


def test_bad_override_syntax_names_the_item():
    with pytest.raises(TrainerError, match="lr"):
        apply_overrides({}, ["lr"])


def test_unreadable_config_file_is_named(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("train: [unclosed")
    with pytest.raises(TrainerError, match="c.yaml"):
        read_file(bad)


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_every_shipped_config_validates(path):
    config = build(read_file(path))
    assert config.model.path and config.lora.r > 0


def test_shipped_configs_exist():
    assert len(CONFIGS) >= 3
