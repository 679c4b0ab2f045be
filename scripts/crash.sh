#!/usr/bin/env bash
# The reliability probes, in full (CI runs a short version of each: CrashTest and HaTest in benchmarks/):
#   1. CrashProbe: a forked server killed with kill -9 after acknowledged submits, restarted on the same store:
#      what was lost, the duplicate branch calls, the time to finish, per store (section crash);
#   2. HaProbe: three servers on one shared store, sagas and TCCs whose branches answer ONGOING, 500 or slowly,
#      one instance killed mid-flood (section ha), then the same with no kill (section ha-nokill).
# Writes the tables into docs/reliability.md. Needs the local MariaDB, PostgreSQL and Redis (scripts/services.sh).
#   scripts/crash.sh [total] [rate] [killAfter] [store ...]   crash probe; defaults: 200 100 100 h2 mysql postgres redis
#   CRASH_REPEAT=N probes each store N times (a soak; default 1). HA_TOTAL / HA_RATE (defaults 300 / 100) size the
#   HA probe.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/services.sh
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
java -Drepeat="${CRASH_REPEAT:-1}" -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.CrashProbe "$@"
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.HaProbe "${HA_TOTAL:-300}" "${HA_RATE:-100}"
java -Dkill=false -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.HaProbe "${HA_TOTAL:-300}" "${HA_RATE:-100}"
