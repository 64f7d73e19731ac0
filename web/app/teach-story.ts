import { TEACH_KEYS } from "./state.ts";

/** The Teach tab's stories: the go-redis TLS check, or pooled against multiplexed clients. */
export type Story = "tls" | "compare";

/** The story a strategy key belongs to. */
export function storyOf(strategy: string): Story {
  return (TEACH_KEYS as readonly string[]).includes(strategy) ? "tls" : "compare";
}
