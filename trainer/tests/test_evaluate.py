import json
import math
import random
import re

import pytest
from conftest import run_in_process, write_jsonl
from test_merge import random_adapter  # noqa: F401  (fixture)

from confidant_trainer.evaluate import candidates_for, canary_format, canary_shape, exposure, random_fill
from confidant_trainer.events import TrainerError


def test_exposure_is_log2_of_candidates_minus_log2_of_rank():
    assert exposure(1.0, [2.0] * 999) == (math.log2(1000), 1)  # most likely of all: maximal exposure
    bits, rank = exposure(5.0, [float(i) for i in range(10)])  # 5 strings are more likely than the canary
    assert rank == 6 and bits == pytest.approx(math.log2(11) - math.log2(6))


def test_canary_format_makes_digits_slots_and_candidates_follow_it():
    fmt = canary_format("My PIN is 4821.", "")
    assert fmt == "My PIN is {d}{d}{d}{d}."
    fill = random_fill(fmt, random.Random(1))
    assert re.fullmatch(r"My PIN is \d{4}\.", fill)


def test_a_canary_that_does_not_fit_its_format_is_refused():
    with pytest.raises(TrainerError, match="does not match"):
        canary_format("code AB12", "code {d}{d}{a}{a}")


def test_evaluate_writes_one_report_with_perplexities_generations_and_exposure(tiny_model, random_adapter, tmp_path):  # noqa: F811
    test = write_jsonl(tmp_path / "test.jsonl", [{"text": "Rain again. I read by the window."}, {"text": "Tea, then a long walk."}])
    report = tmp_path / "report.json"
    code, events = run_in_process(
        "evaluate",
        [
            f"model.path={tiny_model}",
            f"data.test={test}",
            f"evaluate.adapter={random_adapter}",
            f"evaluate.report={report}",
            'evaluate.canaries=["My PIN is 4821."]',
            "evaluate.candidates=40",
            'evaluate.prompts=["How was today?"]',
            "evaluate.max_new_tokens=4",
        ],
    )
    assert code == 0, events[-1]
    data = json.loads(report.read_text())
    assert data["perplexity"]["base"] > 1 and data["perplexity"]["fine_tuned"] > 1
    assert data["perplexity"]["base"] != data["perplexity"]["fine_tuned"]
    (leak,) = data["leak_check"]
    assert leak["candidates"] == 40 and 0 <= leak["fine_tuned"]["exposure_bits"] <= leak["max_exposure_bits"] == pytest.approx(
        math.log2(41)
    )
    assert data["generations"][0]["prompt"] == "How was today?" and isinstance(data["generations"][0]["fine_tuned"], str)
    assert [e["split"] for e in events if e["event"] == "eval"] == ["test_base", "test_fine_tuned"]


def test_a_name_canary_is_ranked_among_its_given_lookalikes_and_reported_by_shape_only():
    lookalikes = "\n".join(["Maja Lind", "Ole Berg", "Anna Berg", "Kari Holm", "Ida Moe", ""])
    ordered = candidates_for("Anna Berg", "", lookalikes, 3, random.Random(1))
    assert len(ordered) == 3 and "Anna Berg" not in ordered and set(ordered) <= {"Maja Lind", "Ole Berg", "Kari Holm", "Ida Moe"}
    assert canary_shape("Tomás Berg") == "{A}{a}{a}{a}{a} {A}{a}{a}{a}"
    assert canary_shape("anna.berg@gmail.com") == "{a}{a}{a}{a}.{a}{a}{a}{a}@{a}{a}{a}{a}{a}.{a}{a}{a}"


def test_evaluate_ranks_a_name_canary_among_lookalikes_without_naming_it(tiny_model, random_adapter, tmp_path):  # noqa: F811
    test = write_jsonl(tmp_path / "test.jsonl", [{"text": "Lunch with Anna Berg, then a walk."}])
    report = tmp_path / "report.json"
    names = ["Maja Lind", "Ole Berg", "Kari Holm", "Ida Moe", "Siv Dahl", "Eli Rud", "Per Aas", "Liv Sand"]
    lookalikes = json.dumps(["\n".join(names), ""])
    code, events = run_in_process(
        "evaluate",
        [
            f"model.path={tiny_model}",
            f"data.test={test}",
            f"evaluate.adapter={random_adapter}",
            f"evaluate.report={report}",
            'evaluate.canaries=["Anna Berg", "My PIN is 4821."]',
            f"evaluate.canary_lookalikes={lookalikes}",
            "evaluate.candidates=6",
            "evaluate.max_new_tokens=2",
        ],
    )
    assert code == 0, events[-1]
    text = report.read_text()
    name, pin = json.loads(text)["leak_check"]
    assert name["candidates"] == 6 and name["format"] == "{A}{a}{a}{a} {A}{a}{a}{a}"
    assert pin["format"] == "My PIN is {d}{d}{d}{d}."
    assert "Anna" not in text and "Berg" not in text
