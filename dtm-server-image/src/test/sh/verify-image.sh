#!/usr/bin/env bash
# Checks the image tarball without a container engine: unpacks its layers into a directory, then runs the image's
# entrypoint there under chroot as the image's user (65532): the version flag, then the server itself, which must
# answer ping and run a saga to "succeed" on its embedded store under /data.
#   verify-image.sh IMAGE_TAR WORK_DIR
set -euo pipefail
tar_file="$1"
work="$2"
fail() { echo "[image] FAILED: $*" >&2; exit 1; }
[ -f "$tar_file" ] || fail "no image tarball at $tar_file (run the package phase first)"
rm -rf --one-file-system "$work"
mkdir -p "$work/tar" "$work/root"
tar --warning=no-unknown-keyword -xf "$tar_file" -C "$work/tar"
index="$work/tar/index.json"
[ -f "$index" ] || fail "$tar_file is not an OCI layout (no index.json)"
digest_file() { echo "$work/tar/blobs/sha256/${1#sha256:}"; }
manifest=$(digest_file "$(grep -oE '"digest" *: *"sha256:[0-9a-f]+"' "$index" | head -1 | grep -oE 'sha256:[0-9a-f]+')")
layers=$(tr -d '\n ' < "$manifest" | grep -oE '"layers":\[[^]]*\]' | grep -oE 'sha256:[0-9a-f]+')
[ -n "$layers" ] || fail "no layers in the image manifest $manifest"
for layer in $layers; do
  tar --warning=no-unknown-keyword -xzf "$(digest_file "$layer")" -C "$work/root"
done
# The image's JVM options are the measured defaults of the standalone server.
config=$(digest_file "$(tr -d '\n ' < "$manifest" | grep -oE '"config":\{[^}]*\}' | grep -oE 'sha256:[0-9a-f]+')")
jvm_options=$(grep -oE '"JDK_JAVA_OPTIONS=[^"]*"' "$config" | sed -e 's/^"JDK_JAVA_OPTIONS=//' -e 's/"$//')
expected=$(cat "$(dirname "$0")/../../../../dtm-server/src/main/dist/jvm.options")
[ "$jvm_options" = "$expected" ] || fail "the image sets JDK_JAVA_OPTIONS='$jvm_options', but dtm-server/src/main/dist/jvm.options says '$expected'"
# Run like a container runtime would: private mount and pid namespaces with /proc and /dev mounted, the
# environment of the image's config, and the image's user (65532) when we are root.
command -v chroot > /dev/null && command -v unshare > /dev/null || fail "chroot and unshare are needed"
mkdir -p "$work/root/proc" "$work/root/dev"
userspec=--userspec=65532:65532
map=()
if [ "$(id -u)" != 0 ]; then
  userspec=
  map=(-r)
fi
in_image() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin STORE_DATA_DIR=/data JDK_JAVA_OPTIONS="$jvm_options" "$@" unshare "${map[@]}" --mount --pid --fork \
    --kill-child bash -c 'root=$1; shift; mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" &&
      exec chroot $USERSPEC "$root" /opt/java/bin/java -cp @/app/jib-classpath-file io.dtm4j.server.Main "$@"' \
    - "$work/root" "${ARGS[@]}"
}
export USERSPEC="$userspec"
ARGS=(-v)
version=$(in_image USERSPEC="$userspec" 2>&1) || fail "the image's java could not run (missing library?): $version"
case "$version" in *dtm4j*) ;; *) fail "-v printed '$version', expected the dtm4j server version" ;; esac
# A port nothing listens on, below Linux's ephemeral range (32768+), where outgoing connections of other builds
# could take it between this check and the server's bind.
port=
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 12000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || fail "no free port found in 20000-31999"
ARGS=()
in_image USERSPEC="$userspec" HTTP_PORT="$port" > "$work/server.log" 2>&1 &
server=$!
# $server is the subshell; the server is the child of unshare (whose command line names $work/root), which forwards
# no SIGTERM, and --kill-child does not reach it once chroot has changed its user. So stop that child itself: then
# unshare exits too, and nothing outlives the check.
stop_server() {
  local u
  for u in $(pgrep -f -- "unshare.*$work/root"); do
    pkill -TERM -P "$u" || true
  done
  kill $server 2>/dev/null || true
}
trap stop_server EXIT
url="http://127.0.0.1:$port/api"
for _ in $(seq 1 100); do
  curl -sf "$url/ping" > /dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || fail "the server in the image exited; its log: $(cat "$work/server.log")"
  sleep 0.2
done
curl -sf "$url/ping" | grep -q pong || fail "no answer to ping on port $port; log: $(cat "$work/server.log")"
gid="image-check-$RANDOM"
body='{"gid":"'$gid'","trans_type":"saga","wait_result":true,"steps":[{"action":"","compensate":""}],"payloads":["{}"]}'
curl -sf -H 'Content-Type: application/json' -d "$body" "$url/dtmsvr/submit" > /dev/null \
  || fail "submit of a saga to the server in the image failed; log: $(cat "$work/server.log")"
curl -sf "$url/dtmsvr/query?gid=$gid" | grep -q '"status":"succeed"' \
  || fail "saga $gid did not succeed: $(curl -s "$url/dtmsvr/query?gid=$gid")"
[ -f "$work/root/data/dtm.mv.db" ] || fail "the embedded store was not written under /data"
echo "[image] OK: $version; $(du -h "$tar_file" | cut -f1) tarball; a saga ran to succeed on the image's server"
