# One image recipe for every app: docker build -f deploy/app.Dockerfile --build-arg APP=mcp-server .
# Each app builds to one self-contained bundle (scripts/bundleApp.mjs), so the image is Node + one file.
FROM node:20-bookworm-slim AS build
ARG APP
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter "@nc-mcp/${APP}" build

FROM node:20-bookworm-slim
ARG APP
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /repo/apps/${APP}/dist /app/dist
USER node
CMD ["node", "--enable-source-maps", "dist/index.js"]
