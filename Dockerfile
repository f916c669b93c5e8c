# syntax=docker/dockerfile:1
# Three stages. build: every dependency, the generated code (Prisma client, Pothos and OCPP types) and the web app.
# deps: the production dependencies alone. runtime: those, the TypeScript sources (run by tsx, a production dependency
# like the Prisma CLI that applies migrations at start), the generated code and the built web app, as the unprivileged
# user `node`. Every stage is node:24-trixie-slim: Node 24 LTS (the major in .nvmrc, the one CI tests) on Debian 13.
# `npm ci --ignore-scripts`: native parts (esbuild, argon2, rolldown) come as platform packages, Prisma's engines are
# never downloaded (WASM, see README), and the project's "prepare" script (git hooks) has no place in an image.

FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run generate && npm run build:web

FROM node:24-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM node:24-trixie-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    OCPP_PORT=9000 \
    DATA_DIR=/app/data
WORKDIR /app
# What runs belongs to root and is read-only to the app; only DATA_DIR (the embedded database, used when
# DATABASE_URL is unset) is the app's to write.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs scripts/healthcheck.mjs ./scripts/
# The server's sources only: the simulator (tools/), tests and benchmarks are development code, kept out of the
# build context by .dockerignore, as ocpp-rpc (a development dependency) is kept out of node_modules.
COPY src ./src
COPY --from=build /app/src/generated ./src/generated
COPY --from=build /app/web/dist ./web/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8000 9000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# SIGTERM: chargers are closed with 1001 and the audit log is written before the process exits (src/main.ts).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
