#!/usr/bin/env bash
# Runs the standalone DTM server (builds its jar first when missing) with the JVM options it is measured with:
# dtm-server/src/main/dist/jvm.options (a 96 MB heap and a small footprint; see docs/performance.md). Set
# DTM_SERVER_JVM_OPTS to replace them. Configuration comes from the environment (HTTP_PORT, STORE_DRIVER, ...) and
# the arguments go to the server, e.g.
#   scripts/server.sh                    # port 36789, embedded H2 store in ./data
#   STORE_DRIVER=mysql STORE_HOST=127.0.0.1 STORE_USER=root scripts/server.sh
#   scripts/server.sh -c conf.yml
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/dtm-server/target/dtm-server.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B -ntp -pl dtm-server -am package -DskipTests)
fi
read -r -a options <<< "${DTM_SERVER_JVM_OPTS:-$(cat "$root/dtm-server/src/main/dist/jvm.options")}"
exec java "${options[@]}" -jar "$jar" "$@"
