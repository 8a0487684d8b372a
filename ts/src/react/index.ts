/**
 * sessioncore/react: React components for sessioncore sessions, with the
 * props of the React Native OTSession, OTPublisher and OTSubscriber
 * components. Works with React 18 and 19.
 */
export {
  OTSession,
  type OTSessionProps,
  type OTSessionRef,
} from './OTSession.js';
export {
  OTPublisher,
  type OTPublisherProps,
  type OTPublisherRef,
} from './OTPublisher.js';
export {
  OTSubscriber,
  type OTSubscriberProps,
  type OTSubscriberRef,
} from './OTSubscriber.js';
export { OTStreams, type OTStreamsProps } from './OTStreams.js';
export { useSessionClient, useSessionState, useStreams } from './context.js';
export {
  SessionClient,
  type SessionCredentials,
  type SessionState,
  type SessionStatus,
  type SignalProp,
} from './SessionClient.js';
export type { SessionCapabilities, SessionInfo } from './sessionCommands.js';
export type { PublisherProperties } from './PublisherController.js';
export type { SubscriberProperties } from './SubscriberController.js';
export type { EventHandlerMap } from './handlerBinding.js';
export type { ConnectionLike, StreamLike } from './api.js';
