#!/usr/bin/env bash
# Long fuzzing run of every Jazzer target, outside JUnit, with Jazzer's standalone driver.
#   tools/fuzz/long-run.sh [RUNS] [TARGET_REGEX]      (default: 10000000 runs each, all targets)
#   MAX_TIME=90 tools/fuzz/long-run.sh 0              (90 s per target instead of a run count)
#   TIMEOUT=120 tools/fuzz/long-run.sh                 (seconds one input may take before it is a finding; default
#                                                      10: raise it on a busy machine, where a starved JVM can
#                                                      take that long to load a class)
# Needs compiled main and test classes and a test classpath per module; from the repository root:
#   mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test \
#       -pl media-server,cart-firmware-config,recorder,signaling
# Each target's growing corpus goes to target/fuzz-corpus/<Class>/ (the checked-in seeds are read too);
# a crash is written to target/fuzz-crashes/ and stops that target: keep it as a fixture in the
# target's <Class>Inputs/<method>/ directory, where `mvn test` replays it, and fix the parser.
# One summary line per target goes to target/fuzz-summary.txt.
set -euo pipefail
RUNS="${1:-10000000}"
ONLY="${2:-.}"
cd "$(dirname "$0")/../.."
TARGETS=(
  "media-server org.telerounds.media.ice.StunMessageFuzzTest parse"
  "media-server org.telerounds.media.rtp.RtpFuzzTest parse"
  "media-server org.telerounds.media.rtcp.RtcpFuzzTest parseCompound"
  "media-server org.telerounds.media.sdp.SessionDescriptionFuzzTest parse"
  "cart-firmware-config org.telerounds.cart.load.ProfileFuzzTest load"
  "cart-firmware-config org.telerounds.cart.bundle.BundleFuzzTest verify"
  "signaling org.telerounds.signaling.ws.SignalingJsonFuzzTest onMessage"
  "signaling org.telerounds.signaling.audit.AuditChainFuzzTest verify"
)
mkdir -p target/fuzz-crashes
for t in "${TARGETS[@]}"; do
  read -r module cls method <<<"$t"
  [[ "$cls" =~ $ONLY ]] || continue
  seeds="$module/src/test/resources/$(echo "${cls%.*}" | tr . /)/${cls##*.}Inputs/$method"
  corpus="target/fuzz-corpus/${cls##*.}"
  mkdir -p "$corpus"
  log="target/fuzz-${cls##*.}.log"
  hooks=()
  # label patterns are admin-written regexes by design (see cart-firmware-config junit-platform.properties)
  [[ "$module" == cart-firmware-config ]] && hooks=(--disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection)
  limit=(-runs="$RUNS")
  [[ -n "${MAX_TIME:-}" ]] && limit=(-max_total_time="$MAX_TIME")
  start=$(date +%s)
  java -Xmx2g -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/cp.txt")" \
    com.code_intelligence.jazzer.Jazzer --target_class="$cls" --instrumentation_includes='org.telerounds.**:com.fasterxml.jackson.**:com.typesafe.config.**' \
    "${hooks[@]}" --reproducer_path=target/fuzz-crashes -artifact_prefix=target/fuzz-crashes/ "${limit[@]}" -timeout="${TIMEOUT:-10}" \
    -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1 || echo "$cls: FINDING, see $log and target/fuzz-crashes/"
  secs=$(( $(date +%s) - start ))
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  rate=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
  echo "$cls: ${done_line:-no summary} (wall ${secs}s, executed ${rate:-?})" | tee -a target/fuzz-summary.txt
done
