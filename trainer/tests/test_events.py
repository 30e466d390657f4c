import io
import json
import math

import pytest
from conftest import run_cli

from confidant_trainer.events import FIELDS, EventWriter


def test_writer_emits_one_json_line_per_event_with_time():
    stream = io.StringIO()
    EventWriter(stream).emit("checkpoint", step=3, path="/r/c")
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["event"] == "checkpoint" and record["step"] == 3 and isinstance(record["time"], float)


@pytest.mark.parametrize(
    "event, fields",
    [
        ("progress", {"step": 1}),  # missing fields
        ("warning", {"message": "m", "hint": "h", "extra": 1}),  # unknown field
        ("eval", {"step": 1, "split": "v", "loss": math.nan, "perplexity": 1.0}),  # NaN is not JSON
        ("checkpoint", {"step": True, "path": "p"}),  # bool is not a number for zod
        ("nonsense", {}),
    ],
)
def test_writer_refuses_events_the_app_could_not_parse(event, fields):
    with pytest.raises(ValueError):
        EventWriter(io.StringIO()).emit(event, **fields)


def test_events_sample_prints_every_event_kind_and_nothing_else_on_stdout():
    result = run_cli(["events-sample"])
    assert result.returncode == 0, result.stderr
    kinds = [json.loads(line)["event"] for line in result.stdout.splitlines()]
    assert sorted(kinds) == sorted(FIELDS)
