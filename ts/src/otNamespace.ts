/**
 * The OT namespace: the entry points of OpenTok.js (initSession,
 * initPublisher, checkSystemRequirements, getDevices, setLogLevel) plus
 * setServerUrl for choosing the session server.
 */
import { type Callback, withCallback } from './callbacks.js';
import { getServerUrl, setCoreOptions, setServerUrl } from './config.js';
import { Connection } from './Connection.js';
import { OTError } from './errors.js';
import { setLogLevel } from './logger.js';
import { OTEvent } from './OTEvent.js';
import { Publisher, type PublisherProperties } from './Publisher.js';
import { type InitSessionOptions, Session } from './Session.js';
import { Stream } from './Stream.js';
import { Subscriber } from './Subscriber.js';

const sessions = new Map<string, Session>();

/** Returns the Session for `sessionId`, creating it on the first call. */
function initSession(
  apiKeyOrApplicationId: string,
  sessionId: string,
  options?: InitSessionOptions,
): Session {
  let session = sessions.get(sessionId);
  if (session === undefined) {
    session = new Session(apiKeyOrApplicationId, sessionId, options);
    sessions.set(sessionId, session);
  }
  return session;
}

/**
 * Creates a Publisher, inserts its element at `target` and starts capture;
 * the callback runs once access to the camera and microphone is decided.
 */
function initPublisher(
  target?: string | HTMLElement | PublisherProperties | Callback<void>,
  properties?: PublisherProperties | Callback<void>,
  callback?: Callback<void>,
): Publisher {
  // As in OpenTok.js, the target and the properties may be left out.
  if (typeof target === 'function') {
    return initPublisher(undefined, undefined, target);
  }
  if (typeof target === 'object' && !(target instanceof HTMLElement)) {
    return initPublisher(undefined, target, properties as Callback<void>);
  }
  const done = typeof properties === 'function' ? properties : callback;
  const props = typeof properties === 'object' ? properties : {};
  const publisher = new Publisher(props);
  const started = publisher.start(target).then(() => undefined);
  void withCallback(started, done).catch(() => undefined);
  return publisher;
}

/** Returns 1 when this browser has what sessioncore needs, else 0. */
function checkSystemRequirements(): number {
  const needed = [
    globalThis.RTCPeerConnection,
    globalThis.WebSocket,
    globalThis.WebAssembly,
    globalThis.navigator?.mediaDevices,
  ];
  return needed.every((feature) => feature !== undefined) ? 1 : 0;
}

/** One camera or microphone, as OT.getDevices() lists it. */
export interface Device {
  kind: 'audioInput' | 'videoInput';
  deviceId: string;
  label: string;
}

/** Lists cameras and microphones. */
function getDevices(callback?: Callback<Device[]>): Promise<Device[]> {
  const listed = navigator.mediaDevices.enumerateDevices().then(
    (devices) =>
      devices
        .filter((d) => d.kind === 'audioinput' || d.kind === 'videoinput')
        .map((d): Device => ({
          kind: d.kind === 'audioinput' ? 'audioInput' : 'videoInput',
          deviceId: d.deviceId,
          label: d.label,
        })),
    (thrown: unknown) => {
      throw new OTError(
        'OT_INTERNAL_ERROR',
        2000,
        `listing media devices failed: ${String(thrown)}`,
        {
          cause: thrown,
        },
      );
    },
  );
  return withCallback(listed, callback);
}

/** The OT namespace object, also installed as window.OT by ot.js. */
export const OT = {
  initSession,
  initPublisher,
  checkSystemRequirements,
  getDevices,
  setLogLevel,
  setServerUrl,
  getServerUrl,
  setCoreOptions,
  Session,
  Publisher,
  Subscriber,
  Connection,
  Stream,
  Event: OTEvent,
  OTError,
};
