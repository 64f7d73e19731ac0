import { GO_MOD_MIN, GO_REDIS_RANGES, GO_REDIS_UNRELEASED, type GoRedisTraits } from "./go-redis-versions.ts";
import { DEFAULT_GO_VERSION, goMinor, goRedisOptions, type GoVersion } from "./go-redis.ts";
import { profiles } from "./index.ts";
import type { ProfileOptions } from "./profile.ts";
import { REDIS_PY_RANGES } from "./redis-py-versions.ts";
import { compareVersions, formatRange, maybeVersion, type Version } from "./semver.ts";

export type VersionedClient = "go-redis" | "redis-py";

/**
 * One behaviour bundle: a client's version range over which everything poolsim models is the
 * same. `profile: "go-redis@9.16.0"` resolves to the bundle whose [first, next) holds 9.16.0.
 */
export interface VersionBundle {
  client: VersionedClient;
  first: string;
  next: string;
  /** The range as people say it: "v9.15.1–v9.16.x". */
  range: string;
  /** The name a scenario can use for the whole bundle: client@first. */
  name: string;
  /** The older profile name that means this bundle, if any. */
  alias: string | null;
  /** The commit or release that starts the range, and what changed there. */
  since: string;
  goRedis: GoRedisTraits | null;
  /** Options for clients that do not depend on the Go version. */
  options: ProfileOptions | null;
}

const GO_REDIS_ALIASES: Record<string, string> = { "9.5.1": "go-redis-9.5.3", "9.5.4": "go-redis-9.5.4", "9.7.0": "go-redis-9.7", "9.15.1": "go-redis-9.15", "9.22.0": "go-redis-9.22" };
const REDIS_PY_ALIASES: Record<string, string> = { "8.0.0": "redis-py" };

/** Every bundle, go-redis then redis-py, oldest first. */
export const VERSION_BUNDLES: readonly VersionBundle[] = [
  ...GO_REDIS_RANGES.map((r) => bundle("go-redis", r.first, r.next, GO_REDIS_ALIASES[r.first] ?? null, r.since, r.traits, null)),
  ...REDIS_PY_RANGES.map((r) => bundle("redis-py", r.first, r.next, REDIS_PY_ALIASES[r.first] ?? null, r.since, null, r.options)),
];

/** Names a scenario can pick from a list: one per bundle (aliases are listed with the profiles). */
export const VERSIONED_PROFILE_NAMES: readonly string[] = VERSION_BUNDLES.map((b) => b.name);

/** Go releases a scenario may name as the one that built a Go client; later ones behave as the last. */
export const GO_VERSIONS = ["1.18", "1.19", "1.20", "1.21", "1.22", "1.23", "1.24", "1.25"] as const;

/** How a redis-py client got its pool: built by redis.Redis(...) itself, or by hand and passed in. */
export const REDIS_PY_POOLS = ["own", "hand-built"] as const;

export { DEFAULT_GO_VERSION };

/**
 * How the client was built, beyond its version: the scenario's top-level goVersion and
 * redisPyPool. A profile's options depend on these, so they are read before the profile is laid
 * under the scenario.
 */
export interface ClientBuild {
  goVersion: GoVersion;
  redisPyPool: (typeof REDIS_PY_POOLS)[number];
}

export const DEFAULT_BUILD: ClientBuild = { goVersion: DEFAULT_GO_VERSION, redisPyPool: "own" };

/** The build fields of raw scenario options; an invalid one falls back here and is reported by the resolver. */
export function clientBuildOf(read: (key: string) => unknown): ClientBuild {
  const go = read("goVersion");
  const pool = read("redisPyPool");
  return {
    goVersion: (GO_VERSIONS as readonly unknown[]).includes(go) ? (go as GoVersion) : DEFAULT_BUILD.goVersion,
    redisPyPool: (REDIS_PY_POOLS as readonly unknown[]).includes(pool) ? (pool as ClientBuild["redisPyPool"]) : DEFAULT_BUILD.redisPyPool,
  };
}

/** The bundle a profile name means: an alias, a bundle name or client@version; null if none. */
export function findBundle(name: string): VersionBundle | null {
  const aliased = VERSION_BUNDLES.find((b) => b.alias === name);
  if (aliased) return aliased;
  const at = parseVersioned(name);
  if (at === null) return null;
  return VERSION_BUNDLES.find((b) => b.client === at.client && within(at.version, b)) ?? null;
}

/**
 * The scenario options a profile name stands for, for a client built as `build` says (go-redis
 * reads goVersion, redis-py redisPyPool); null when the name is not a profile (profileNameProblem
 * says why).
 */
