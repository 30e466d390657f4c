#!/usr/bin/env bash
# Packs what `npm run bench:chat` needs on the GPU machine, which has CUDA and Python but no Node.js
# and takes at most 64 MiB per call (docs/benchmarks.md, "Chat on a GPU"). Writes .gpubench/c1..cN,
# one folder per device call, each under 60 MiB:
#   c1: Node (this machine's binary), node-llama-cpp with its CPU package and its CUDA package minus
#       the kernel library, the bench, the backend check and the GPU-probe worker bundled with esbuild, llama-bench and llama-quantize compiled from the llama.cpp
#       source node-llama-cpp carries against that package's own libllama/libggml (so both sides of the
#       comparison run the very same kernels), llama.cpp's GGUF converter, Mistral's tokenizer, and the
#       first slice of the CUDA kernel library (libggml-cuda.so, 159 MB, xz);
#   c2..: the other slices.
# Needs: .cache/llama.cpp-bench (git clone node_modules/node-llama-cpp/llama/gitRelease.bundle),
# .cache/tools/llama.cpp-v0.5.0 (made by the export tests), .cache/mistral-tokenizer/tokenizer.model.
set -euo pipefail
cd "$(dirname "$0")/../.."
S=.gpubench
SRC=.cache/llama.cpp-bench
CONVERTER=.cache/tools/llama.cpp-v0.5.0
CUDA_PKG=node_modules/@node-llama-cpp/linux-x64-cuda
CUDA_BINS=$CUDA_PKG/bins/linux-x64-cuda
NLC_VERSION=$(node -p "require('./node_modules/node-llama-cpp/package.json').version")
grep -qx '/.gpubench/' .git/info/exclude || echo '/.gpubench/' >> .git/info/exclude
rm -rf "$S" && mkdir -p "$S/stage/bin" "$S/stage/llama.cpp" "$S/stage/app/node_modules/@node-llama-cpp"

echo "node-llama-cpp $NLC_VERSION without its optional binaries, then the CUDA package alone"
(cd "$S/stage/app" && echo '{"name":"gpubench","private":true,"type":"module"}' > package.json &&
  npm install --omit=optional --ignore-scripts --no-audit --no-fund --no-save "node-llama-cpp@$NLC_VERSION" >/dev/null)
rm -f "$S/stage/app/node_modules/node-llama-cpp/llama/gitRelease.bundle"
cp -r "$CUDA_PKG" node_modules/@node-llama-cpp/linux-x64 "$S/stage/app/node_modules/@node-llama-cpp/"
rm "$S/stage/app/node_modules/@node-llama-cpp/linux-x64-cuda/bins/linux-x64-cuda/libggml-cuda.so"
# The probe worker must sit beside the code that starts it (electron/core/child-worker.ts).
npx esbuild scripts/bench-chat.ts scripts/gpu-chat-bench/check-backend.ts electron/core/chat/gpu-probe-worker.ts \
  --bundle --platform=node --format=esm --target=node20 --external:node-llama-cpp --log-level=warning \
  --entry-names='[name]' --outdir="$S/stage/app"

echo "llama-bench and llama-quantize against the CUDA package's libraries"
libs=(-L"$CUDA_BINS" -l:libllama-common.so -l:libllama.cuda.v0.5.0.so -l:libggml.cuda.v0.5.0.so -l:libggml-base.so -lpthread -Wl,-rpath,'$ORIGIN')
inc=(-I"$SRC/include" -I"$SRC/common" -I"$SRC/ggml/include" -I"$SRC/vendor")
g++ -O2 -std=c++17 "${inc[@]}" "$SRC/tools/llama-bench/llama-bench.cpp" "$SRC/tools/llama-bench/main.cpp" "${libs[@]}" -o "$S/stage/bin/llama-bench"
g++ -O2 -std=c++17 "${inc[@]}" "$SRC/tools/quantize/quantize.cpp" "$SRC/tools/quantize/main.cpp" "${libs[@]}" -o "$S/stage/bin/llama-quantize"

cp -r "$CONVERTER/convert_hf_to_gguf.py" "$CONVERTER/convert_lora_to_gguf.py" "$CONVERTER/conversion" "$CONVERTER/gguf-py" "$S/stage/llama.cpp/"
cp .cache/mistral-tokenizer/tokenizer.model "$S/stage/"
# The kernel library built on the device (device.sh build-cuda) comes from this same source.
tar -C "$SRC" -cf - ggml | xz -T0 -6 > "$S/stage/ggml.tar.xz"

echo "compressing (about 2 minutes on 2 cores)"
xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > "$S/stage/node.xz"
tar -C "$S/stage" -cf - . | xz -T0 -6 > "$S/stage.tar.xz"
xz -T0 -6 -c "$CUDA_BINS/libggml-cuda.so" > "$S/cuda.xz"
(cd "$S" && sha256sum cuda.xz > cuda.xz.sha256)
# The first call also carries the stage, so its slice of the kernel library is smaller.
stage_mb=$(( $(stat -c %s "$S/stage.tar.xz") / 1048576 + 1 ))
first=$(( 58 - stage_mb ))
mkdir -p "$S/c1"
mv "$S/stage.tar.xz" "$S/cuda.xz.sha256" "$S/c1/"
head -c "${first}M" "$S/cuda.xz" > "$S/c1/cuda.part.0"
tail -c "+$(( first * 1048576 + 1 ))" "$S/cuda.xz" | split -b 58M -d -a 1 - "$S/rest."
n=1
for f in "$S"/rest.*; do
  n=$(( n + 1 )); mkdir -p "$S/c$n"; mv "$f" "$S/c$n/cuda.part.$(( n - 1 ))"
done
rm -rf "$S/stage" "$S/cuda.xz"
du -sh "$S"/c*

echo "the last slice: node-llama-cpp's Vulkan package and llama-bench against its libraries"
# Where chat goes when CUDA fails its test; the device also needs libvulkan1 (device/README: .gl).
VK_BINS=node_modules/@node-llama-cpp/linux-x64-vulkan/bins/linux-x64-vulkan
n=$(( n + 1 )); mkdir -p "$S/c$n" "$S/vk"
g++ -O2 -std=c++17 "${inc[@]}" "$SRC/tools/llama-bench/llama-bench.cpp" "$SRC/tools/llama-bench/main.cpp" \
  -L"$VK_BINS" -l:libllama-common.so -l:libllama.vulkan.v0.5.0.so -l:libggml.vulkan.v0.5.0.so -l:libggml-base.so \
  -lpthread -Wl,-rpath,'$ORIGIN' -o "$S/vk/llama-bench"
cp -r node_modules/@node-llama-cpp/linux-x64-vulkan "$S/vk/"
cp "$S/vk/llama-bench" "$S/vk/linux-x64-vulkan/bins/linux-x64-vulkan/"
tar -C "$S/vk" -cf - linux-x64-vulkan | xz -T0 -6 > "$S/c$n/vulkan.tar.xz"
rm -rf "$S/vk"
du -sh "$S/c$n"
