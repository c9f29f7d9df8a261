#!/usr/bin/env bash
# Builds the UNMODIFIED Dockerfiles of deploy/docker with podman and checks the containers answer
# /health/live; with PostgreSQL installed, also runs a 2-silo + gateway cluster of the images. Slow (a debootstrap the first time, then two `dotnet publish` runs): NOT part of
# scripts/test.sh; run it by hand after changing deploy/docker or the projects' publish output.
#
# Base images cannot be pulled here, so this script makes stand-ins and imports them under the
# Dockerfiles' FROM names, then builds with --pull=never:
#   mcr.microsoft.com/dotnet/sdk:10.0     Debian bookworm minbase + this machine's .NET SDK
#   mcr.microsoft.com/dotnet/aspnet:10.0  Debian bookworm minbase + this machine's .NET and ASP.NET Core runtimes
# They hold the same things at the same paths (/usr/share/dotnet, /usr/bin/dotnet) as the real
# images, but they are NOT the real images: sizes are indicative only.
#
# usage: scripts/image-check.sh            (as root; installs podman/buildah/debootstrap from Debian)
# env:   IMAGE_CHECK_CACHE  stand-in rootfs and containers.conf (default ~/.cache/orleans-search/image-check)
#        KEEP_CONTAINERS=1  leave the test containers running
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

cache=${IMAGE_CHECK_CACHE:-$HOME/.cache/orleans-search/image-check}
mkdir -p "$cache"
log() { printf 'image-check: %s\n' "$*" >&2; }

