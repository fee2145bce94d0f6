# syntax=docker/dockerfile:1
# One image per service, all from this file: `docker build -f deploy/docker/service.Dockerfile
# --build-arg APP=<name> --build-arg HTTP_PORT=<port> -t edubase/<name> .` (context: the repository root). One file rather than one per
# service because every service is built the same way from the one lockfile by tools/build.mjs; a copy per
# service would differ only in APP. Web apps a service or gateway serves (cockpit-web, console-web) are built
# into its image (tools/build.mjs builds every app into dist/apps).
ARG NODE_IMAGE=node:24.11-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP
# The service's HTTP_PORT default (its config class): what the HEALTHCHECK asks when none is set.
ARG HTTP_PORT
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    APP=${APP} \
    DEFAULT_HTTP_PORT=${HTTP_PORT}
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist/libs ./dist/libs
COPY --from=build --chown=root:root /src/dist/apps ./dist/apps
COPY --from=build --chown=root:root /src/tools/db ./tools/db
# The files belong to root and are read-only to the process; it runs as `node` (uid 1000) with a
# read-only root filesystem (Kubernetes mounts an emptyDir on /tmp).
USER node
# HTTP_PORT comes from the service's config class default or the environment (deploy/k8s ConfigMaps).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||process.env.DEFAULT_HTTP_PORT)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/bin/sh", "-c", "exec node -r ./dist/libs/platform/telemetry/src/preload.js dist/apps/${APP}/src/main.js"]
