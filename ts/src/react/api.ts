/**
 * The part of the sessioncore API that the React components use, in one
 * place. Each <OTSession> creates its own Session object: OT.initSession()
 * returns one shared Session per session ID, and two mounted components for
 * the same ID (a StrictMode remount, a remount with a fresh token) must not
 * disconnect each other.
 */
import {
  OT,
  Session,
  type Connection,
  type InitSessionOptions,
  type Publisher,
  type PublisherProperties,
  type Stream,
  type Subscriber,
} from '../index.js';
import type { EventTargetLike } from './handlerBinding.js';

export type ConnectionLike = Connection;
export type StreamLike = Stream;
export type SessionLike = Session;
export type PublisherLike = Publisher;
export type SubscriberLike = Subscriber;

/** Creates a session; the React client's seam for its tests. */
export type InitSession = (
  apiKeyOrApplicationId: string,
  sessionId: string,
  options?: InitSessionOptions,
) => SessionLike;

/** Creates a new, unshared Session. */
export const initSession: InitSession = (apiKey, sessionId, options) =>
  new Session(apiKey, sessionId, options);

/** Creates a publisher in `target`; errors arrive through `callback`. */
export function initPublisher(
  target: HTMLElement,
  properties: PublisherProperties,
  callback: (error?: unknown) => void,
): PublisherLike {
  return OT.initPublisher(target, properties, callback);
}

/**
 * Returns `emitter` as an emitter of untyped event names, for listeners
 * whose names come from the app's `eventHandlers` keys.
 */
export function asEventTarget(
  emitter: SessionLike | PublisherLike | SubscriberLike,
): EventTargetLike {
  return emitter as unknown as EventTargetLike;
}
