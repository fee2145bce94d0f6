# syntax=docker/dockerfile:1
# A web app that no service serves (a static single-page app, e.g. console-web): `docker build -f
# deploy/docker/web.Dockerfile --build-arg APP=<name> -t edubase/<name> .` from the repository root.
# Built with Node 24 from the lockfile like the services; served by unprivileged nginx, since the
# runtime only hands out files (no Node process, nothing to patch but nginx).
ARG NODE_IMAGE=node:24.11-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.29-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs

FROM ${NGINX_IMAGE} AS runtime
ARG APP
COPY deploy/docker/web-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist/apps/${APP} /usr/share/nginx/html
# uid 101 (nginx), listening on 8080; pid and temporary files go to /tmp (an emptyDir in Kubernetes), so
# the root filesystem stays read-only.
USER 101
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health/live"]
