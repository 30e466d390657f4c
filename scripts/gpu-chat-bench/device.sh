#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, over the folders pack.sh made (one per call):
#   device.sh stash .gpubench/cN      keep this call's slice in /tmp/gpubench (c1 also unpacks the stage)
#   device.sh build-cuda              in the background: the CUDA kernel library for sm_90 (see below)
#   device.sh model                   in the background: a Mistral-7B-shaped model with random weights
#                                     -> the trainer's own export (f16 GGUF, template checked) -> Q4_K_M
#   device.sh check prebuilt|built    which backend the app's chat engine picks, and why, on a tiny model
#   device.sh bench OUT built|prebuilt [args]   wait for the jobs, then `bench:chat` (Confidant beside
#                                     llama-bench): with the CUDA library built here, or with the prebuilt
#                                     one, where chat falls back to Vulkan (llama-bench on Vulkan too)
#
# node-llama-cpp 3.22.1's prebuilt libggml-cuda.so carries no Hopper machine code, only PTX from a
# newer CUDA than driver 580 (CUDA 13.0) can JIT: its first kernel aborts the process. So the bench
# builds the same kernel library from the same llama.cpp source (pack.sh) for sm_90 with the machine's
# own nvcc, and both Confidant and llama-bench load that one; `check prebuilt` shows the app surviving
# the prebuilt one.
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
  mkdir -p .cache/mistral-tokenizer && cp "$W/stage/tokenizer.model" .cache/mistral-tokenizer/
  touch "$W/stage/.done"
}

VK_BINS=$W/stage/app/node_modules/@node-llama-cpp/linux-x64-vulkan/bins/linux-x64-vulkan

