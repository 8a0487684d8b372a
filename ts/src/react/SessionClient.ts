/**
 * SessionClient: the framework-free state behind <OTSession>. It creates
 * and connects one session, tracks its status, remote streams and other
 * connections as an immutable snapshot for useSyncExternalStore, forwards
 * session events to the app's `eventHandlers`, and releases everything in
 * dispose(). It never touches React, so its rules are plain code.
 */
import { OTError } from '../errors.js';
import type { SessionOptions } from '../options.js';
import {
  asEventTarget,
  initSession,
  type ConnectionLike,
  type InitSession,
  type SessionLike,
  type StreamLike,
} from './api.js';
import { deepEqual } from './deepEqual.js';
import { HandlerBinding, type EventHandlerMap } from './handlerBinding.js';
import {
  checkEncryptionSecret,
  encryptionUnsupportedError,
  invalidParameterError,
  toOTError,
} from './sessionErrors.js';
import { SessionCommands } from './sessionCommands.js';

/** Status of the session; `failed` means the connect attempt failed. */
export type SessionStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnected'
  | 'failed';

/** One immutable snapshot of a session; a new object on every change. */
export interface SessionState {
  readonly status: SessionStatus;
  readonly session: SessionLike | null;
  /** Remote streams, in the order they were created. */
  readonly streams: readonly StreamLike[];
  /** Connections of the other clients, in the order they were created. */
  readonly connections: readonly ConnectionLike[];
  /** The error that made the session fail, if any. */
  readonly error: OTError | null;
}

/** Credentials and settings of one connection; a change needs a new client. */
export interface SessionCredentials {
  readonly apiKey?: string | undefined;
  readonly applicationId?: string | undefined;
  readonly sessionId: string;
  readonly token: string;
  readonly options?: SessionOptions | undefined;
  readonly encryptionSecret?: string | undefined;
}

/** The `signal` prop: sent once connected and again when its value changes. */
export interface SignalProp {
  type?: string;
  data?: string;
  /** A connection ID or a Connection; absent means everyone. */
  to?: string | ConnectionLike;
}

// `error` is not a Session event: the client dispatches it for a failed
// connect and for the Session's `exception` events.
const kClientEvents = new Set(['error']);

const kIdleState: SessionState = {
  status: 'idle',
  session: null,
  streams: [],
  connections: [],
  error: null,
};

