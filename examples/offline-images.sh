#!/usr/bin/env bash
# Builds, without any registry, the image tags the examples use: busybox:1.36 and busybox:latest.
#
# The examples are meant to run on a machine that cannot pull from Docker Hub (CI, air-gapped hosts). Instead of
# pulling, this script makes an equivalent image locally: FROM scratch + the static busybox binary of the host
# (Debian/Ubuntu package `busybox-static`), with `busybox --install -s /bin` creating the applet links
# (sh, sleep, nc, httpd, wget, ...). The result is ~2 MB and behaves like the official busybox image for the
# commands the examples run. The host's busybox version may differ from the tag (bookworm ships 1.35); the tag only
# has to match what the example stack files name.
#
# Idempotent: an existing busybox:1.36 is kept unless --force is given (a real pulled image is never overwritten
# by accident). Needs: a running Docker Engine and /usr/bin/busybox (apt-get install busybox-static).
set -euo pipefail

TAGS=(busybox:1.36 busybox:latest)
BUSYBOX_BIN=${BUSYBOX_BIN:-/usr/bin/busybox}
FORCE=false
[[ "${1:-}" == "--force" ]] && FORCE=true

if ! $FORCE && docker image inspect "${TAGS[0]}" >/dev/null 2>&1; then
  for tag in "${TAGS[@]:1}"; do
    docker image inspect "$tag" >/dev/null 2>&1 || docker tag "${TAGS[0]}" "$tag"
  done
  echo "offline-images: ${TAGS[*]} already present"
  exit 0
fi

if [[ ! -x "$BUSYBOX_BIN" ]]; then
  echo "offline-images: $BUSYBOX_BIN not found; install it with: apt-get install busybox-static" >&2
  exit 1
fi
# A dynamically linked busybox would not run in a FROM scratch image.
if ldd "$BUSYBOX_BIN" >/dev/null 2>&1; then
  echo "offline-images: $BUSYBOX_BIN is dynamically linked; the static build (busybox-static) is needed" >&2
  exit 1
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$BUSYBOX_BIN" "$context/busybox"
cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "sh", "-c", "mkdir -p /tmp /var/tmp /root && chmod 1777 /tmp /var/tmp"]
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["sh"]
DOCKERFILE

tag_args=()
for tag in "${TAGS[@]}"; do tag_args+=(-t "$tag"); done
# DOCKER_BUILDKIT=0: the classic builder needs no buildx plugin and never tries to reach a registry for FROM scratch.
# Its output (including a deprecation notice on newer CLIs) is only shown when the build fails.
if ! output=$(DOCKER_BUILDKIT=0 docker build -q "${tag_args[@]}" "$context" 2>&1); then
  printf '%s\n' "$output" >&2
  echo "offline-images: docker build failed" >&2
  exit 1
fi
echo "offline-images: built ${TAGS[*]} from $BUSYBOX_BIN"
