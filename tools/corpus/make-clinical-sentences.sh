#!/usr/bin/env bash
# Generates the clinical speech corpus for the transcription figures (docs/benchmarks.md):
#   OUT/clean/sNN.wav   each sentence of clinical-sentences.txt spoken by flite (voices slt and rms
#                       alternating), 16 kHz mono 16-bit, with 0.5 s silence before and 1 s after
#   OUT/snr20/sNN.wav   the same with synthetic ward noise at 20 dB SNR
#   OUT/snr10/sNN.wav   ... at 10 dB SNR
#   OUT/snr0/sNN.wav    ... at 0 dB SNR
#   OUT/espeak/sNN.wav  the same sentences by espeak-ng (clean), a harder synthetic voice
#   OUT/references.tsv  id <TAB> reference text
#   OUT/ward-noise.wav  the noise: pink noise + 50 Hz mains hum with harmonics + a 1 kHz monitor
#                       beep (150 ms every second)
# SNR is speech RMS (the sentence without padding) over noise RMS. Needs Debian flite, espeak-ng, sox.
# Usage: tools/corpus/make-clinical-sentences.sh [OUT]   (default target/clinical-corpus)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-target/clinical-corpus}"
for tool in flite espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install flite espeak-ng sox" >&2; exit 2; }
done
mkdir -p "$out"/{clean,snr20,snr10,snr0,espeak,tmp}
tmp="$out/tmp"

# ward noise, 30 s
sox -n -r 16000 -c 1 -b 16 "$tmp/pink.wav" synth 30 pinknoise vol 0.25
sox -n -r 16000 -c 1 -b 16 "$tmp/hum.wav" synth 30 sine 50 sine 100 sine 150 remix 1,2,3 vol 0.15
sox -n -r 16000 -c 1 -b 16 "$tmp/beep1.wav" synth 0.15 sine 1000 vol 0.2 pad 0 0.85
sox "$tmp/beep1.wav" "$tmp/beeps.wav" repeat 29
sox -m -v 1 "$tmp/pink.wav" -v 1 "$tmp/hum.wav" -v 1 "$tmp/beeps.wav" "$out/ward-noise.wav"
noise_rms=$(sox "$out/ward-noise.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')

rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
: > "$out/references.tsv"
n=0
while IFS= read -r text; do
  [ -z "$text" ] && continue
  n=$((n + 1))
  id=$(printf 's%02d' "$n")
  voice=$([ $((n % 2)) -eq 1 ] && echo slt || echo rms)
  printf '%s\t%s\n' "$id" "$text" >> "$out/references.tsv"
  flite -voice "$voice" -t "$text" -o "$tmp/$id-raw.wav"
  sox "$tmp/$id-raw.wav" -r 16000 -c 1 -b 16 "$tmp/$id.wav" norm -3
  sox "$tmp/$id.wav" "$out/clean/$id.wav" pad 0.5 1
  espeak-ng -v en-us -s 150 -w "$tmp/$id-es.wav" "$text"
  sox "$tmp/$id-es.wav" -r 16000 -c 1 -b 16 "$out/espeak/$id.wav" norm -3 pad 0.5 1
  speech_rms=$(rms "$tmp/$id.wav")
  len=$(soxi -D "$out/clean/$id.wav")
  start=$(( (n * 7) % 20 ))
  sox "$out/ward-noise.wav" "$tmp/$id-noise.wav" trim "$start" "$len"
  for snr in 20 10 0; do
    gain=$(awk -v s="$speech_rms" -v nr="$noise_rms" -v db="$snr" 'BEGIN { printf "%.6f", 0.5 * s / nr / (10 ^ (db / 20)) }')
    sox -m -v 0.5 "$out/clean/$id.wav" -v "$gain" "$tmp/$id-noise.wav" "$out/snr$snr/$id.wav"
  done
done < "$here/clinical-sentences.txt"
rm -rf "$tmp"
echo "$n sentences in $out (clean, snr20, snr10, snr0, espeak)" >&2
