#!/usr/bin/env bash
# Generates the ward speech corpus for telerounds voice enhancement (docs/audio.md).
#
#   tools/corpus/make-ward-corpus.sh [OUT_DIR]        (default: target/corpus)
#
# Needs Debian espeak-ng and sox. Deterministic: fixed texts, voices and delays, and sox -R
# (repeatable mode: fixed seeds for its noise generators). For every combination of
#   speech level  -45 -40 -35 -30 -25 dBFS   (RMS of the silence-trimmed speech at the patient mic)
#   input SNR     -5 0 5 10 dB               (speech RMS over noise RMS, at the patient mic)
#   noise type    hum (fan rumble + ventilator hum), pink, beeps (1 kHz monitor beeps + faint pink)
# it writes OUT_DIR/<noise>_l<level>_s<snr>/{clean,patient,room}.wav, 48 kHz mono 16-bit:
#   clean.wav    the speech alone as the patient mic hears it (the reference)
#   patient.wav  clean + noise
#   room.wav     the speech 6 dB weaker and 2.5..6 ms later, plus an independent stretch of the
#                same noise 3 dB louder than at the patient mic
# and OUT_DIR/index.csv (name,noise,level_dbfs,snr_db,room_delay_ms).
set -euo pipefail
OUT="${1:-target/corpus}"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-ward-corpus: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 2; }
done
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
SOX="sox -R -V1"

TEXTS=(
  "I have had this pain in my chest since last night. It gets worse when I breathe in."
  "The nurse gave me the tablets this morning, but I still feel sick and a bit dizzy."
  "My left leg is swollen and it hurts when I try to stand up or walk to the bathroom."
  "I could not sleep at all. The machine next to me kept beeping every few minutes."
  "Yes, I am allergic to penicillin. I had a rash and my face was swollen last time."
  "Can you tell my daughter that I am feeling a little better today, thank you doctor."
)
VOICES=("en+m3" "en+f3" "en+m5" "en+f4" "en+m1" "en+f2")
LEVELS=(-45 -40 -35 -30 -25)
SNRS=(-5 0 5 10)
NOISES=(hum pink beeps)

rms_db() { sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}'; }
# gain (dB) that takes file $1 to RMS $2 dBFS
gain_to() { awk -v have="$(rms_db "$1")" -v want="$2" 'BEGIN { printf "%.2f", want - have }'; }

# 1. speech utterances: two sentences each, 48 kHz, silence-trimmed, normalised to -20 dBFS RMS
for i in "${!TEXTS[@]}"; do
  j=$(( (i + 1) % ${#TEXTS[@]} ))
  espeak-ng -v "${VOICES[$i]}" -s 150 -w "$TMP/raw$i.wav" "${TEXTS[$i]} ${TEXTS[$j]}"
  $SOX "$TMP/raw$i.wav" -r 48000 -c 1 -b 16 "$TMP/trim$i.wav" rate -h 48000 \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.5 0.5
  $SOX "$TMP/trim$i.wav" "$TMP/speech$i.wav" gain "$(gain_to "$TMP/trim$i.wav" -20)"
done

# 2. noise beds, 30 s each (long enough to cut two independent stretches), normalised to -20 dBFS
$SOX -n -r 48000 -c 1 -b 16 "$TMP/fan.wav" synth 30 brownnoise lowpass 600
$SOX -n -r 48000 -c 1 -b 16 "$TMP/vent.wav" synth 30 sine 100 sine 200 sine 300 remix - tremolo 0.25 60
$SOX -m "$TMP/fan.wav" "$TMP/vent.wav" "$TMP/hum0.wav"
$SOX -n -r 48000 -c 1 -b 16 "$TMP/pink0.wav" synth 30 pinknoise
$SOX -n -r 48000 -c 1 -b 16 "$TMP/beep1.wav" synth 0.15 sine 1000 fade 0.005 0.15 0.005 pad 0 0.85 repeat 29
$SOX "$TMP/pink0.wav" "$TMP/faint.wav" gain -18
$SOX -m "$TMP/beep1.wav" "$TMP/faint.wav" "$TMP/beeps0.wav"
for n in "${NOISES[@]}"; do
  $SOX "$TMP/${n}0.wav" "$TMP/$n.wav" gain "$(gain_to "$TMP/${n}0.wav" -20)"
done

# 3. mixtures
echo "name,noise,level_dbfs,snr_db,room_delay_ms" > "$OUT/index.csv"
k=0
for n in "${NOISES[@]}"; do
  for l in "${LEVELS[@]}"; do
    for s in "${SNRS[@]}"; do
      u=$(( k % ${#TEXTS[@]} ))
      delay=$(awk -v k="$k" 'BEGIN { printf "%.4f", (2.5 + (k * 7 % 36) / 10.0) / 1000 }')
      name="${n}_l${l#-}_s${s}"
      d="$OUT/$name"; mkdir -p "$d"
      len=$(soxi -D "$TMP/speech$u.wav")
      nl=$(awk -v l="$l" -v s="$s" 'BEGIN { print l - s + 20 }')  # noise gain from its -20 dBFS bed
      off1=$(awk -v k="$k" 'BEGIN { printf "%.2f", (k * 0.37) % 10 }')
      off2=$(awk -v k="$k" 'BEGIN { printf "%.2f", 12 + (k * 0.53) % 10 }')
      $SOX "$TMP/speech$u.wav" "$d/clean.wav" gain "$(awk -v l="$l" 'BEGIN { print l + 20 }')"
      $SOX "$TMP/$n.wav" "$TMP/n1.wav" trim "$off1" "$len" gain "$nl"
      $SOX "$TMP/$n.wav" "$TMP/n2.wav" trim "$off2" "$len" gain "$(awk -v g="$nl" 'BEGIN { print g + 3 }')"
      $SOX -m -v 1 "$d/clean.wav" -v 1 "$TMP/n1.wav" "$d/patient.wav"
      $SOX "$d/clean.wav" "$TMP/far.wav" gain -6 pad "$delay" 0 trim 0 "$len"
      $SOX -m -v 1 "$TMP/far.wav" -v 1 "$TMP/n2.wav" "$d/room.wav"
      echo "$name,$n,$l,$s,$(awk -v x="$delay" 'BEGIN { printf "%.2f", x * 1000 }')" >> "$OUT/index.csv"
      k=$((k + 1))
    done
  done
done
echo "make-ward-corpus: wrote $k samples to $OUT (index.csv)"
