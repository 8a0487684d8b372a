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
export { OT, type Device } from './otNamespace.js';
export {
  Session,
  type InitSessionOptions,
  type SessionCapabilities,
  type SessionInfo,
  type SignalOptions,
} from './Session.js';
export {
  Publisher,
  type PublisherProperties,
  type PublisherRtcStatsReportEntry,
  type PublisherStatsEntry,
} from './Publisher.js';
export {
  Subscriber,
  type SubscriberProperties,
  type VideoResolution,
} from './Subscriber.js';
export { Connection } from './Connection.js';
export { Stream, type VideoDimensions } from './Stream.js';
export { OTEvent } from './OTEvent.js';
export type * from './events.js';
export type { Callback } from './callbacks.js';
export type { LogLevel } from './logger.js';
export { setServerUrl } from './config.js';
export type { InsertMode } from './web/mediaElement.js';
export type {
  PublisherAudioStats,
  PublisherStats,
  PublisherVideoStats,
  SubscriberAudioStats,
  SubscriberStats,
  SubscriberVideoStats,
} from './web/stats.js';
