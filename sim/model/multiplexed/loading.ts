/**
 * A restarted server loading its dataset, as ioredis's ready check sees it. Redis reports
 * `loading_eta_seconds` in INFO (redis/redis 7.0 src/server.c genRedisInfoString): whole seconds
 * elapsed on the wall clock since the load began (time(NULL) − loading_start_time), 1 while none
 * has, else elapsed · remaining bytes / loaded bytes, truncated. The model loads at a steady rate,
 * so bytes are proportional to time; `phaseUs` is where in its wall-clock second the load began.
 */
export function loadingEtaSeconds(nowUs: number, startUs: number, endUs: number, phaseUs: number): number {
  const elapsedS = Math.floor((phaseUs + nowUs - startUs) / 1e6);
  if (elapsedS === 0) return 1;
  return Math.floor((elapsedS * (endUs - nowUs)) / (nowUs - startUs));
}

/**
 * How long ioredis waits before the next INFO while the server loads (ioredis v5.11.1 and v6.0.0
 * built/Redis.js _readyCheck): loading_eta_seconds · 1000 ms, at most maxLoadingRetryTime. The
 * field arrives as a string, so an ETA of "0" is truthy there and gives 0 ms: INFO again at once.
 */
export function readyCheckRetryUs(etaS: number, maxLoadingRetryUs: number): number {
  const etaUs = etaS * 1e6;
  return maxLoadingRetryUs > 0 && maxLoadingRetryUs < etaUs ? maxLoadingRetryUs : etaUs;
}
