# syntax=docker/dockerfile:1
# The mstream host as a container image, with the dashboard and every bundled plugin.
#   docker build -t mstream .
#   docker run -e MSTREAM_API_TOKEN=$(openssl rand -hex 24) -v mstream-data:/data -p 127.0.0.1:8719:8719 mstream
# See docs/deploy.md. test/deploy/dockerfile-build.test.ts runs these steps without Docker, so keep
# RUN lines to commands that work in a plain folder (relative paths) unless that test skips them.

# --- build: the whole workspace with its dev tools (TypeScript, Vite) ---
FROM node:20-bookworm-slim AS build
WORKDIR /src
# Manifests first, so the npm ci layer is reused until a package.json or the lockfile changes.
# One line per workspace (COPY with a wildcard would flatten the folders).
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
COPY host/package.json host/
COPY dashboard/package.json dashboard/
COPY packages/mstream/package.json packages/mstream/
COPY plugins/datagen/package.json plugins/datagen/
COPY plugins/file/package.json plugins/file/
COPY plugins/http/package.json plugins/http/
COPY plugins/kafka/package.json plugins/kafka/
COPY plugins/mongodb/package.json plugins/mongodb/
COPY plugins/pubsub/package.json plugins/pubsub/
COPY plugins/schema-registry/package.json plugins/schema-registry/
COPY plugins/udf/package.json plugins/udf/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Each package as it would be published, plus production dependencies only (see the script).
RUN node deploy/docker/runtime-tree.mjs .runtime

# --- runtime: Node and the runtime tree, nothing else ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    MSTREAM_DATA_DIR=/data \
    MSTREAM_API_HOST=0.0.0.0 \
    MSTREAM_API_PORT=8719
WORKDIR /app
# Owned by root and not writable by the user the host runs as: only /data (and /tmp) are.
COPY --from=build /src/.runtime ./
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.mjs deploy/docker/
# 1000 is the base image's `node` user. /etc/mstream is where a config is mounted.
RUN mkdir -p /data /etc/mstream && chown 1000:1000 /data
# Numeric, so Kubernetes' runAsNonRoot can verify it without looking up a name.
USER 1000:1000
# The embedded store: jobs, services, checkpoints, dead letters, the key, installed plugins.
VOLUME ["/data"]
EXPOSE 8719
# Liveness only: /health answers as soon as the port is open; /ready is for load balancers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/deploy/docker/healthcheck.mjs"]
# SIGTERM starts the graceful drain (in-flight batches finish, within shutdown_timeout_ms,
# default 10 s): give `docker stop` more than that, e.g. `docker stop -t 30`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]
CMD ["start"]
