#!/usr/bin/env bash
# Builds a new application the way the main README tells users to: the dtm4j BOM next to Spring Boot's, the
# starter, and dtm-test for its test. The published artifacts are installed into the local Maven repository first
# (the command of docs/install-locally.md). The application (build/consumer-check) runs a saga over its own
# @DtmBarrier steps on embedded defaults (in-memory H2, dtm-test's in-process server) with a duplicated delivery.
# Usage: scripts/consumer-check.sh [-Pboot4]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
profile="${1:-}"
./mvnw -B -ntp -q install -DskipTests $profile \
  -pl dtm4j-bom,dtm-client,dtm-spring-boot-starter,dtm-feign,dtm-barrier-mybatis,dtm-server,dtm-test -am
prop() { ./mvnw -B -ntp -q help:evaluate -N $profile -Dexpression="$1" -DforceStdout; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r build/consumer-check/. "$work/"
sed -i -e "s/@SPRING_BOOT@/$(prop spring-boot.version)/" -e "s/@DTM4J@/$(prop project.version)/" \
  -e "s/@COMPILER@/$(prop maven-compiler-plugin.version)/" -e "s/@SUREFIRE@/$(prop maven-surefire-plugin.version)/" \
  "$work/pom.xml"
./mvnw -B -ntp -f "$work/pom.xml" test
echo "[consumer-check] a new application builds and passes its test against the installed dtm4j artifacts"
