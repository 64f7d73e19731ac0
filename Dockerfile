# poolsim's command line in a container: the image the README's Kubernetes Indexed Job runs.
#   docker build -t poolsim .
#   docker run --rm poolsim run experiments/scenarios/incident.json --reps 100
# The CLI runs as JavaScript built by `npm run build:lib` (TypeScript and tsx are devDependencies),
# so the final stage holds only the production dependencies.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.lib.json ./
COPY sim sim
COPY library library
COPY experiments experiments
RUN npm run build:lib

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/lib lib
COPY experiments/scenarios experiments/scenarios
COPY experiments/sweeps experiments/sweeps
COPY schema schema
ENTRYPOINT ["node", "lib/experiments/cli.js"]
