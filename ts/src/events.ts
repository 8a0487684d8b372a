/** The events of Session, Publisher and Subscriber, by name. */
import type { Connection } from './Connection.js';
import type { OTEvent } from './OTEvent.js';
import type { Publisher } from './Publisher.js';
import type { Session } from './Session.js';
import type { Stream, VideoDimensions } from './Stream.js';
import type { Subscriber } from './Subscriber.js';

/** connectionCreated and connectionDestroyed. */
export type ConnectionEvent = OTEvent<Session> & {
  connection: Connection;
  /** Why the connection left (connectionDestroyed only). */
  reason?: string;
};

/** streamCreated and streamDestroyed. */
export type StreamEvent<Target = Session> = OTEvent<Target> & {
  stream: Stream;
  /** Why the stream ended (streamDestroyed only). */
  reason?: string;
};

/** A change of hasAudio, hasVideo, hasCaptions or videoDimensions. */
export type StreamPropertyChangedEvent = OTEvent<Session> & {
  stream: Stream;
  changedProperty: 'hasAudio' | 'hasVideo' | 'hasCaptions' | 'videoDimensions';
  oldValue: boolean | VideoDimensions;
  newValue: boolean | VideoDimensions;
};

/**
 * A signal; `type` is the signal's type (empty when it has none), not the
 * event name.
 */
export type SignalEvent = OTEvent<Session> & {
  data: string;
  /** The sender, or null for a signal sent through the REST API. */
  from: Connection | null;
};

/** sessionConnected. */
export type SessionConnectEvent = OTEvent<Session> & {
  connection: Connection;
};

/** sessionDisconnected. */
export type SessionDisconnectEvent = OTEvent<Session> & {
  /** clientDisconnected, forceDisconnected or networkDisconnected. */
  reason: string;
};

/** An error not tied to a call: exception, otrnError, error. */
export type ExceptionEvent = OTEvent<Session> & {
  name: string;
  code: number;
  message: string;
};

/** muteForced on the Session. */
export type MuteForcedEvent = OTEvent<Session> & {
  active: boolean;
  excludedStreamIds: string[];
};

/** archiveStarted and archiveStopped. */
export type ArchiveEvent = OTEvent<Session> & { id: string; name: string };

/** Events of a Session. */
export interface SessionEvents {
  sessionConnected: SessionConnectEvent;
  sessionDisconnected: SessionDisconnectEvent;
  sessionReconnecting: OTEvent<Session>;
  sessionReconnected: OTEvent<Session>;
  connectionCreated: ConnectionEvent;
  connectionDestroyed: ConnectionEvent;
  streamCreated: StreamEvent;
  streamDestroyed: StreamEvent;
  streamPropertyChanged: StreamPropertyChangedEvent;
  signal: SignalEvent;
  [signalOfType: `signal:${string}`]: SignalEvent;
  muteForced: MuteForcedEvent;
  archiveStarted: ArchiveEvent;
  archiveStopped: ArchiveEvent;
  exception: ExceptionEvent;
  otrnError: ExceptionEvent;
}

/**
 * A failure of one peer connection that the session could not repair,
 * such as OT_ICE_WORKFLOW_FAILED (1553 for a Publisher, 1554 for a
 * Subscriber) after two ICE restarts.
 */
export type MediaErrorEvent<Target> = OTEvent<Target> & {
  name: string;
  code: number;
  message: string;
  streamId: string;
  /** Publisher only: the subscription whose peer connection closed. */
  subscriptionId?: string;
};

/** Events of a Publisher. */
export interface PublisherEvents {
  accessAllowed: OTEvent<Publisher>;
  accessDenied: OTEvent<Publisher> & { message: string };
  videoElementCreated: OTEvent<Publisher> & { element: HTMLVideoElement };
  streamCreated: StreamEvent<Publisher>;
  streamDestroyed: StreamEvent<Publisher>;
  muteForced: OTEvent<Publisher>;
  error: MediaErrorEvent<Publisher>;
  destroyed: OTEvent<Publisher> & { reason?: string };
}

/** Events of a Subscriber. */
export interface SubscriberEvents {
  videoElementCreated: OTEvent<Subscriber> & { element: HTMLVideoElement };
  audioBlocked: OTEvent<Subscriber>;
  connected: OTEvent<Subscriber>;
  error: MediaErrorEvent<Subscriber>;
  destroyed: OTEvent<Subscriber> & { reason: string };
}
