#!/usr/bin/env bash
# The crash probe: a forked server killed with kill -9 after acknowledged submits, restarted on the same store;
# prints what was lost, the duplicate branch calls and the time to finish, per store, and writes the table into
# docs/reliability.md. Needs the local MariaDB and PostgreSQL (scripts/services.sh starts them).
#   scripts/crash.sh [total] [rate] [killAfter] [store ...]     defaults: 200 100 100 h2 mysql postgres
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/services.sh
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.CrashProbe "$@"
