# NOT BUILT HERE: this project has no image registry and its tests do not build images. What it
# runs, the standalone server (`npm run build` → .next/standalone), is tested by
# tests/deploy/standalone-server.test.ts. See docs/deploy.md.

# --- dependencies and build (full toolchain) ---------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
# npm ci's postinstall generates the Prisma client from prisma/schema.prisma and installs
# tools/prisma-diff: both need the sources, so they are copied first.
COPY . .
RUN npm ci && npm run build

# --- release job: migrations (docker compose run --rm migrate) ---------------------------------
FROM build AS migrate
CMD ["npm", "run", "db:migrate"]

# --- runtime: the standalone folder only, as a non-root user -----------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app
COPY --from=build --chown=app:app /app/.next/standalone ./
USER app
EXPOSE 3000
# Liveness only (no I/O); route traffic by /api/health/ready at the load balancer.
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node as PID 1 receives SIGTERM itself: the app drains and exits 0 (docs/operations.md).
# docker stop's default 10 s grace equals SHUTDOWN_TIMEOUT_MS: use `stop_grace_period: 15s`.
CMD ["node", "server.js"]
