# syntax=docker/dockerfile:1
# OrleansSearch silo: one Orleans silo (grains, document store client, /health, /metrics, /dashboard).
# Build from the repository root (the context needs src/ and the Directory.*.props):
#   docker build -f deploy/docker/silo.Dockerfile -t orleans-search-silo .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# The whole src/ tree rather than csproj-first restore layers: the project graph is still moving
# (runtime migration), and a stale list of csproj COPY lines would break the build silently.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# No trimming: trimming breaks Orleans (the ADO.NET invariant "Npgsql" is found by reflection).
# No apphost: the entrypoint is `dotnet <dll>`, so the image does not depend on the build RID.
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /out --nologo \
      -p:PublishTrimmed=false -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS silo
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="orleans-search-silo" \
      org.opencontainers.image.description="OrleansSearch silo: index shards, cache entries and rate limiters as Orleans grains" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://example.invalid/orleans-search" \
      org.opencontainers.image.licenses="UNLICENSED"
WORKDIR /app
COPY --from=build /out/ ./
# Numeric uid/gid (the aspnet image's "app" user is 1654): Kubernetes' runAsNonRoot can only verify
# a numeric USER, and the image needs no passwd entry for it.
USER 1654:1654
# Containers listen on every interface; the advertised address (what other silos dial) is set per
# container (compose: the service name; Kubernetes: status.podIP).
# /tmp is the only path the process writes (diagnostics IPC socket, ASP.NET temp files): mount a
# tmpfs/emptyDir there and run with a read-only root filesystem.
ENV Urls=http://0.0.0.0:8081 \
    Silo__ListenAddress=0.0.0.0 \
    Silo__Port=11111 \
    Silo__GatewayPort=30000 \
    Logging__Console__FormatterName=json \
    TMPDIR=/tmp \
    DOTNET_NOLOGO=1
# 8081 HTTP (health, metrics, dashboard); 11111 silo-to-silo; 30000 Orleans client gateway.
EXPOSE 8081 11111 30000
# The aspnet image has no curl/wget: bash's /dev/tcp speaks just enough HTTP/1.0 for a liveness probe.
# The port is taken from Urls (one http://host:port address), so overriding Urls keeps it working.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "IFS=: read -r _ _ port <<< \"$Urls\"; exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM starts the graceful stop (grains deactivate, snapshots written, leaves membership) within
# 45 s: give the container at least 60 s (docker stop -t 60, terminationGracePeriodSeconds: 60).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "OrleansSearch.Silo.dll"]
