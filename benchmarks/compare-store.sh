#!/usr/bin/env bash
# The embedded store decision, measured again: three candidates taking turns in the same run, with the shipped
# JVM options:
#   h2-delay   H2 as it was before the write-ahead log (commit 49cf358): MVStore writes its file 0.5 s after a
#              commit, nothing is synced;
#   h2-nodelay the same with WRITE_DELAY=0: every commit is written to the file before the answer (kill -9 safe),
#              but not synced, and each commit writes alone;
#   h2-wal     the shipped store: H2 as above plus the write-ahead log, every change synced before the answer,
#              concurrent changes sharing one sync (group commit).
# Runs SagaLoad on each (median of 3 rounds, wait_result, 10 clients and wrk) and the crash probe on each.
# Writes the sections server-compare-h2 and crash-compare-h2 of docs/performance.md.
#   benchmarks/compare-store.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-wrk.sh
seconds="${1:-6}"
base=$(mktemp -d)
trap 'git worktree remove --force "$base/src" >/dev/null 2>&1 || true; rm -rf "$base"' EXIT
git worktree add -q --detach "$base/src" 49cf358
build() { (cd "$base/src" && ./mvnw -q -B -ntp -pl dtm-server -am package -DskipTests -Dcheckstyle.skip \
  -Dmaven.javadoc.skip) && cp "$base/src/dtm-server/target/dtm-server.jar" "$base/$1.jar"; }
build h2-delay
sed -i 's/;DB_CLOSE_ON_EXIT=FALSE/;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0/' \
  "$base/src/dtm-server/src/main/java/io/dtm4j/server/internal/store/JdbcStore.java"
build h2-nodelay
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
cp dtm-server/target/dtm-server.jar "$base/h2-wal.jar"
jars=("h2-delay=$base/h2-delay.jar" "h2-nodelay=$base/h2-nodelay.jar" "h2-wal=$base/h2-wal.jar")
java -Drounds=3 -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SagaLoad h2 "$seconds" 10 "${jars[@]}"
java -Ddoc=docs/performance.md -Dsection=crash-compare-h2 -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.CrashProbe 200 100 100 h2 \
  "${jars[@]}"
