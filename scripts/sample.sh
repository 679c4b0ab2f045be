#!/usr/bin/env bash
# Builds one sample (tests skipped) and runs it; the arguments after its name go to the application.
#   scripts/sample.sh quick-start
#   scripts/sample.sh msg-outbox --dtm.server-url=http://localhost:36789/api/dtmsvr
# Samples: quick-start, msg-outbox, redis-stock, barrier-mybatis, tcc-feign, xa (see samples/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?"name a sample: $(ls samples | grep -v -e pom.xml -e README.md -e sample-support | tr '\n' ' ')"}
shift
[ -d "samples/$name" ] || { echo "no sample '$name' (samples: $(ls samples | grep -v -e pom.xml -e README.md -e sample-support | tr '\n' ' '))" >&2; exit 2; }
./mvnw -q -B -ntp -DskipTests -Dcheckstyle.skip -Dmaven.javadoc.skip -pl "samples/$name" -am install
exec java -jar "samples/$name/target/$name.jar" "$@"
