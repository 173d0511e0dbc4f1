/** One look at the thing being waited for. */
export interface WaitCheck {
  /** The target state was reached. */
  done: boolean;
  /** A short description of the current state, for progress and the result. */
  message: string;
  /** 0-100 when the service reports a percentage (snapshots); otherwise progress counts polls. */
  percent?: number;
}

/** How to wait: bounded, cancellable, reporting progress. */
export interface WaitOptions {
  signal: AbortSignal;
  /** Give up (without failing the call) after this long. */
  timeoutMs: number;
  intervalMs: number;
  onProgress?: (progress: number, total: number | undefined, message: string) => void;
}

/** How the wait ended. */
export interface WaitOutcome {
  done: boolean;
  message: string;
  waited_ms: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException("the wait was cancelled", "AbortError"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Polls `check` until it reports done, the timeout passes (done: false, the work goes on in AWS)
 * or the request is cancelled (throws AbortError promptly).
 */
export async function waitUntil(
  check: () => Promise<WaitCheck>,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const started = Date.now();
  for (let poll = 1;; poll++) {
    const state = await check();
    const waited = Date.now() - started;
    if (state.percent !== undefined) options.onProgress?.(state.percent, 100, state.message);
    else options.onProgress?.(poll, undefined, state.message);
    if (state.done) return { done: true, message: state.message, waited_ms: waited };
    if (waited + options.intervalMs > options.timeoutMs) {
      return { done: false, message: state.message, waited_ms: waited };
    }
    await sleep(options.intervalMs, options.signal);
  }
}
