/**
 * Entry of ot.js, the script-tag build: defines window.OT. The .wasm file
 * is loaded from beside the script, and a `data-server-url` attribute on
 * the script tag sets the session server (default: the page's origin).
 */
import { OT } from './otNamespace.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) {
  OT.setCoreOptions({
    wasmUrl: new URL('sessioncore_core.wasm', script.src).href,
  });
}
const serverUrl = script?.dataset['serverUrl'];
if (serverUrl !== undefined && serverUrl !== '') {
  OT.setServerUrl(serverUrl);
}

(globalThis as unknown as { OT: typeof OT }).OT = OT;
