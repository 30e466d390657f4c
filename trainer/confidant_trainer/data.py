"""Datasets: JSONL in, packed token rows out.

Two line styles (the app writes either):
  {"text": "..."}                                   raw text, loss on every token
  {"messages": [{"role": "user", "content": ...}, {"role": "assistant", "content": ...}]}
                                                    the base model's own chat template, loss on assistant tokens only

Packing puts several examples in one row of `max_length` tokens. Each example's position ids restart at 0;
with no attention mask, transformers turns those restarts into a block-diagonal mask (SDPA/eager) or
variable-length segments (FlashAttention), so no token ever attends across an example boundary.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from .events import TrainerError

IGNORE = -100  # label value the loss skips
ROLES = {"system", "user", "assistant"}


@dataclass(frozen=True)
class Example:
    input_ids: list[int]
    labels: list[int]


def _check_record(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise TrainerError("malformed_data", f"{where}: expected a JSON object", 'each line must be {"text": ...} or {"messages": [...]}')
    if "text" in record:
        if not isinstance(record["text"], str):
            raise TrainerError("malformed_data", f'{where}: "text" must be a string', "write the entry's text as a JSON string")
        return record
    messages = record.get("messages")
    if not isinstance(messages, list) or not messages:
        raise TrainerError(
            "malformed_data",
            f'{where}: needs "text" or a non-empty "messages" list',
            'each line must be {"text": ...} or {"messages": [...]}',
        )
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES or not isinstance(message.get("content"), str):
            raise TrainerError(
                "malformed_data",
                f"{where}: messages[{i}] needs a role ({', '.join(sorted(ROLES))}) and string content",
                "fix that message or rebuild the dataset in the app",
            )
    if not any(m["role"] == "assistant" for m in messages):
        raise TrainerError("malformed_data", f"{where}: no assistant message to learn from", "add an assistant turn or drop the line")
    return record


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Reads and checks a JSONL dataset; a bad line raises an error naming the file and line number."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise TrainerError(
            "data_missing", f"dataset {path} does not exist", "build the dataset in the app, or fix data.train/data.test"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainerError("malformed_data", f"cannot read dataset {path}: {exc}", "the file must be UTF-8 JSONL") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainerError(
                "malformed_data", f"{where}: not valid JSON ({exc.msg} at column {exc.colno})", "fix or remove that line"
            ) from exc
        records.append(_check_record(record, where))
    if not records:
        raise TrainerError("empty_dataset", f"dataset {path} has no examples", "include at least one entry in the dataset")
    return records


def tokenize_text(tokenizer: Any, text: str, max_length: int) -> list[Example]:
    """Raw text: BOS + text + EOS, split into windows of `max_length` so long entries are not cut off."""
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    eos = [tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else []
    ids = bos + ids + eos
    windows = []
    for start in range(0, len(ids), max_length):
        chunk = ids[start : start + max_length]
        if len(chunk) < 2:
            continue
        windows.append(Example(chunk, list(chunk)))
    return windows


def tokenize_messages(tokenizer: Any, messages: list[dict[str, str]], max_length: int) -> Example:
    """Chat: the tokenizer's own chat template; labels only on assistant turns (their EOS included).

    Each assistant turn's span is found by rendering the conversation up to it (with the generation
    prompt) and up to its end: the template is append-only, so the difference is the turn's text.
    """
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    spans = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = tokenizer.apply_chat_template(messages[:i], tokenize=False, add_generation_prompt=True)
        through = tokenizer.apply_chat_template(messages[: i + 1], tokenize=False)
        if not full.startswith(through) or not through.startswith(before):
            raise TrainerError("template", "the chat template is not append-only", "use a base model from the supported list")
        spans.append((len(before), len(through)))
    encoded = tokenizer(full, add_special_tokens=False, return_offsets_mapping=True)
    ids = encoded["input_ids"]
    labels = [
        token if any(lo <= start < hi for lo, hi in spans) else IGNORE for token, (start, _end) in zip(ids, encoded["offset_mapping"])
    ]
    return Example(ids[:max_length], labels[:max_length])


def tokenize(tokenizer: Any, records: list[dict[str, Any]], max_length: int) -> list[Example]:
    """Tokenizes records of either style; examples with nothing to learn are dropped."""
    examples: list[Example] = []
    for record in records:
        if "text" in record:
            examples.extend(tokenize_text(tokenizer, record["text"], max_length))
        else:
            examples.append(tokenize_messages(tokenizer, record["messages"], max_length))
    return [e for e in examples if any(label != IGNORE for label in e.labels[1:])]


def pack(examples: list[Example], max_length: int, packing: bool = True) -> list[dict[str, list[int]]]:
    """Greedy packing into rows of at most `max_length` tokens, in order.

    Returns rows with `input_ids`, `labels` and `position_ids` (restarting at 0 for each example). The
    first label of each example is ignored: it would otherwise be predicted from the previous example.
    """
    rows: list[dict[str, list[int]]] = []
    current: dict[str, list[int]] = {"input_ids": [], "labels": [], "position_ids": []}
    for example in examples:
        if current["input_ids"] and (not packing or len(current["input_ids"]) + len(example.input_ids) > max_length):
            rows.append(current)
            current = {"input_ids": [], "labels": [], "position_ids": []}
        current["input_ids"] += example.input_ids
        current["labels"] += [IGNORE] + example.labels[1:]
        current["position_ids"] += list(range(len(example.input_ids)))
    if current["input_ids"]:
        rows.append(current)
    return rows


def collate(rows: list[dict[str, list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Stacks rows into tensors [batch, seq]; padding is its own segment (positions from 0, no loss)."""
    width = max(len(r["input_ids"]) for r in rows)
    batch: dict[str, list[list[int]]] = {"input_ids": [], "labels": [], "position_ids": []}
    for row in rows:
        pad = width - len(row["input_ids"])
        batch["input_ids"].append(row["input_ids"] + [pad_id] * pad)
        batch["labels"].append(row["labels"] + [IGNORE] * pad)
        batch["position_ids"].append(row["position_ids"] + list(range(pad)))
    return {k: torch.tensor(v, dtype=torch.long) for k, v in batch.items()}


def count_label_tokens(rows: list[dict[str, list[int]]]) -> int:
    return sum(sum(1 for t in r["labels"] if t != IGNORE) for r in rows)


def load_rows(tokenizer: Any, path: str | Path, max_length: int, packing: bool = True) -> list[dict[str, list[int]]]:
    """JSONL file -> packed rows, or an `empty_dataset` error if nothing is left to learn from."""
    rows = pack(tokenize(tokenizer, read_jsonl(path), max_length), max_length, packing)
    if not rows:
        raise TrainerError("empty_dataset", f"dataset {path} has no tokens to learn from", "include entries with text in the dataset")
    return rows


def epoch_order(n_rows: int, epoch: int, seed: int) -> list[int]:
    """A shuffled row order that depends only on (seed, epoch), so a resumed run sees the same batches."""
    order = list(range(n_rows))
    random.Random(seed * 1_000_003 + epoch).shuffle(order)
    return order
