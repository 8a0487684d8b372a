import createSessionCore, {
  type CoreModule,
  type CoreModuleOptions,
} from './sessioncore_core.mjs';

let loading: Promise<CoreModule> | undefined;

/** Where and how to load the WebAssembly core. */
export interface LoadCoreOptions {
  /** The .wasm bytes, for Node or for apps that fetch the file themselves. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** The URL of sessioncore_core.wasm; defaults to the file beside this module. */
  wasmUrl?: string;
}

/**
 * Loads the WebAssembly session core once and returns the same module on
 * every later call.
 */
export function loadCore(options: LoadCoreOptions = {}): Promise<CoreModule> {
  loading ??= instantiate(options);
  return loading;
}

function instantiate(options: LoadCoreOptions): Promise<CoreModule> {
  const moduleOptions: CoreModuleOptions = {
    // Bundlers such as Vite and esbuild recognise this pattern and ship the
    // .wasm file beside the bundle.
    locateFile: () =>
      options.wasmUrl ??
      new URL('./sessioncore_core.wasm', import.meta.url).href,
  };
  if (options.wasmBinary !== undefined) {
    moduleOptions.wasmBinary = options.wasmBinary;
  }
  return createSessionCore(moduleOptions);
}
