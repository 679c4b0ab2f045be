#!/usr/bin/env bash
# Lays out the root file system the image adds on top of "scratch": a Java runtime made by jlink with only the
# modules dtm-server needs, under /opt/java, the shared libraries that runtime loads (copied from this machine,
# found with ldd), and the writable /data and /tmp directories.
#   build-runtime.sh OUTPUT_DIR
set -euo pipefail
out="$1"
rm -rf "$out"
mkdir -p "$out/data" "$out/tmp" "$out/etc"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "[image] jlink not found under $java_home (set JAVA_HOME to a JDK 17)" >&2; exit 1; }
modules=java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported
modules="$modules,jdk.crypto.ec,jdk.zipfs,java.security.jgss,jdk.localedata"
"$jlink" --add-modules "$modules" --include-locales=en --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/java"
# the libraries of the runtime's executables and native libraries, with the dynamic loader
libs=$( (ldd "$out/opt/java/bin/java"; find "$out/opt/java/lib" -name '*.so' -exec ldd {} \;) 2>/dev/null \
  | grep -oE '/[^ ]+\.so[^ ]*' | sort -u)
for lib in $libs; do
  case "$lib" in "$out"*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
# a passwd entry for the unprivileged user the image runs as (65532), for tools that look it up
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/data:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
echo "[image] runtime laid out in $out ($(du -sh "$out" | cut -f1))"
