/**
 * The part of the sessioncore API that the React components call, written
 * as structural types. The components depend on nothing else, so this file
 * lists exactly what a Session, Publisher and Subscriber must offer them.
 */
import * as sessioncore from '../index.js';
import type { SessionOptions } from '../options.js';
import type { EventTargetLike } from './handlerBinding.js';

/** A client's connection to a session. */
export interface ConnectionLike {
  readonly connectionId: string;
  readonly creationTime: number;
  readonly data: string;
}

/** A stream published to a session. */
export interface StreamLike {
  readonly streamId: string;
  readonly connection: ConnectionLike;
  readonly name: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
}

/** What the local client may do in a session, set once connected. */
export interface SessionCapabilitiesLike {
  readonly publish: boolean | number;
  readonly subscribe: boolean | number;
  readonly forceDisconnect: boolean | number;
  readonly forceMute: boolean | number;
}

/** A signal as Session.signal() takes it. */
export interface SessionSignal {
  type?: string;
  data?: string;
  to?: ConnectionLike;
}

/** A local camera or screen stream. */
export interface PublisherLike extends EventTargetLike {
  readonly stream?: StreamLike | null | undefined;
  publishAudio(enabled: boolean): unknown;
  publishVideo(enabled: boolean): unknown;
  destroy(): unknown;
}

/** A received remote stream. */
export interface SubscriberLike extends EventTargetLike {
  subscribeToAudio(enabled: boolean): unknown;
  subscribeToVideo(enabled: boolean): unknown;
  setAudioVolume(volume: number): unknown;
  setPreferredResolution?(
    resolution: { width: number; height: number } | null,
  ): unknown;
  setPreferredFrameRate?(frameRate: number | null): unknown;
}

/** A session as returned by initSession(). */
export interface SessionLike extends EventTargetLike {
  readonly sessionId: string;
  readonly connection?: ConnectionLike | null | undefined;
  readonly capabilities?: SessionCapabilitiesLike | null | undefined;
  connect(token: string): Promise<unknown>;
  disconnect(): unknown;
  publish(publisher: PublisherLike): Promise<unknown>;
  unpublish(publisher: PublisherLike): unknown;
  subscribe(
    stream: StreamLike,
    target: HTMLElement,
    properties: Record<string, unknown>,
  ): SubscriberLike | Promise<SubscriberLike>;
  unsubscribe(subscriber: SubscriberLike): unknown;
  signal(signal: SessionSignal): Promise<unknown>;
  forceMuteAll(excludedStreams?: StreamLike[]): Promise<unknown>;
  forceMuteStream(stream: StreamLike): Promise<unknown>;
  disableForceMute(): Promise<unknown>;
  forceDisconnect(connection: ConnectionLike): Promise<unknown>;
  setEncryptionSecret(secret: string): Promise<unknown>;
  reportIssue?(): Promise<string>;
}

/** Creates a session; the signature of initSession() as the client uses it. */
export type InitSession = (
  apiKeyOrApplicationId: string,
  sessionId: string,
  options?: SessionOptions,
) => SessionLike;

/** Creates a publisher; the signature of initPublisher() as used here. */
export type InitPublisher = (
  target: HTMLElement,
  properties: Record<string, unknown>,
  callback: (error?: unknown) => void,
) => PublisherLike;

// TODO: import initSession and initPublisher by name once ts/src/index.ts
// exports them; until then a missing export fails at the first call.
const exported = sessioncore as unknown as {
  initSession?: InitSession;
  initPublisher?: InitPublisher;
};

/** Calls the sessioncore initSession(). */
export const initSession: InitSession = (...args) => {
  if (exported.initSession === undefined) {
    throw new Error('sessioncore does not export initSession');
  }
  return exported.initSession(...args);
};

/** Calls the sessioncore initPublisher(). */
export const initPublisher: InitPublisher = (...args) => {
  if (exported.initPublisher === undefined) {
    throw new Error('sessioncore does not export initPublisher');
  }
  return exported.initPublisher(...args);
};
