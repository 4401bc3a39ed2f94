# One image recipe for every app: docker build -f deploy/app.Dockerfile --build-arg APP=mcp-server .
FROM node:20-bookworm-slim AS build
ARG APP
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter "@nc-mcp/${APP}" build \
 && pnpm --filter "@nc-mcp/${APP}" deploy --prod --legacy /out \
 && cp -r "apps/${APP}/dist" /out/dist

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /out /app
USER node
CMD ["node", "dist/index.js"]
