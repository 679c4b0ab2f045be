#!/usr/bin/env bash
# Builds one sample (tests skipped) and runs it; the arguments after its name go to the application.
#   scripts/sample.sh quick-start
#   scripts/sample.sh msg-outbox --dtm.server-url=http://localhost:36789/api/dtmsvr
# Samples: quick-start, workflow, msg-outbox, redis-stock, barrier-mybatis, tcc-feign, xa (see samples/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
list() { ls samples | grep -v -x -e pom.xml -e README.md -e sample-support -e target | tr '\n' ' '; }
name=${1:?"name a sample: $(list)"}
shift
[ -f "samples/$name/pom.xml" ] && [ "$name" != sample-support ] || { echo "no sample '$name' (samples: $(list))" >&2; exit 2; }
./mvnw -q -B -ntp -DskipTests -Dcheckstyle.skip -Dmaven.javadoc.skip -pl "samples/$name" -am install
exec java -jar "samples/$name/target/$name.jar" "$@"
