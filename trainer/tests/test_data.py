import pytest
import torch
from conftest import write_jsonl

from confidant_trainer import data
from confidant_trainer.events import TrainerError


@pytest.fixture(scope="module")
def tokenizer(tiny_model):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model)


def test_malformed_line_error_names_file_and_line(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "fine"}\n{"text": "broken\n')
    with pytest.raises(TrainerError) as info:
        data.read_jsonl(path)
    assert f"{path}:2" in info.value.message and info.value.code == "malformed_data"


@pytest.mark.parametrize(
    "record, fragment",
    [
        ({"messages": [{"role": "narrator", "content": "x"}]}, r"messages\[0\]"),  # unknown role
        ({"messages": [{"role": "user", "content": "only a question"}]}, "no assistant"),  # nothing to learn
        ({"text": 42}, "string"),  # text must be text
        ({"title": "no text"}, "needs"),  # neither style
    ],
)
def test_records_of_neither_style_are_refused_with_the_line(tmp_path, record, fragment):
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "ok"}, record])
    with pytest.raises(TrainerError, match=fragment) as info:
        data.read_jsonl(path)
    assert ":2" in info.value.message


def test_empty_dataset_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    with pytest.raises(TrainerError) as info:
        data.read_jsonl(path)
    assert info.value.code == "empty_dataset"


def test_messages_learn_only_assistant_tokens_with_the_models_template(tokenizer):
    messages = [
        {"role": "user", "content": "How was the day?"},
        {"role": "assistant", "content": "Long, but good."},
        {"role": "user", "content": "And now?"},
        {"role": "assistant", "content": "Tired."},
    ]
    example = data.tokenize_messages(tokenizer, messages, 2048)
    expected = tokenizer.apply_chat_template(messages, tokenize=True)
    expected = expected["input_ids"] if hasattr(expected, "keys") else expected
    assert example.input_ids == list(expected)
    learned = tokenizer.decode([t for t in example.labels if t != data.IGNORE])
    assert learned == "Long, but good.</s> Tired.</s>"


def test_packing_restarts_positions_and_never_predicts_across_examples():
    examples = [data.Example([1, 5, 6], [1, 5, 6]), data.Example([1, 7, 8, 9], [1, 7, 8, 9]), data.Example([1, 4], [1, 4])]
    rows = data.pack(examples, max_length=8)
    assert [r["position_ids"] for r in rows] == [[0, 1, 2, 0, 1, 2, 3], [0, 1]]
    # The first token of each example is never a target: it would be predicted from the previous example.
    assert rows[0]["labels"] == [data.IGNORE, 5, 6, data.IGNORE, 7, 8, 9]
    assert data.pack(examples, max_length=8, packing=False)[1]["input_ids"] == [1, 7, 8, 9]


def test_long_text_is_split_into_windows_not_cut_off(tokenizer):
    windows = data.tokenize_text(tokenizer, "word " * 300, max_length=64)
    assert len(windows) >= 4 and all(len(w.input_ids) <= 64 for w in windows)
    assert sum(len(w.input_ids) for w in windows) >= 300


def test_packed_rows_attend_only_within_their_own_example(tiny_model, tokenizer):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model, attn_implementation="sdpa").eval()
    a = data.tokenize_text(tokenizer, "Rain all morning, then sun.", 64)[0]
    b = data.tokenize_text(tokenizer, "I walked to the river with Mara.", 64)[0]
    (row,) = data.pack([a, b], 64)
    batch = data.collate([row], tokenizer.pad_token_id)
    with torch.no_grad():
        # use_cache=False as in training: a KV cache makes transformers skip the packed-sequence mask.
        packed = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits[0]  # [T, V]
        alone = model(input_ids=torch.tensor([b.input_ids])).logits[0]
    torch.testing.assert_close(packed[len(a.input_ids) :], alone, atol=1e-4, rtol=1e-4)


def test_collate_pads_as_a_separate_segment_without_loss():
    rows = [
        {"input_ids": [1, 2, 3], "labels": [-100, 2, 3], "position_ids": [0, 1, 2]},
        {"input_ids": [1, 2], "labels": [-100, 2], "position_ids": [0, 1]},
    ]
    batch = data.collate(rows, pad_id=0)
    assert batch["input_ids"].tolist()[1] == [1, 2, 0]
    assert batch["labels"].tolist()[1] == [-100, 2, -100]
    assert batch["position_ids"].tolist()[1] == [0, 1, 0]


def test_epoch_order_depends_only_on_seed_and_epoch():
    assert data.epoch_order(50, 3, seed=1) == data.epoch_order(50, 3, seed=1)
    assert data.epoch_order(50, 3, seed=1) != data.epoch_order(50, 4, seed=1)
    assert sorted(data.epoch_order(50, 0, seed=1)) == list(range(50))
