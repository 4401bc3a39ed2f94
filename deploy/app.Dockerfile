# One image recipe for every app: docker build -f deploy/app.Dockerfile --build-arg APP=mcp-server .
# Each app builds to one self-contained bundle (scripts/bundleApp.mjs), so the image is Node + one file,
# plus the native addons the bundle leaves external (better-sqlite3, for apps that depend on it).
FROM node:20-bookworm-slim AS build
ARG APP
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter "@nc-mcp/${APP}" build
# A native addon cannot be bundled: install it on its own, on the same base image as the runtime stage
# (glibc, Node ABI), for an app that lists it. Keep the version equal to the lockfile's. Other apps get
# an empty node_modules.
RUN mkdir -p /runtime/node_modules \
  && if grep -q '"better-sqlite3"' "apps/${APP}/package.json"; then \
    npm install --prefix /runtime --omit=dev --no-save --no-audit --no-fund better-sqlite3@12.11.1; \
  fi

FROM node:20-bookworm-slim
ARG APP
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /runtime/node_modules /app/node_modules
COPY --from=build /repo/apps/${APP}/dist /app/dist
# Writable by the app user: the token broker's vault defaults to ./data/broker (BROKER_DATA_DIR).
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
USER node
CMD ["node", "--enable-source-maps", "dist/index.js"]