packages=(podman buildah runc uidmap slirp4netns fuse-overlayfs debootstrap)
missing=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || { log "missing Debian packages: ${missing[*]} (run as root)"; exit 2; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# podman on these machines: runc (crun is not installed) and explicit ulimits (the defaults
# podman derives fail inside the build sandbox).
export CONTAINERS_CONF=$cache/containers.conf
cat > "$CONTAINERS_CONF" <<'CONF'
[engine]
runtime = "runc"
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
CONF

# --- stand-in base images -----------------------------------------------------------------------
rootfs=$cache/rootfs
if [[ ! -d $rootfs ]]; then
  log "debootstrap bookworm minbase into $rootfs (a few minutes, once)"
  rm -rf "$rootfs.tmp"
  debootstrap --variant=minbase bookworm "$rootfs.tmp" http://deb.debian.org/debian >"$cache/debootstrap.log"
  mv "$rootfs.tmp" "$rootfs"
fi
# What the real images add to Debian for .NET: ICU, OpenSSL, CA certificates, tzdata.
if [[ ! -f $rootfs/.dotnet-deps ]]; then
  log "installing .NET dependencies into the stand-in rootfs"
  chroot "$rootfs" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get install -y -qq --no-install-recommends \
    libicu72 libssl3 ca-certificates tzdata >/dev/null
  chroot "$rootfs" apt-get clean
  touch "$rootfs/.dotnet-deps"
fi
# This machine's CA bundle, in case its outbound HTTPS (NuGet) goes through an inspecting proxy.
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')

make_base() { # name, dotnet parts to copy (relative to dotnet_root)...
  local name=$1; shift
  if podman image exists "$name"; then return; fi
  log "importing stand-in $name"
  local stage; stage=$(mktemp -d)
  cp -a "$rootfs/." "$stage/"
  rm -f "$stage/.dotnet-deps"
  mkdir -p "$stage/usr/share/dotnet"
  local part
  for part in "$@"; do
    mkdir -p "$stage/usr/share/dotnet/$(dirname "$part")"
    cp -a "$dotnet_root/$part" "$stage/usr/share/dotnet/$part"
  done
  ln -sf /usr/share/dotnet/dotnet "$stage/usr/bin/dotnet"
  tar -C "$stage" -cf "$stage.tar" .
  # The real images' environment (DOTNET_VERSION and friends; APP_UID is the "app" user's id).
  podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV DOTNET_VERSION=$runtime_version" \
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true" \
    --change "ENV APP_UID=1654" \
    --change "ENV ASPNETCORE_HTTP_PORTS=8080" \
    --change "ENV NUGET_CERT_REVOCATION_MODE=offline" \
    --change "CMD [\"bash\"]" \
    "$stage.tar" "$name" >/dev/null
  rm -rf "$stage" "$stage.tar"
}
make_base mcr.microsoft.com/dotnet/sdk:10.0 dotnet host packs sdk sdk-manifests templates shared LICENSE.txt ThirdPartyNotices.txt
make_base mcr.microsoft.com/dotnet/aspnet:10.0 dotnet host shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App LICENSE.txt

# --- build the images from the unmodified Dockerfiles ------------------------------------------
# Host networking (the bridge would use private addresses); the host's NuGet cache mounted for the
# RUN steps so restore does not download everything again (a build-time volume, not a file change).
# --format docker keeps HEALTHCHECK (OCI image config has no field for it).
revision=$(git rev-parse --short HEAD)
build() { # tag, dockerfile, target
  log "building $1 ($2, target $3)"
  local started=$SECONDS
  nice -n 10 podman build --pull=never --network=host --format docker \
    --volume "$HOME/.nuget/packages:/root/.nuget/packages" \
    --build-arg VERSION=0.0.0-check --build-arg REVISION="$revision" \
    --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -f "$2" --target "$3" -t "$1" "$repo" >"$cache/build-${1//[:\/]/_}.log" 2>&1 \
    || { tail -n 40 "$cache/build-${1//[:\/]/_}.log" >&2; log "build of $1 FAILED"; return 1; }
  log "built $1 in $((SECONDS - started)) s"
}
status=0
build orleans-search-silo:check deploy/docker/silo.Dockerfile silo || status=1
build orleans-search-gateway:check deploy/docker/gateway.Dockerfile gateway || status=1
build orleans-search:check deploy/docker/gateway.Dockerfile embedded || status=1

podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'orleans-search|mcr.microsoft.com' >&2 || true

# --- run: do /health/live and /health/ready answer? --------------------------------------------------------------
# Read-only root, /tmp as tmpfs, like the chart. The gateway needs a key hash to listen on 0.0.0.0
# (an example hash of a throwaway string). Ports are moved off the defaults to stay clear of
# anything else on this host (host networking).
fake_hash=$(printf '%s' image-check-example-key | sha256sum | cut -d' ' -f1)
check_live() { # container name, port
  local name=$1 port=$2 deadline=$((SECONDS + 120))
  while ((SECONDS < deadline)); do
    if ! podman container exists "$name" || [[ $(podman inspect -f '{{.State.Running}}' "$name") != true ]]; then
      log "$name exited: $(podman inspect -f '{{.State.ExitCode}}' "$name" 2>/dev/null || echo '?')"
      podman logs --tail 20 "$name" >&2 2>&1 || true
      return 1
    fi
    if curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; then
      log "$name answers /health/live on $port"
      podman healthcheck run "$name" >/dev/null 2>&1 && log "$name: image HEALTHCHECK passes" || log "$name: image HEALTHCHECK fails"
      # Ready: the silo is Active and its store answers / the gateway reaches Active silos.
      while ((SECONDS < deadline)); do
        if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
          log "$name answers /health/ready on $port"
          return 0
        fi
        sleep 2
      done
      log "$name did not answer /health/ready within 120 s"; podman logs --tail 20 "$name" >&2 2>&1 || true
      return 1
    fi
    sleep 2
  done
  log "$name did not answer /health/live within 120 s"; podman logs --tail 20 "$name" >&2 2>&1 || true
  return 1
}
run() { # name, image, env...
  local name=$1 image=$2; shift 2
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman run -d --name "$name" --network=host --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges "$@" "$image" >/dev/null
}
if ((status == 0)); then
  # Embedded: one container, SQLite in a volume, sample corpus.
  podman volume create orleans-search-check-data >/dev/null 2>&1 || true
  run os-check-embedded orleans-search:check -v orleans-search-check-data:/data \
    -e Urls=http://0.0.0.0:18380 -e Auth__Keys__0__ClientId=check -e Auth__Keys__0__Sha256="$fake_hash" \
    -e Auth__Keys__0__Read__0='*' -e Auth__Keys__0__Write__0='*'
  check_live os-check-embedded 18380 || status=1
  # A silo alone (SQLite in /tmp: a cluster of one, no PostgreSQL needed).
  run os-check-silo orleans-search-silo:check -e Urls=http://0.0.0.0:18381 -e Silo__Port=18311 -e Silo__GatewayPort=18312 \
    -e Silo__AdvertisedAddress=127.0.0.1 -e Storage__Provider=Sqlite -e "Storage__ConnectionString=Data Source=/tmp/silo.db"
  check_live os-check-silo 18381 || status=1
fi

# --- a small cluster: 2 silo containers + 1 gateway container (Cluster mode) on PostgreSQL ------
# A throwaway PostgreSQL from Debian's postgresql package (trust auth on 127.0.0.1 only): write
# three documents, search them, stop one silo with SIGTERM (graceful, exit 0 expected) and search
# again. Skipped, and said so, when PostgreSQL is not installed.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if ((status == 0)) && [[ -n $pg_bin && $(id -u) -eq 0 ]]; then
  pg_dir=$(mktemp -d /tmp/os-check-pg.XXXXXX); chown postgres "$pg_dir"
  pg_port=15439
  su postgres -c "$pg_bin/initdb -D $pg_dir/data -U orleans --auth=trust >/dev/null \
    && $pg_bin/pg_ctl -D $pg_dir/data -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1' -l $pg_dir/log -w start >/dev/null \
    && $pg_bin/psql -h 127.0.0.1 -p $pg_port -U orleans -d postgres -qc 'create database orleans'"
  pg="Host=127.0.0.1;Port=$pg_port;Username=orleans;Database=orleans"
  for i in 1 2; do
    run os-check-silo-$i orleans-search-silo:check -e Urls=http://0.0.0.0:1839$i -e Silo__Port=1832$i \
      -e Silo__GatewayPort=1833$i -e Silo__Name=silo-$i -e Silo__AdvertisedAddress=127.0.0.1 \
      -e Storage__Provider=Postgres -e "Storage__ConnectionString=$pg"
  done
  run os-check-gateway orleans-search-gateway:check -e Urls=http://0.0.0.0:18388 \
    -e Storage__Provider=Postgres -e "Storage__ConnectionString=$pg" \
    -e Auth__Keys__0__ClientId=check -e Auth__Keys__0__Sha256="$fake_hash" \
    -e Auth__Keys__0__Read__0='*' -e Auth__Keys__0__Write__0='*'
  for container in os-check-silo-1:18391 os-check-silo-2:18392 os-check-gateway:18388; do
    check_live "${container%%:*}" "${container##*:}" || status=1
  done
  api() { curl -fsS -H 'Authorization: Bearer image-check-example-key' -H 'content-type: application/json' "$@"; }
  search() { api -d '{"query":"cluster","detail":"ids"}' http://127.0.0.1:18388/v1/indexes/check/search; }
  if ((status == 0)) \
    && api -d '{"name":"check","shards":4,"fields":[{"name":"title","type":"text"},{"name":"body","type":"text"}]}' \
         http://127.0.0.1:18388/v1/indexes >/dev/null \
    && api -d '{"documents":[{"id":"a","fields":{"title":"orleans silo","body":"virtual actors in a cluster"}},
         {"id":"b","fields":{"title":"postgres","body":"the document store"}},
         {"id":"c","fields":{"title":"helm chart","body":"deploy the cluster on kubernetes"}}]}' \
         http://127.0.0.1:18388/v1/indexes/check/documents >/dev/null \
    && search | grep -q '"total":2'; then
    log "cluster: 2 silos + gateway containers indexed and found 2 of 3 documents"
    started=$SECONDS
    podman stop -t 60 os-check-silo-1 >/dev/null 2>&1
    log "cluster: silo-1 stopped by SIGTERM in $((SECONDS - started)) s, exit code $(podman inspect -f '{{.State.ExitCode}}' os-check-silo-1)"
    sleep 3
    if search | grep -q '"total":2'; then log "cluster: search still answers from silo-2"; else log "cluster: search FAILED after silo-1 stopped"; status=1; fi
  else
    log "cluster: index/search through the gateway container FAILED"; status=1
  fi
  if [[ ${KEEP_CONTAINERS:-0} != 1 ]]; then
    podman rm -f os-check-silo-1 os-check-silo-2 os-check-gateway >/dev/null 2>&1 || true
    su postgres -c "$pg_bin/pg_ctl -D $pg_dir/data -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
else
  log "cluster check skipped (needs a successful build, root and Debian's postgresql package)"
fi

if [[ ${KEEP_CONTAINERS:-0} != 1 ]]; then
  podman rm -f os-check-embedded os-check-silo >/dev/null 2>&1 || true
fi
exit "$status"
