import { blackhole } from "./blackhole.ts";
import { concurrency } from "./concurrency.ts";
import { crashRestart } from "./crash-restart.ts";
import type { Experiment } from "./experiment.ts";
import { frontier } from "./frontier.ts";
import { incident } from "./incident.ts";
import { partialDisconnect } from "./partial-disconnect.ts";
import { restartLoading } from "./restart-loading.ts";
import { rolling } from "./rolling.ts";

export type { Experiment } from "./experiment.ts";

/** Every named experiment, in the order `--all` runs them. */
export const experiments: readonly Experiment[] = [incident, frontier, partialDisconnect, concurrency, blackhole, crashRestart, restartLoading, rolling];
