"""The trainer's error codes are a closed list shared with the app (TrainerErrorCode in zod)."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import pytest

from confidant_trainer import events
from confidant_trainer.events import ERROR_CODES, EventWriter, TrainerError

PACKAGE = Path(events.__file__).parent


def _literal_codes() -> dict[str, list[str]]:
    """Every literal code the package raises or emits, with the files that use it."""
    found: dict[str, list[str]] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            values = [node.args[0]] if name == "TrainerError" and node.args else []
            values += [k.value for k in node.keywords if k.arg == "code"]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, []).append(file.name)
    return found


def test_every_code_the_trainer_raises_is_in_the_shared_list() -> None:
    used = _literal_codes()
    assert used, "the scan found no codes at all"
    unknown = {code: files for code, files in used.items() if code not in ERROR_CODES}
    assert unknown == {}


def test_an_unknown_code_fails_where_it_is_raised_not_in_the_app() -> None:
    with pytest.raises(ValueError, match="unknown trainer error code 'out_of_disk'"):
        TrainerError("out_of_disk", "no space", "free some")


def test_the_writer_refuses_an_error_event_with_an_unknown_code() -> None:
    out = io.StringIO()
    writer = EventWriter(out)
    with pytest.raises(ValueError, match="unknown code 'oops'"):
        writer.emit("error", code="oops", message="m", hint="h")
    writer.emit("error", code="bad_config", message="m", hint="h")
    assert json.loads(out.getvalue())["code"] == "bad_config"
