/** Polls `url` until it answers (any HTTP status < 500), with a hard deadline. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; intervalMs?: number; failIf?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    const fatal = options.failIf?.();
    if (fatal) throw new Error(fatal);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
  throw new Error(`${url} did not become ready within ${options.timeoutMs} ms (${lastError})`);
}
