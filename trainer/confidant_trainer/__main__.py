"""Command line of the trainer: `python -m confidant_trainer <command> [--config FILE] [section.key=value ...]`.

Commands: doctor, train, evaluate, merge, export, events-sample. stdout carries only JSON-lines events
(doctor prints its one JSON object); logs go to stderr. Exit 0 on success, 1 on a failure (after an
`error` event), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

from .events import EventWriter, TrainerError, claim_stdout, emit_samples


def _train(config: Any, raw: dict[str, Any], emit: Any) -> dict[str, Any]:
    from .recipe import run_train

    return run_train(config, raw, emit)


def _evaluate(config: Any, raw: dict[str, Any], emit: Any) -> dict[str, Any]:
    from .evaluate import run_evaluate

    return run_evaluate(config, emit)


def _merge(config: Any, raw: dict[str, Any], emit: Any) -> dict[str, Any]:
    from .merge import run_merge

    return run_merge(config, emit)


def _export(config: Any, raw: dict[str, Any], emit: Any) -> dict[str, Any]:
    # export.py belongs to the GGUF export work (issue 7); it reads the raw config dict.
    from .export import run_export

    return run_export(raw, emit) or {}


COMMANDS: dict[str, Callable[[Any, dict[str, Any], Any], dict[str, Any]]] = {
    "train": _train,
    "evaluate": _evaluate,
    "merge": _merge,
    "export": _export,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="confidant_trainer", description="Confidant's fine-tuning trainer")
    parser.add_argument("command", choices=["doctor", "events-sample", *COMMANDS])
    parser.add_argument("--config", help="JSON or YAML config file")
    parser.add_argument("overrides", nargs="*", help="section.key=value settings that win over the file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    if args.command == "doctor":
        from .doctor import collect

        out = claim_stdout()
        out.write(json.dumps(collect()) + "\n")
        out.flush()
        return 0

    writer = EventWriter(claim_stdout())
    if args.command == "events-sample":
        emit_samples(writer)
        return 0
    try:
        from .config import load, require

        config, raw = load(args.config, args.overrides)
        require(config, args.command)
        summary = COMMANDS[args.command](config, raw, writer.emit)
        writer.emit("done", command=args.command, summary=summary)
        return 0
    except TrainerError as exc:
        writer.emit("error", code=exc.code, message=exc.message, hint=exc.hint)
        return 1
    except MemoryError:
        writer.emit(
            "error", code="out_of_memory", message="the computer ran out of memory", hint="close other programs or lower data.max_length"
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - the edge: any bug becomes an `internal` error event
        traceback.print_exc(file=sys.stderr)
        writer.emit(
            "error",
            code="internal",
            message=f"{exc.__class__.__name__}: {exc}",
            hint="this is a bug in Confidant's trainer; the log has the details",
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
