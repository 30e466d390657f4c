"""Baseline (a): the plain QLoRA recipe of the transformers/PEFT docs and the QLoRA paper.

transformers Trainer + PEFT + bitsandbytes: NF4 double-quant bf16 compute, prepare_model_for_kbit_training,
gradient checkpointing, paged 32-bit AdamW, one example per row padded to the longest in the micro-batch.
Prints one JSON line: steady-state tokens/s (real tokens, padding excluded) and peak VRAM.

Run: python -m bench.baseline MODEL_DIR DATA_JSONL STEPS WARMUP
"""

from __future__ import annotations

import json
import sys
import time

import torch


def main(model_dir: str, data_path: str, steps: int, warmup: int) -> None:
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import (
        AutoModelForCausalLM,
        AutoTokenizer,
        BitsAndBytesConfig,
        DataCollatorForLanguageModeling,
        Trainer,
        TrainerCallback,
        TrainingArguments,
    )

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    tokenizer.pad_token = tokenizer.eos_token
    with open(data_path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    dataset = [tokenizer(t, truncation=True, max_length=2048) for t in texts]
    bnb = BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=torch.bfloat16
    )
    model = AutoModelForCausalLM.from_pretrained(model_dir, quantization_config=bnb, device_map={"": 0}, dtype=torch.bfloat16)
    model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    lora = LoraConfig(
        r=16,
        lora_alpha=32,
        lora_dropout=0.05,
        task_type="CAUSAL_LM",
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    )
    model = get_peft_model(model, lora)

    seen = {"tokens": 0}
    collator = DataCollatorForLanguageModeling(tokenizer, mlm=False)

    def counting_collator(features):
        batch = collator(features)
        seen["tokens"] += int(sum(len(f["input_ids"]) for f in features))
        return batch

    marks: list[tuple[float, int]] = []

    class Clock(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            torch.cuda.synchronize()
            marks.append((time.perf_counter(), seen["tokens"]))

    args = TrainingArguments(
        output_dir="/tmp/baseline-out",
        per_device_train_batch_size=2,
        gradient_accumulation_steps=8,
        learning_rate=2e-4,
        lr_scheduler_type="cosine",
        warmup_steps=2,
        max_steps=steps,
        bf16=True,
        gradient_checkpointing=True,
        optim="paged_adamw_32bit",
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        dataloader_num_workers=0,
        remove_unused_columns=False,
    )
    trainer = Trainer(model=model, args=args, train_dataset=dataset, data_collator=counting_collator, callbacks=[Clock()])
    torch.cuda.reset_peak_memory_stats()
    result = trainer.train()
    (t0, n0), (t1, n1) = marks[warmup - 1], marks[-1]
    print(
        json.dumps(
            {
                "tokens_per_s": (n1 - n0) / (t1 - t0),
                "peak_vram_gb": torch.cuda.max_memory_allocated() / 2**30,
                "peak_reserved_gb": torch.cuda.max_memory_reserved() / 2**30,
                "final_loss": result.training_loss,
                "steps": steps,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
