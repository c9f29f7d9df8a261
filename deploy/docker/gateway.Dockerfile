# syntax=docker/dockerfile:1
# OrleansSearch gateway: MCP (/mcp) + REST (/v1). Two targets from one build:
#   gateway   Cluster mode (pass --target gateway: the last stage is embedded), an Orleans client of the silos
#   embedded  the one-container default: gateway co-hosting one silo on SQLite in /data, sample corpus
# Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile --target gateway  -t orleans-search-gateway .
#   docker build -f deploy/docker/gateway.Dockerfile --target embedded -t orleans-search .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Whole src/ tree: see silo.Dockerfile (the project graph is still moving).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# No trimming (breaks Orleans); no apphost (entrypoint is `dotnet <dll>`). The publish output
# carries SampleCorpus/debian-packages.jsonl.gz for the embedded target.
# The gateway references the Silo project (embedded mode); the silo keeps its appsettings.json to
# itself, so the file published here is the gateway's own (it has the "Gateway" section).
RUN dotnet publish src/McpGateway/McpGateway.csproj -c Release -o /out --nologo \
      -p:PublishTrimmed=false -p:UseAppHost=false \
 && grep -q '"Gateway"' /out/appsettings.json \
 && mkdir -p /empty-data

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS gateway
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="orleans-search-gateway" \
      org.opencontainers.image.description="OrleansSearch gateway: MCP and REST search API over an Orleans cluster" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://example.invalid/orleans-search" \
      org.opencontainers.image.licenses="UNLICENSED"
WORKDIR /app
COPY --from=build /out/ ./
# Numeric uid/gid so Kubernetes' runAsNonRoot can verify it (1654 = the aspnet image's "app").
USER 1654:1654
# Listening on 0.0.0.0 needs at least one API key hash (Auth__Keys__0__Sha256): without keys the
# gateway refuses non-loopback addresses and exits with code 2. Keys come from a Secret, never here.
# The embedding model cache must be writable; /tmp is the tmpfs/emptyDir of a read-only root.
ENV Urls=http://0.0.0.0:8080 \
    Gateway__Mode=Cluster \
    Embeddings__CacheDirectory=/tmp/models \
    Logging__Console__FormatterName=json \
    TMPDIR=/tmp \
    DOTNET_NOLOGO=1
EXPOSE 8080
# No curl in the aspnet image: bash's /dev/tcp is enough for one HTTP/1.0 request. The port is
# taken from Urls (one http://host:port address), so overriding Urls keeps the check working.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "IFS=: read -r _ _ port <<< \"$Urls\"; exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "OrleansSearch.McpGateway.dll"]

# The embedded default: same files, other settings. Everything it writes (SQLite store, sample-corpus
# completion marker, model cache) lives in the /data volume, so the root filesystem can stay read-only
# and a restarted container keeps its index.
FROM gateway AS embedded
LABEL org.opencontainers.image.title="orleans-search" \
      org.opencontainers.image.description="OrleansSearch embedded: gateway + one silo on SQLite with the Debian sample corpus"
ENV Gateway__Mode=Embedded \
    Gateway__DataDirectory=/data \
    Embeddings__CacheDirectory=/data/models
# A fresh named volume takes the ownership of the image's directory: create /data owned by the app
# user (copied from the build stage, so the runtime stage needs no shell) or SQLite cannot write.
COPY --from=build --chown=1654:1654 /empty-data /data
VOLUME ["/data"]