export class SessionClient extends SessionCommands {
  readonly #credentials: SessionCredentials;
  readonly #createSession: InitSession;
  readonly #storeListeners = new Set<() => void>();
  readonly #internalListeners: Array<[string, (event: any) => void]> = [];
  readonly #handlers = new HandlerBinding({
    deliver: (type, event) => this.#deliver(type, event),
    listenable: (type) => !kClientEvents.has(type),
  });
  #state: SessionState = kIdleState;
  #started = false;
  #disposing = false;
  #disposed = false;
  #connectedDelivered = false;
  #disconnectedDelivered = false;
  #signalValue: SignalProp | undefined;
  #signalSent = true;

  /** Stores the credentials; connecting waits for start(). */
  constructor(credentials: SessionCredentials, createSession?: InitSession) {
    super();
    this.#credentials = credentials;
    this.#createSession = createSession ?? initSession;
  }

  /** Registers a store listener; returns the function that removes it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#storeListeners.add(listener);
    return () => this.#storeListeners.delete(listener);
  };

  /** Returns the current snapshot; the same object until something changes. */
  readonly getSnapshot = (): SessionState => this.#state;

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this.#disposing;
  }

  /** Replaces the app's event handlers; the old ones are never called again. */
  setEventHandlers(handlers: EventHandlerMap | undefined): void {
    this.#handlers.setHandlers(handlers);
  }

  /**
   * Sets the `signal` prop. A value equal to the previous one (compared by
   * content, not identity) sends nothing; a new value is sent once the
   * session is connected.
   */
  setSignal(signal: SignalProp | undefined): void {
    if (deepEqual(signal, this.#signalValue)) {
      return;
    }
    this.#signalValue = signal === undefined ? undefined : { ...signal };
    this.#signalSent = signal === undefined;
    this.#flushSignal();
  }

  /** Creates the session and connects it. Runs at most once. */
  start(): void {
    if (this.#started || this.#disposing) {
      return;
    }
    this.#started = true;
    const refusal = this.#checkCredentials();
    if (refusal !== null) {
      this.#fail(refusal);
      return;
    }
    let session: SessionLike;
    try {
      session = this.#createSession(
        this.#credentials.applicationId ?? this.#credentials.apiKey ?? '',
        this.#credentials.sessionId,
        this.#credentials.options,
      );
    } catch (thrown) {
      this.#fail(toOTError(thrown));
      return;
    }
    this.#listen(session);
    this.#setState({ status: 'connecting', session });
    session.connect(this.#credentials.token).then(
      () => {
        // Unmounted while connecting: the connect finished anyway, so leave
        // at once rather than keep a connection nobody owns.
        if (this.#disposing) {
          disconnectQuietly(session);
        }
      },
      (thrown: unknown) => {
        if (!this.#disposing && this.#state.status === 'connecting') {
          this.#fail(toOTError(thrown));
        }
      },
    );
  }

  /**
   * Disconnects and removes every listener. A `sessionConnected` already
   * delivered to the app is always followed by one `sessionDisconnected`
   * (reason `clientDisconnected`), and nothing is delivered after it.
   */
  dispose(): void {
    if (this.#disposing) {
      return;
    }
    // Events the session dispatches synchronously inside disconnect() still
    // reach the app; everything after dispose() returns is dropped.
    this.#disposing = true;
    const session = this.#state.session;
    if (session !== null && this.#isLive()) {
      disconnectQuietly(session);
    }
    if (this.#connectedDelivered && !this.#disconnectedDelivered) {
      this.#disconnectedDelivered = true;
      this.#handlers.call('sessionDisconnected', {
        type: 'sessionDisconnected',
        reason: 'clientDisconnected',
        target: session,
      });
    }
    this.#disposed = true;
    this.#handlers.detach();
    for (const [type, listener] of this.#internalListeners) {
      if (session !== null) {
        asEventTarget(session).off(type, listener);
      }
    }
    this.#internalListeners.length = 0;
    this.#setState({ status: 'disconnected', streams: [], connections: [] });
  }

  protected override currentState(): SessionState {
    return this.#state;
  }

  #isLive(): boolean {
    const { status } = this.#state;
    return (
      status === 'connecting' ||
      status === 'connected' ||
      status === 'reconnecting'
    );
  }

  #checkCredentials(): OTError | null {
    const { apiKey, applicationId, sessionId, token, encryptionSecret } =
      this.#credentials;
    if (!applicationId && !apiKey) {
      return invalidParameterError(
        'apiKey',
        apiKey,
        'give apiKey (a project key) or applicationId',
      );
    }
    if (typeof sessionId !== 'string' || sessionId === '') {
      return invalidParameterError('sessionId', sessionId, 'it is required');
    }
    if (typeof token !== 'string' || token === '') {
      return invalidParameterError('token', token, 'it is required');
    }
    if (encryptionSecret !== undefined) {
      return (
        checkEncryptionSecret(encryptionSecret) ?? encryptionUnsupportedError()
      );
    }
    return null;
  }

  // Internal listeners go on before the app's handlers, so the snapshot is
  // already current when an app handler runs.
  #listen(session: SessionLike): void {
    const on = (type: string, listener: (event: any) => void) => {
      this.#internalListeners.push([type, listener]);
      asEventTarget(session).on(type, listener);
    };
    on('sessionConnected', () => this.#onConnected());
    on('sessionDisconnected', () =>
      this.#setState({ status: 'disconnected', streams: [], connections: [] }),
    );
    on('sessionReconnecting', () => this.#setState({ status: 'reconnecting' }));
    on('sessionReconnected', () => this.#setState({ status: 'connected' }));
    on('streamCreated', (event) => this.#addStream(event.stream));
    on('streamDestroyed', (event) => this.#removeStream(event.stream));
    on('streamPropertyChanged', () =>
      this.#setState({ streams: [...this.#state.streams] }),
    );
    on('connectionCreated', (event) => this.#addConnection(event.connection));
    on('connectionDestroyed', (event) =>
      this.#removeConnection(event.connection),
    );
    on('exception', (event) => this.#dispatchError(exceptionToError(event)));
    this.#handlers.attach(asEventTarget(session));
  }

  #onConnected(): void {
    this.#setState({ status: 'connected', error: null });
    this.#flushSignal();
  }

  #addStream(stream: StreamLike | undefined): void {
    if (!stream || this.#state.streams.some(same(stream, 'streamId'))) {
      return;
    }
    this.#setState({ streams: [...this.#state.streams, stream] });
  }

  #removeStream(stream: StreamLike | undefined): void {
    if (!stream) {
      return;
    }
    const isGone = same(stream, 'streamId');
    this.#setState({
      streams: this.#state.streams.filter((item) => !isGone(item)),
    });
  }

  #addConnection(connection: ConnectionLike | undefined): void {
    if (
      !connection ||
      this.#isOwnConnection(connection) ||
      this.#state.connections.some(same(connection, 'connectionId'))
    ) {
      return;
    }
    this.#setState({ connections: [...this.#state.connections, connection] });
  }

  #removeConnection(connection: ConnectionLike | undefined): void {
    if (!connection) {
      return;
    }
    const isGone = same(connection, 'connectionId');
    this.#setState({
      connections: this.#state.connections.filter((item) => !isGone(item)),
    });
  }

  #isOwnConnection(connection: ConnectionLike | undefined): boolean {
    const own = this.#state.session?.connection?.connectionId;
    return own !== undefined && connection?.connectionId === own;
  }

  // Applies the rules of the React component on top of the session events:
  // connection events report other clients only, and sessionConnected and
  // sessionDisconnected reach the app at most once each.
  #deliver(type: string, event: any): void {
    if (this.#disposed) {
      return;
    }
    if (
      (type === 'connectionCreated' || type === 'connectionDestroyed') &&
      this.#isOwnConnection(event?.connection)
    ) {
      return;
    }
    if (type === 'sessionConnected') {
      this.#connectedDelivered = true;
    } else if (type === 'sessionDisconnected') {
      if (this.#disconnectedDelivered) {
        return;
      }
      this.#disconnectedDelivered = true;
    }
    this.#handlers.call(type, event);
  }

  #flushSignal(): void {
    const signal = this.#signalValue;
    if (this.#signalSent || !signal || this.#state.status !== 'connected') {
      return;
    }
    this.#signalSent = true;
    this.signal(signal).catch((error: OTError) => this.#dispatchError(error));
  }

  #fail(error: OTError): void {
    this.#setState({ status: 'failed', error });
    this.#dispatchError(error);
  }

  // OT_INTERNAL_ERROR marks a fault between the WebAssembly core and its
  // browser glue, which the React Native component reports as otrnError.
  #dispatchError(error: OTError): void {
    if (this.#disposed) {
      return;
    }
    if (error.name === 'OT_INTERNAL_ERROR' && this.#handlers.has('otrnError')) {
      this.#handlers.call('otrnError', error);
      return;
    }
    this.#handlers.call('error', error);
  }

  #setState(change: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of [...this.#storeListeners]) {
      listener();
    }
  }
}

// An `exception` event carries the fields of an error but is not one.
function exceptionToError(event: {
  name?: unknown;
  code?: unknown;
  message?: unknown;
}): OTError {
  return new OTError(
    typeof event.name === 'string' ? event.name : 'OT_INTERNAL_ERROR',
    typeof event.code === 'number' ? event.code : 2000,
    typeof event.message === 'string' ? event.message : 'session exception',
  );
}

// The session may already be disconnected (the socket dropped, or the
// server ended it); leaving twice is not an error worth reporting.
function disconnectQuietly(session: SessionLike): void {
  try {
    session.disconnect().catch(() => {});
  } catch {
    // Already disconnected.
  }
}

function same<T, K extends keyof T>(item: T, key: K): (other: T) => boolean {
  return (other) => other[key] === item[key];
}
