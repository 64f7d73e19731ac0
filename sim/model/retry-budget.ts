import type { BudgetParams } from "./params.ts";

/**
 * A retry budget in front of every retry: it sees each attempt's outcome and may refuse a retry.
 * Plain numbers only, reset per run.
 */
export interface RetryBudgetState {
  /** A new command arrived (ratio budgets count requests). */
  onRequest(nowUs: number): void;
  /** An attempt failed. */
  onFailure(nowUs: number): void;
  /** An attempt succeeded; `heldCost` is what its retry took from the budget (0 for a first attempt). */
  onSuccess(nowUs: number, heldCost: number): void;
  /** Asks for a retry now: the cost it holds (≥ 0), or −1 when refused. */
  tryRetry(nowUs: number, afterTimeout: boolean): number;
}

const unlimited: RetryBudgetState = { onRequest() {}, onFailure() {}, onSuccess() {}, tryRetry: () => 0 };

export function createRetryBudget(b: BudgetParams): RetryBudgetState {
  switch (b.kind) {
    case "none": return unlimited;
    case "token-bucket": return tokenBucket(b);
    case "ratio": return ratio(b);
    case "grpc": return grpc(b);
  }
}

/**
 * AWS SDK standard retryer (aws-sdk-go-v2 aws/retry/standard.go, retry_token_bucket.go): the bucket
 * starts full; a retry takes retryCost (timeoutRetryCost after a timeout) or is refused with
 * "retry quota exceeded"; a retry that succeeds gives its cost back (releaseToken on success), and
 * a first attempt that succeeds adds NoRetryIncrement (successIncrement), never past capacity.
 */
function tokenBucket(b: Extract<BudgetParams, { kind: "token-bucket" }>): RetryBudgetState {
  let tokens = b.capacity;
  return {
    onRequest() {},
    onFailure() {},
    onSuccess(_now, heldCost) {
      tokens = Math.min(b.capacity, tokens + (heldCost > 0 ? heldCost : b.successIncrement));
    },
    tryRetry(_now, afterTimeout) {
      const cost = afterTimeout ? b.timeoutRetryCost : b.retryCost;
      if (tokens < cost) return -1;
      tokens -= cost;
      return cost;
    },
  };
}

/**
 * Finagle RetryBudget (finagle-core service/RetryBudget.scala: ttl 10s, minRetriesPerSec 10,
 * percentCanRetry 0.2): over the last `window`, retries ≤ percent × requests + minRetriesPerSecond
 * × window. Counted in one-second buckets, as a sliding window.
 */
function ratio(b: Extract<BudgetParams, { kind: "ratio" }>): RetryBudgetState {
  const windowS = b.windowS;
  const requests = new Float64Array(windowS);
  const retries = new Float64Array(windowS);
  let second = 0;
  let reqSum = 0;
  let retrySum = 0;
  const advance = (nowUs: number) => {
    const s = Math.floor(nowUs / 1e6);
    if (s - second >= windowS) {
      requests.fill(0);
      retries.fill(0);
      reqSum = 0;
      retrySum = 0;
      second = s;
      return;
    }
    while (second < s) {
      second++;
      const i = second % windowS;
      reqSum -= requests[i];
      retrySum -= retries[i];
      requests[i] = 0;
      retries[i] = 0;
    }
  };
  return {
    onRequest(now) {
      advance(now);
      requests[second % windowS]++;
      reqSum++;
    },
    onFailure() {},
    onSuccess() {},
    tryRetry(now) {
      advance(now);
      const allowed = (b.percent / 100) * reqSum + b.minRetriesPerSecond * windowS;
      if (retrySum + 1 > allowed) return -1;
      retries[second % windowS]++;
      retrySum++;
      return 0;
    },
  };
}

/**
 * gRPC retry throttling (grpc/proposal A6-client-retries.md): token_count starts at maxTokens;
 * each failed attempt takes 1, each success adds tokenRatio (capped); retries are allowed only
 * while token_count > maxTokens / 2.
 */
function grpc(b: Extract<BudgetParams, { kind: "grpc" }>): RetryBudgetState {
  let tokens = b.maxTokens;
  return {
    onRequest() {},
    onFailure() {
      tokens = Math.max(0, tokens - 1);
    },
    onSuccess() {
      tokens = Math.min(b.maxTokens, tokens + b.tokenRatio);
    },
    tryRetry: () => (tokens > b.maxTokens / 2 ? 0 : -1),
  };
}
