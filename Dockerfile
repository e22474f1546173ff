# One image for every slawatch service; compose picks the service by command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY test/package.json ./test/package.json
COPY bench/package.json ./bench/package.json
RUN npx -y pnpm@10 install --frozen-lockfile \
 && npx tsc -b \
 && node --import tsx services/escalation/console/build.ts \
 && npx -y pnpm@10 prune --prod

FROM node:20-bookworm-slim
ENV NODE_ENV=production LOG_FORMAT=json HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app ./
COPY standards ./standards
COPY escalation ./escalation
USER node
CMD ["node", "services/monitor/dist/main.js"]
