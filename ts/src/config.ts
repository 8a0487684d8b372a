/**
 * Client-wide settings: where the session server is and how to load the
 * WebAssembly core.
 */
import type { LoadCoreOptions } from './core.js';

let serverUrl: string | undefined;
let coreOptions: LoadCoreOptions = {};

/** Sets the base URL of the session server, such as 'https://video.example'. */
export function setServerUrl(url: string): void {
  serverUrl = url.replace(/\/+$/, '');
}

/** Returns the configured server URL, or the page's origin. */
export function getServerUrl(): string {
  return serverUrl ?? globalThis.location.origin;
}

/** Sets how the WebAssembly core is loaded (before the first connect). */
export function setCoreOptions(options: LoadCoreOptions): void {
  coreOptions = { ...options };
}

/** Returns the options for loadCore(). */
export function getCoreOptions(): LoadCoreOptions {
  return coreOptions;
}

/** Turns an http(s) or ws(s) base URL into the session WebSocket URL. */
export function webSocketUrl(base: string): string {
  const url = new URL(base, globalThis.location?.href);
  url.protocol =
    url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/ws`;
  return url.href;
}
