/**
 * The generic-pool harness's settings, apart from the client so the comparison (which must not
 * load the real libraries) builds the matching poolsim scenario from the same numbers.
 */
export const POOL_SIZE = 10;
/** Retries after the first attempt, with go-redis's backoff (internal/internal.go RetryBackoff). */
export const MAX_RETRIES = 3;
export const MIN_BACKOFF_MS = 8;
export const MAX_BACKOFF_MS = 512;
/** generic-pool acquireTimeoutMillis: a waiting acquire rejects after this. */
export const ACQUIRE_TIMEOUT_MS = 4000;
