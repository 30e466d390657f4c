#!/usr/bin/env bash
# The speed benchmark on a fresh CUDA machine, from the repository root, wheels in .whl/ (docs/benchmarks.md):
#   bash trainer/bench/gpu_speed.sh OUT_DIR [bench.run arguments...]
# OUT_DIR gets bench.json (rewritten after every run), bench.log, doctor.json, logs.tgz and any profile;
# GPU_TESTS=1 also runs the gpu-marked tests (gpu_tests.txt).
set -uo pipefail
OUT=$1; shift
mkdir -p "$OUT"
# mistral-common travels only for its tokenizer file (make_model.py reads it out of the wheel): installed,
# transformers would import it and need pydantic, which the machine lacks.
rm -rf /tmp/site
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site $(ls .whl/*.whl | grep -v mistral_common) || exit 1
export PYTHONPATH=/tmp/site:$PWD/trainer PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
cd trainer
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv
python3 -m confidant_trainer doctor >"$OUT/doctor.json"
python3 -m bench.run --out /tmp/bench --report "$OUT/bench.json" "$@" 2>&1 | tee "$OUT/bench.log"
cp /tmp/bench/profile-*.txt "$OUT/" 2>/dev/null
if [ "${GPU_TESTS:-0}" = 1 ]; then
  timeout 120 python3 -m pytest -q -m gpu tests/test_gpu.py -p no:cacheprovider >"$OUT/gpu_tests.txt" 2>&1
  tail -5 "$OUT/gpu_tests.txt"
fi
tar czf "$OUT/logs.tgz" -C /tmp/bench --exclude journal.jsonl --exclude 'profile-*' . 2>/dev/null
exit 0
