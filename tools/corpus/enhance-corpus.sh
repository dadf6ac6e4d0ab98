#!/usr/bin/env bash
# Runs the noisy conditions of the clinical corpus through the live enhancement pipeline
# (telerounds enhance: the voice:enhanced path, patient mic only), for the raw-vs-enhanced WER row
# in docs/benchmarks.md:
#   CORPUS/snrNN/sXX.wav  ->  CORPUS/snrNN-enhanced/sXX.wav   (48 kHz; the bench resamples to 16 kHz)
# Needs sox and media-server's test classpath (jars) in media-server/cp.txt, e.g.:
#   mvn -o -B -pl media-server test-compile exec:exec -Dexec.executable=echo -Dexec.args=%classpath \
#     -Dexec.classpathScope=test | grep '\.jar' | tr ':' '\n' | grep '\.jar$' | paste -sd: > media-server/cp.txt
# Usage: tools/corpus/enhance-corpus.sh [CORPUS] [PRESET] [CONDITIONS]
#        (defaults target/clinical-corpus, standard, "snr20 snr10 snr0")
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-target/clinical-corpus}"
preset="${2:-standard}"
conditions="${3:-snr20 snr10 snr0}"
cp="$(cat "$root/media-server/cp.txt"):$root/media-server/target/classes:$root/media-server/target/test-classes"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for cond in $conditions; do
  mkdir -p "$tmp/$cond"
  for f in "$corpus/$cond"/*.wav; do
    sox "$f" -r 48000 "$tmp/$cond/$(basename "$f")"
  done
  java -cp "$cp" org.telerounds.media.bench.EnhanceCorpus "$tmp/$cond" "$corpus/$cond-enhanced" "$preset"
done