export function profileOptionsFor(name: string, build: ClientBuild = DEFAULT_BUILD): ProfileOptions | null {
  const b = findBundle(name);
  if (b !== null && b.goRedis !== null) return goRedisOptions(b.goRedis, build.goVersion);
  if (b !== null) return b.client === "redis-py" && build.redisPyPool === "hand-built" ? handBuiltPool(b.options!) : b.options;
  return Object.hasOwn(profiles, name) ? profiles[name as keyof typeof profiles].options : null;
}

/**
 * A redis-py ConnectionPool built by hand and passed to redis.Redis(connection_pool=...): its
 * connections are made from the pool's own kwargs, where `retry` defaults to None, so each gets
 * Retry(NoBackoff(), 0) (redis/connection.py AbstractConnection.__init__ at v8.0.0; the client's
 * own Retry is not used: "When 'connection_pool' is provided - the retry configuration of the
 * provided pool will be used", redis/client.py Redis.__init__).
 */
function handBuiltPool(options: ProfileOptions): ProfileOptions {
  return { ...options, retry: { ...(options.retry as object), maxRetries: 0, backoff: "none" } };
}

/**
 * Why `value` is not a profile name, as the rest of a sentence starting with the field's path;
 * null when it is one.
 */
export function profileNameProblem(value: unknown): string | null {
  if (typeof value === "string" && profileOptionsFor(value) !== null) return null;
  const shown = JSON.stringify(value) ?? String(value);
  const at = typeof value === "string" ? value.split("@") : [];
  const supported = (c: VersionedClient) => supportedSpans(c).join(", ");
  if (at.length === 2 && (at[0] === "go-redis" || at[0] === "redis-py")) {
    const client = at[0] as VersionedClient;
    const why = GO_REDIS_UNRELEASED[at[1].replace(/^v/, "")] ?? (maybeVersion(at[1]) === null ? `"${at[1]}" is not a release version such as 9.16.0 (pre-releases and pseudo-versions are not modelled)` : `${client} ${at[1]} is outside every modelled range`);
    return `names an unsupported ${client} version; got ${shown}: ${why}. Supported: ${client}@<version> for ${supported(client)}`;
  }
  return `must be one of ${Object.keys(profiles).join(", ")}, or go-redis@<version> (${supported("go-redis")}) or redis-py@<version> (${supported("redis-py")}); got ${shown}`;
}

/** Problems between a profile and the Go said to build it: go.mod's `go` line is a minimum. */
export function profileConflicts(name: string, goVersion: GoVersion): string[] {
  const at = parseVersioned(name);
  const b = findBundle(name);
  if (b === null || b.client !== "go-redis") return [];
  const version = at?.version ?? maybeVersion(b.first)!;
  const need = [...GO_MOD_MIN].reverse().find((m) => compareVersions(version, maybeVersion(m.first)!) >= 0);
  if (need === undefined || goMinor(goVersion) >= goMinor(need.go)) return [];
  const which = at ? `go-redis ${at.text}` : `${name} (go-redis ${b.range})`;
  return [`goVersion ${goVersion} cannot build ${which}: its go.mod needs Go ${need.go} or newer; pick goVersion ≥ ${need.go}`];
}

/** A client's supported versions as maximal runs of adjacent bundles: "v9.0.3–v9.14.x", "v9.15.1–v9.22.x". */
export function supportedSpans(client: VersionedClient): string[] {
  const spans: { first: string; next: string }[] = [];
  for (const b of VERSION_BUNDLES.filter((x) => x.client === client)) {
    const last = spans.at(-1);
    if (last !== undefined && last.next === b.first) last.next = b.next;
    else spans.push({ first: b.first, next: b.next });
  }
  return spans.map((s) => formatRange(maybeVersion(s.first)!, maybeVersion(s.next)!));
}

function bundle(client: VersionedClient, first: string, next: string, alias: string | null, since: string, goRedis: GoRedisTraits | null, options: ProfileOptions | null): VersionBundle {
  return { client, first, next, range: formatRange(maybeVersion(first)!, maybeVersion(next)!), name: `${client}@${first}`, alias, since, goRedis, options };
}

function parseVersioned(name: string): { client: VersionedClient; version: Version; text: string } | null {
  const m = /^(go-redis|redis-py)@(.+)$/.exec(name);
  const version = m ? maybeVersion(m[2]) : null;
  return m && version ? { client: m[1] as VersionedClient, version, text: m[2] } : null;
}

function within(v: Version, b: VersionBundle): boolean {
  return compareVersions(v, maybeVersion(b.first)!) >= 0 && compareVersions(v, maybeVersion(b.next)!) < 0;
}
