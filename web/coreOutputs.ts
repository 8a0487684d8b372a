/**
 * The outputs of the session core as the glue receives them from
 * takeOutputs(): commands to execute, events to dispatch, request
 * completions and log records.
 */

/** An error as the core encodes it: OpenTok name, legacy code, message. */
export interface CoreError {
  name: string;
  code: number;
  message: string;
}

/** An event for the Session, a Publisher or a Subscriber. */
export interface CoreEvent {
  kind: 'event';
  target: 'session' | 'publisher' | 'subscriber';
  targetId: string;
  name: string;
  payload: Record<string, unknown>;
  cancelable: boolean;
  eventId: number;
}

/** A command for one RTCPeerConnection. */
export interface PeerCommand {
  kind: 'peer';
  op:
    | 'create'
    | 'createOffer'
    | 'setRemoteDescription'
    | 'createAnswer'
    | 'addIceCandidate'
    | 'restartIce'
    | 'setSenderLimits'
    | 'close';
  pcId: string;
  role?: 'publisher' | 'subscriber';
  streamId?: string;
  rtcConfiguration?: RTCConfiguration;
  sdpType?: RTCSdpType;
  sdp?: string;
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  /** create: the server's subscription ID, when the core knows it. */
  subscriptionId?: string;
  /** create, publisher side: the connection that subscribes. */
  subscriberConnectionId?: string;
  /** setSenderLimits: the largest video width to send; null for no limit. */
  maxWidth?: number | null;
  /** setSenderLimits: the largest video height to send; null for no limit. */
  maxHeight?: number | null;
  /** setSenderLimits: the highest frame rate to send; null for no limit. */
  maxFrameRate?: number | null;
  /** Added by the glue: the subscriber whose subscribe() created the pc. */
  ownerId?: string;
}

/** Turns the audio or video track of a publisher on or off. */
export interface MediaCommand {
  kind: 'media';
  op: 'setAudioEnabled' | 'setVideoEnabled';
  publisherId: string;
  enabled: boolean;
}

/** One log record of the core. */
export interface CoreLog {
  kind: 'log';
  level: 'debug' | 'info' | 'warn' | 'error';
  subsystem: string;
  message: string;
  context?: Record<string, unknown>;
}

/** Completion of the request `handle`: a result or an error. */
export interface CoreCompletion {
  kind: 'complete';
  handle: number;
  result?: unknown;
  error?: CoreError;
}

/** Any output of the core. */
export type CoreOutput =
  | { kind: 'openSocket'; url: string }
  | { kind: 'send'; text: string }
  | { kind: 'closeSocket'; code: number }
  | { kind: 'armTimer'; timerId: number; delayMs: number }
  | { kind: 'cancelTimer'; timerId: number }
  | CoreEvent
  | CoreCompletion
  | PeerCommand
  | MediaCommand
  | CoreLog;