vulkan_env() {
  # The Vulkan loader travels as a .deb (device/README.md); the NVIDIA driver brings the ICD.
  for f in .gl/*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done
  ldconfig
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$icd" ] && export VK_DRIVER_FILES=$icd
  return 0
}

cuda_env() {
  # libggml-cuda links libcublas/libcudart 13; the CUDA toolkit or PyTorch's wheels hold them.
  local dirs
  dirs=$(find /usr/local /opt /usr/lib -name 'libcublas.so.13*' -printf '%h\n' 2>/dev/null | sort -u | tr '\n' ':')
  export LD_LIBRARY_PATH=${dirs}${LD_LIBRARY_PATH:-}
}

wait_for() { # NAME SECONDS: a background job's .done or .failed
  for _ in $(seq 1 $(( $2 / 5 ))); do [ -f "$W/$1.done" ] || [ -f "$W/$1.failed" ] && break; sleep 5; done
  [ -f "$W/$1.done" ]
}

install_cuda_lib() { # prebuilt|built
  if [ "$1" = built ]; then
    wait_for cuda 500 || { cat "$W/cuda.log"; return 1; }
    cp "$(find "$W/ggml/build" -name libggml-cuda.so | head -1)" "$BINS/libggml-cuda.so"
    echo "kernel library: built here for sm_90 from the same llama.cpp source"
  else
    if [ ! -f "$W/libggml-cuda.prebuilt.so" ]; then
      cat $(ls "$W"/cuda.part.* | sort -t. -k3 -n) > "$W/cuda.xz"
      (cd "$W" && sha256sum -c --quiet cuda.xz.sha256) || return 1
      xz -dc "$W/cuda.xz" > "$W/libggml-cuda.prebuilt.so" && rm "$W/cuda.xz"
    fi
    cp "$W/libggml-cuda.prebuilt.so" "$BINS/libggml-cuda.so"
    echo "kernel library: node-llama-cpp's prebuilt one"
  fi
}

build_cuda() {
  set -e
  rm -rf "$W/ggml" && xz -dc "$W/stage/ggml.tar.xz" | tar -C "$W" -xf -
  # ggml inside llama.cpp lacks the standalone project's pkg-config template; an empty one will do.
  touch "$W/ggml/ggml.pc.in"
  cmake -S "$W/ggml" -B "$W/ggml/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DGGML_BUILD_TESTS=OFF -DGGML_BUILD_EXAMPLES=OFF -DGGML_BACKEND_DL=ON -DGGML_NATIVE=OFF -DGGML_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=90-real > /dev/null
  local t0=$SECONDS
  cmake --build "$W/ggml/build" --target ggml-cuda -j "$(nproc)" | tail -1
  echo "libggml-cuda.so for sm_90 built in $(( SECONDS - t0 )) s"
}

export_gguf() { # MODEL_DIR NAME: the trainer's own export to f16
  printf '{"merged_dir":"%s","out_dir":"%s","llama_cpp_dir":"%s","name":"%s","outtype":"f16"}' \
    "$1" "$W/gguf" "$W/stage/llama.cpp" "$2" > "$W/export-$2.json"
  python3 -m confidant_trainer.export --config "$W/export-$2.json" > "$W/export-$2.events" 2> "$W/export-$2.err"
}

make_model() {
  set -e
  export PYTHONPATH=$PWD/trainer PYTHONUNBUFFERED=1
  local t0=$SECONDS
  python3 -c "from pathlib import Path; from bench.make_model import make_mistral_7b_shape as m; m(Path('$W/m7b'))"
  echo "model made in $(( SECONDS - t0 )) s"; t0=$SECONDS
  export_gguf "$W/m7b" m7b
  echo "exported (trainer export, f16) in $(( SECONDS - t0 )) s"; t0=$SECONDS
  "$BINS/llama-quantize" "$W/gguf/m7b-f16.gguf" "$W/m7b-q4_k_m.gguf" Q4_K_M "$(nproc)" > "$W/quantize.log" 2>&1
  echo "quantized to Q4_K_M in $(( SECONDS - t0 )) s: $(stat -c %s "$W/m7b-q4_k_m.gguf") bytes"
  rm -rf "$W/m7b" "$W/gguf/m7b-f16.gguf"
}

background() { # NAME: runs `device.sh NAME-now` in its own session, so it outlives this call
  rm -f "$W/$1.done" "$W/$1.failed"
  setsid bash "$0" "$1-now" </dev/null > "$W/$1.log" 2>&1 &
  echo "$1 job started"
}

case "${1:-}" in
  stash)
    cp "$2"/* "$W/" && ls "$W"
    if [ -f "$W/stage.tar.xz" ]; then unpack_stage && echo "stage unpacked"; fi
    if [ -f "$W/vulkan.tar.xz" ] && [ ! -d "$VK_BINS" ]; then
      xz -dc "$W/vulkan.tar.xz" | tar -C "$W/stage/app/node_modules/@node-llama-cpp" -xf - && echo "Vulkan package unpacked"
    fi
    ;;
  build-cuda) background cuda ;;
  cuda-now) if (build_cuda); then touch "$W/cuda.done"; else touch "$W/cuda.failed"; fi ;;
  model) background model ;;
  model-now) if (make_model); then touch "$W/model.done"; else touch "$W/model.failed"; fi ;;
  check)
    cuda_env; vulkan_env
    install_cuda_lib "$2" || exit 1
    if [ ! -f "$W/gguf/tiny-f16.gguf" ]; then
      (export PYTHONPATH=$PWD/trainer; python3 -m confidant_trainer.testing.tiny_model "$W/tiny" >/dev/null && export_gguf "$W/tiny" tiny) || exit 1
    fi
    "$W/stage/node" "$W/stage/app/check-backend.js" "$W/gguf/tiny-f16.gguf"
    ;;
  bench)
    OUT=$2; LIB=$3; shift 3
    cuda_env; vulkan_env
    install_cuda_lib "$LIB" || exit 1
    if [ "$LIB" = built ]; then LB=$BINS/llama-bench; else LB=$VK_BINS/llama-bench; fi
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
    wait_for model 600; cat "$W/model.log"; [ -f "$W/model.done" ] || exit 1
    "$W/stage/node" "$W/stage/app/bench-chat.js" --model "$W/m7b-q4_k_m.gguf" --gpu auto \
      --llama-bench "$LB" "$@" 2>&1 | tee "$OUT/bench-chat-$LIB.txt"
    ;;
  *)
    echo "usage: device.sh stash DIR | build-cuda | model | check prebuilt|built | bench OUT built|prebuilt [bench-chat args]" >&2; exit 2
    ;;
esac
