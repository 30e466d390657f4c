#!/usr/bin/env bash
# Rebuilds docs/benchmarks/trainer-gpu.json from the sessions' own bench.json files (bench/sessions/),
# naming which session and run each published figure comes from. Run from trainer/.
set -euo pipefail
S=bench/sessions/2026-12-04
python3 -m bench.combine ../docs/benchmarks/trainer-gpu.json s1=$S-s1.json s2=$S-s2.json s3=$S-s3.json s4=$S-s4.json \
 --pick confidant=s2:confidant --pick confidant_dropout0=s2:confidant_d0 \
 --pick confidant_fused=s2:confidant_fused --pick confidant_fused_dropout0=s2:confidant_d0_fused \
 --pick confidant_4rows_fused=s3:confidant_fused_mb4 --pick confidant_4rows_fused_dropout0=s2:confidant_d0_fused_mb4+s3:confidant_d0_fused_mb4 \
 --pick unsloth=s1:unsloth --pick unsloth_dropout0=s1:unsloth_d0 \
 --pick unsloth_4rows=s3:unsloth_mb4 --pick unsloth_4rows_dropout0=s2:unsloth_d0_mb4 \
 --pick hf_padding_free=s2:hf_padding_free --pick hf_padding_free_dropout0=s2:hf_padding_free_d0 \
 --pick hf_padding_free_4rows=s4:hf_padding_free_4rows \
 --pick confidant_sdpa_before=s1:confidant --pick confidant_sdpa_before_dropout0=s1:confidant_d0 \
 --pick confidant_varlen_dropout0_s1=s1:confidant_d0_varlen \
 --ratio vs_unsloth_4rows_d0=confidant_4rows_fused_dropout0/unsloth_4rows_dropout0 \
 --ratio vs_unsloth_4rows_d005=confidant_4rows_fused/unsloth_4rows \
 --ratio vs_unsloth_2rows_d0_cross_session=confidant_fused_dropout0/unsloth_dropout0 \
 --ratio vs_unsloth_2rows_d005_cross_session=confidant_fused/unsloth \
 --ratio vs_hf_4rows_d005_cross_session=confidant_4rows_fused/hf_padding_free_4rows \
 --ratio vs_hf_2rows_d0=confidant_dropout0/hf_padding_free_dropout0 --ratio vs_hf_2rows_d005=confidant/hf_padding_free \
 --ratio varlen_vs_sdpa_d0_s1=confidant_varlen_dropout0_s1/confidant_sdpa_before_dropout0 \
 --ratio fused_vs_plain_d0=confidant_fused_dropout0/confidant_dropout0 --ratio fused_vs_plain_d005=confidant_fused/confidant \
 --extra bench/gpu_json_extra.json >/dev/null
echo "wrote ../docs/benchmarks/trainer-gpu.json"
