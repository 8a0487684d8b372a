// Types of the Emscripten module built from wasm/ (sessioncore_core.mjs).
// Emscripten 3.1.6 cannot emit these, so they are written by hand and must
// change together with the EMSCRIPTEN_BINDINGS blocks in wasm/*.cc.

/** Options that the Emscripten factory accepts. */
export interface CoreModuleOptions {
  /** The .wasm bytes; Node callers pass them because fetch() of a path fails. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Maps a file the module needs (the .wasm) to its URL. */
  locateFile?: (path: string, prefix: string) => string;
}

/** The functions that the Embind bindings export. */
export interface CoreModule {
  /** Validates session options JSON; returns the defaulted options JSON. */
  parseSessionOptions(optionsJson: string): string;
  /** Builds RTCConfiguration JSON from options JSON and a server ICE list. */
  rtcConfiguration(optionsJson: string, serverIceJson: string): string;
  /** The core's error table as JSON: [{name, code}]. */
  errorTable(): string;
}

/** Instantiates the module. */
export default function createSessionCore(
  options?: CoreModuleOptions,
): Promise<CoreModule>;
