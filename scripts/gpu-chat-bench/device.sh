#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, over the folders pack.sh made (one per call):
#   bash scripts/gpu-chat-bench/device.sh stash .gpubench/cN   keep this call's slice in /tmp/gpubench
#   bash scripts/gpu-chat-bench/device.sh model                 in the background (setsid): a Mistral-7B-shaped
#        model with random weights -> the trainer's own export (f16 GGUF, template checked) -> Q4_K_M
#   bash scripts/gpu-chat-bench/device.sh bench OUT [bench-chat args]   rebuild the CUDA library, wait
#        for the model, run `bench:chat` (Confidant beside llama-bench) on the GPU
set -uo pipefail
cd "$(dirname "$0")/../.."
W=/tmp/gpubench
BINS=$W/stage/app/node_modules/@node-llama-cpp/linux-x64-cuda/bins/linux-x64-cuda
mkdir -p "$W"

unpack_stage() {
  [ -f "$W/stage/.done" ] && return 0
  mkdir -p "$W/stage" && xz -dc "$W/stage.tar.xz" | tar -C "$W/stage" -xf - || return 1
  xz -dc "$W/stage/node.xz" > "$W/stage/node" && chmod +x "$W/stage/node" && rm "$W/stage/node.xz"
  cp "$W/stage/bin/llama-bench" "$W/stage/bin/llama-quantize" "$BINS/"
  touch "$W/stage/.done"
}

make_model() {
  set -e
  unpack_stage
  export PYTHONPATH=$PWD/trainer PYTHONUNBUFFERED=1
  mkdir -p .cache/mistral-tokenizer && cp "$W/stage/tokenizer.model" .cache/mistral-tokenizer/
  local t0=$SECONDS
  python3 -c "from pathlib import Path; from bench.make_model import make_mistral_7b_shape as m; m(Path('$W/m7b'))"
  echo "model made in $(( SECONDS - t0 )) s"; t0=$SECONDS
  printf '{"merged_dir":"%s","out_dir":"%s","llama_cpp_dir":"%s","name":"m7b","outtype":"f16"}' \
    "$W/m7b" "$W/gguf" "$W/stage/llama.cpp" > "$W/export.json"
  python3 -m confidant_trainer.export --config "$W/export.json" > "$W/export.events" 2> "$W/export.err"
  tail -2 "$W/export.events"
  echo "exported (trainer export, f16) in $(( SECONDS - t0 )) s"; t0=$SECONDS
  "$BINS/llama-quantize" "$W/gguf/m7b-f16.gguf" "$W/m7b-q4_k_m.gguf" Q4_K_M "$(nproc)" > "$W/quantize.log" 2>&1
  echo "quantized to Q4_K_M in $(( SECONDS - t0 )) s: $(stat -c %s "$W/m7b-q4_k_m.gguf") bytes"
  rm -rf "$W/m7b" "$W/gguf"
}

case "${1:-}" in
  stash)
    cp "$2"/* "$W/" && ls -la "$W"
    [ -f "$W/stage.tar.xz" ] && unpack_stage && echo "stage unpacked"
    ;;
  model)
    rm -f "$W/model.done" "$W/model.failed"
    # Its own session, so it outlives this call while the next calls bring the other slices.
    setsid bash "$0" model-now </dev/null > "$W/model.log" 2>&1 &
    echo "model job started"
    ;;
  model-now)
    if (make_model); then touch "$W/model.done"; else touch "$W/model.failed"; fi
    ;;
  bench)
    OUT=$2; shift 2
    unpack_stage || exit 1
    if [ ! -f "$BINS/libggml-cuda.so" ]; then
      cat $(ls "$W"/cuda.part.* | sort -t. -k3 -n) > "$W/cuda.xz"
      (cd "$W" && sha256sum -c cuda.xz.sha256) || exit 1
      xz -dc "$W/cuda.xz" > "$BINS/libggml-cuda.so" && rm "$W/cuda.xz"
    fi
    # libggml-cuda links libcublas/libcudart 13; the CUDA toolkit or PyTorch's wheels hold them.
    libdirs=$(find /usr/local /opt /usr/lib -name 'libcublas.so.13*' -printf '%h\n' 2>/dev/null | sort -u | tr '\n' ':')
    export LD_LIBRARY_PATH=${libdirs}${LD_LIBRARY_PATH:-}
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
    for _ in $(seq 1 120); do [ -f "$W/model.done" ] || [ -f "$W/model.failed" ] && break; sleep 5; done
    cat "$W/model.log"
    [ -f "$W/model.done" ] || { echo "model not ready"; exit 1; }
    "$W/stage/node" "$W/stage/app/bench-chat.mjs" --model "$W/m7b-q4_k_m.gguf" --gpu auto \
      --llama-bench "$BINS/llama-bench" "$@" 2>&1 | tee "$OUT/bench-chat.txt"
    ;;
  *)
    echo "usage: device.sh stash DIR | model | bench OUT [bench-chat args]" >&2; exit 2
    ;;
esac
