/**
 * sessioncore: the browser client of a self-hosted video session platform
 * with the OpenTok programming model.
 */
export { loadCore, type LoadCoreOptions } from './core.js';
export { OTError } from './errors.js';
export {
  buildRtcConfiguration,
  resolveSessionOptions,
  type IceConfigOption,
  type IceServerOption,
  type ResolvedSessionOptions,
  type SessionOptions,
} from './options.js';
