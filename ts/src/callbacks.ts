/** OpenTok.js-style completion callbacks next to Promises. */
import type { OTError } from './errors.js';

/** A Node-style callback: an error, or undefined and the result. */
export type Callback<T> = (error: OTError | undefined, result?: T) => void;

/**
 * Returns `promise`, and calls `callback` when it settles; with a callback
 * the Promise counts as handled, so a caller that uses only the callback
 * sees no unhandled rejection.
 */
export function withCallback<T>(
  promise: Promise<T>,
  callback: Callback<T> | undefined,
): Promise<T> {
  if (callback !== undefined) {
    promise.then(
      (result) => callback(undefined, result),
      (error: OTError) => callback(error),
    );
  }
  return promise;
}
