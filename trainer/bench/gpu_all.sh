#!/usr/bin/env bash
# Everything the GPU report needs, in one command on a fresh CUDA machine (see docs/benchmarks.md):
#   bash trainer/bench/gpu_all.sh OUT_DIR [bench|quality|ablations|all]
# Expects the wheels of bitsandbytes, liger-kernel, peft and gguf in .whl/ and, for the quality run,
# the Gemma 3 270M GGUF at /tmp/gemma/gemma-3-270m-q4_k_m.gguf.
set -uo pipefail
OUT=${1:-/tmp/gpu-out}; WHAT=${2:-all}
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
if [ -d ../.whl ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site ../.whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD
fi
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
python3 -m confidant_trainer doctor | tee "$OUT/doctor.json"
if [ "$WHAT" = all ] || [ "$WHAT" = bench ]; then
  # Smoke: the real product path (NF4 + paged 8-bit AdamW + Liger) on the tiny model, 4 steps.
  python3 -m confidant_trainer.testing.tiny_model /tmp/tiny >/dev/null
  python3 -c "import json; open('/tmp/tiny.jsonl','w').write(json.dumps({'text': 'Rain again. ' * 200}) + '\n')"
  python3 -m confidant_trainer train model.path=/tmp/tiny data.train=/tmp/tiny.jsonl train.run_dir=/tmp/tiny-run-$$ \
    train.max_steps=4 data.max_length=256 2>"$OUT/smoke.err" | tail -3
  python3 -m bench.run --out /tmp/bench 2>&1 | tee "$OUT/bench.log"  # needs the Unsloth wheels too (gpu_speed.sh)
  cp /tmp/bench/bench.json "$OUT/" 2>/dev/null
fi
if [ "$WHAT" = all ] || [ "$WHAT" = quality ]; then
  python3 -m bench.quality --gguf /tmp/gemma/gemma-3-270m-q4_k_m.gguf --out /tmp/quality 2>&1 | tee "$OUT/quality.log"
  cp /tmp/quality/quality.json "$OUT/" 2>/dev/null
fi
if [ "$WHAT" = ablations ]; then
  python3 -m bench.run --out /tmp/bench-ab --run plain:confidant:0.05:2:2:model.attention=sdpa --run varlen:confidant:0.05 \
    --run fused:confidant:0.05:2:2:lora.fused=true --run rows4:confidant:0.05:4:1 --run no_liger:confidant:0.05:2:2:model.liger=false \
    2>&1 | tee "$OUT/ablations.log"
  cp /tmp/bench-ab/bench.json "$OUT/ablations.json" 2>/dev/null
fi
