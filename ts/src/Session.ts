/**
 * A Session: one video session on the server, shaped like the OpenTok.js
 * Session. The WebAssembly core decides everything (states, events,
 * errors); this class turns calls into core inputs, core events into typed
 * events, and owns the browser objects of the session: the socket (through
 * SessionDriver), peer connections, publishers and subscribers.
 */
import { getCoreOptions, getServerUrl, webSocketUrl } from './config.js';
import { Connection, type ConnectionJson } from './Connection.js';
import { loadCore } from './core.js';
import { OTError } from './errors.js';
import { EventEmitter } from './EventEmitter.js';
import type { SessionEvents } from './events.js';
import { makeEvent } from './OTEvent.js';
import { resolveSessionOptions, type SessionOptions } from './options.js';
import {
  Publisher,
  type PublisherProperties,
  type PublisherSessionLink,
} from './Publisher.js';
import { Stream, type StreamJson } from './Stream.js';
import {
  type PreferredLayer,
  Subscriber,
  type SubscriberProperties,
  type SubscriberSessionLink,
} from './Subscriber.js';
import { type Callback, withCallback } from './callbacks.js';
import type {
  CoreEvent,
  CoreOutput,
  MediaCommand,
  PeerCommand,
} from './web/coreOutputs.js';
import { type PeerInfo, PeerConnections } from './web/PeerConnections.js';
import { SessionDriver } from './web/SessionDriver.js';

/** Options of OT.initSession(): the session options plus the server URL. */
export interface InitSessionOptions extends SessionOptions {
  /** Base URL of the session server; defaults to OT.setServerUrl() or the page origin. */
  serverUrl?: string;
}

/** What the local connection may do, 1 for allowed and 0 for not. */
export interface SessionCapabilities {
  publish: number;
  subscribe: number;
  forceDisconnect: number;
  forceUnpublish: number;
  forceMute: number;
}

/** The `signal()` argument. */
export interface SignalOptions {
  /** At most 128 characters of A-Z a-z 0-9 - . _ ~ */
  type?: string;
  /** At most 8192 bytes of UTF-8. */
  data?: string;
  /** The receiving connection; everyone in the session when absent. */
  to?: Connection | string;
  /** false: fail instead of queueing while reconnecting. */
  retryAfterReconnect?: boolean;
}

/** The result of getSessionInfo(). */
export interface SessionInfo {
  sessionId: string;
  connection: ConnectionJson | null;
  connectionStatus: string;
}

interface ConnectResult {
  capabilities: Record<string, boolean>;
}

const noCapabilities: SessionCapabilities = {
  publish: 0,
  subscribe: 0,
  forceDisconnect: 0,
  forceUnpublish: 0,
  forceMute: 0,
};

export class Session
  extends EventEmitter<SessionEvents>
  implements PublisherSessionLink, SubscriberSessionLink
{
  /** The session ID. */
  readonly sessionId: string;
  /** The project API key or application ID. */
  readonly apiKey: string;
  #options: InitSessionOptions;
  #driver: SessionDriver | undefined;
  #creating: Promise<SessionDriver> | undefined;
  #peers: PeerConnections | undefined;
  #connection: Connection | undefined;
  #capabilities: SessionCapabilities = noCapabilities;
  #connections = new Map<string, Connection>();
  #streams = new Map<string, Stream>();
  #publishers = new Map<string, Publisher>();
  #subscribers = new Map<string, Subscriber>();

  constructor(
    apiKey: string,
    sessionId: string,
    options: InitSessionOptions = {},
  ) {
    super();
    this.apiKey = apiKey;
    this.sessionId = sessionId;
    this.#options = { ...options };
  }

  /** The local connection while connected. */
  get connection(): Connection | undefined {
    return this.#connection;
  }

  /** What the local connection may do. */
  get capabilities(): SessionCapabilities {
    return { ...this.#capabilities };
  }

  /** Connects with `token`; resolves after sessionConnected. */
  connect(token: string, callback?: Callback<void>): Promise<void> {
    return withCallback(this.#connect(token), callback);
  }

  /** Leaves the session; sessionDisconnected follows. */
  disconnect(): Promise<void> {
    if (this.#driver === undefined) {
      return Promise.resolve();
    }
    return handled(
      this.#request<void>((core, handle) => core.disconnect(handle)),
    );
  }

  /**
   * Publishes `publisher` (or a new one created at `target` with
   * `properties`) and returns it at once; the callback runs when the
   * stream is published.
   */
  publish(
    publisher: Publisher | string | HTMLElement | undefined,
    properties?: PublisherProperties | Callback<void>,
    callback?: Callback<void>,
  ): Publisher {
    const done = typeof properties === 'function' ? properties : callback;
    let chosen: Publisher;
    if (publisher instanceof Publisher) {
      chosen = publisher;
    } else {
      const props = typeof properties === 'object' ? properties : {};
      chosen = new Publisher(props);
      void chosen.start(publisher).catch(() => undefined);
    }
    void withCallback(this.#publish(chosen), done).catch(() => undefined);
    return chosen;
  }

  /** Stops publishing `publisher`. */
  unpublish(publisher: Publisher): Promise<void> {
    return handled(
      this.#request<void>((core, handle) =>
        core.unpublish(publisher.id, handle),
      ),
    );
  }

  /**
   * Subscribes to `stream` and returns the Subscriber at once; the callback
   * runs when the subscription is set up.
   */
  subscribe(
    stream: Stream,
    target?: string | HTMLElement | SubscriberProperties | Callback<void>,
    properties?: SubscriberProperties | Callback<void>,
    callback?: Callback<void>,
  ): Subscriber {
    // As in OpenTok.js, the target and the properties may be left out.
    if (typeof target === 'function') {
      return this.subscribe(stream, undefined, undefined, target);
    }
    if (typeof target === 'object' && !(target instanceof HTMLElement)) {
      return this.subscribe(
        stream,
        undefined,
        target,
        properties as Callback<void>,
      );
    }
    const done = typeof properties === 'function' ? properties : callback;
    const props = typeof properties === 'object' ? properties : {};
    const subscriber = new Subscriber(stream, this, props);
    subscriber.show(target);
    this.#subscribers.set(subscriber.id, subscriber);
    const subscribed = this.#request<void>(
      (core, handle) => core.subscribe(subscriber.id, stream.streamId, handle),
      (output) => tagSubscriberPeer(output, subscriber.id),
    ).then(
      () => subscriber.subscribed(undefined),
      (thrown: unknown) => {
        this.#subscribers.delete(subscriber.id);
        subscriber.subscribed(OTError.fromCore(thrown));
        subscriber.handleCoreEvent('destroyed', { reason: 'subscribeFailed' });
        throw thrown;
      },
    );
    void withCallback(subscribed, done).catch(() => undefined);
    return subscriber;
  }

  /** Ends a subscription and removes its element. */
  unsubscribe(subscriber: Subscriber): Promise<void> {
    return handled(
      this.#request<void>((core, handle) =>
        core.unsubscribe(subscriber.id, handle),
      ),
    );
  }

  /** Sends a signal to one connection or to everyone. */
  signal(signal: SignalOptions, callback?: Callback<void>): Promise<void> {
    const to =
      signal.to instanceof Connection ? signal.to.connectionId : signal.to;
    const json = JSON.stringify({ ...signal, to });
    return withCallback(
      this.#request<void>((core, handle) => core.signal(json, handle)),
      callback,
    );
  }

  /** Disconnects another client (moderators only). */
  forceDisconnect(
    connection: Connection | string,
    callback?: Callback<void>,
  ): Promise<void> {
    const id =
      typeof connection === 'string' ? connection : connection.connectionId;
    return withCallback(
      this.#request<void>((core, handle) => core.forceDisconnect(id, handle)),
      callback,
    );
  }

  /** Stops another client's stream (moderators only). */
  forceUnpublish(
    stream: Stream | string,
    callback?: Callback<void>,
  ): Promise<void> {
    const id = typeof stream === 'string' ? stream : stream.streamId;
    return withCallback(
      this.#request<void>((core, handle) => core.forceUnpublish(id, handle)),
      callback,
    );
  }

  /** Mutes the audio of one stream (moderators only). */
  forceMuteStream(
    stream: Stream | string,
    callback?: Callback<void>,
  ): Promise<void> {
    const id = typeof stream === 'string' ? stream : stream.streamId;
    return withCallback(
      this.#request<void>((core, handle) => core.forceMuteStream(id, handle)),
      callback,
    );
  }

  /** Mutes every stream except the excluded ones, now and for new streams. */
  forceMuteAll(
    excludedStreams: Array<Stream | string> = [],
    callback?: Callback<void>,
  ): Promise<void> {
    const ids = JSON.stringify(
      excludedStreams.map((s) => (typeof s === 'string' ? s : s.streamId)),
    );
    return withCallback(
      this.#request<void>((core, handle) => core.forceMuteAll(ids, handle)),
      callback,
    );
  }

  /** Ends the forced mute started by forceMuteAll(). */
  disableForceMute(callback?: Callback<void>): Promise<void> {
    return withCallback(
      this.#request<void>((core, handle) => core.disableForceMute(handle)),
      callback,
    );
  }

  /** Files an issue report on the server; resolves its issue ID. */
  reportIssue(callback?: Callback<string>): Promise<string> {
    const filed = this.#request<{ issueId: string }>((core, handle) =>
      core.reportIssue('', handle),
    ).then((result) => result.issueId);
    return withCallback(filed, callback);
  }

  /** Returns the local Publisher of `stream`, if this client publishes it. */
  getPublisherForStream(stream: Stream): Publisher | undefined {
    return [...this.#publishers.values()].find(
      (publisher) => publisher.stream?.streamId === stream.streamId,
    );
  }

  /** Returns the Subscribers of `stream`. */
  getSubscribersForStream(stream: Stream): Subscriber[] {
    return [...this.#subscribers.values()].filter(
      (subscriber) => subscriber.stream.streamId === stream.streamId,
    );
  }

  /** Returns the session ID, the local connection and the connection status. */
  getSessionInfo(): SessionInfo {
    const driver = this.#driver;
    if (driver === undefined) {
      return {
        sessionId: this.sessionId,
        connection: null,
        connectionStatus: 'disconnected',
      };
    }
    return JSON.parse(
      driver.read((core) => core.getSessionInfo()),
    ) as SessionInfo;
  }

  /** Resolves {canPublish, canSubscribe, canForceMute, canForceDisconnect, ...}. */
  async getCapabilities(): Promise<Record<string, boolean>> {
    const driver = this.#requireDriver();
    try {
      return JSON.parse(
        driver.read((core) => core.getCapabilities()),
      ) as Record<string, boolean>;
    } catch (thrown) {
      throw OTError.fromCore(thrown);
    }
  }

  /**
   * Rejects: end-to-end media encryption is not implemented in this
   * client, and silently sending unencrypted media would mislead.
   */
  setEncryptionSecret(secret: string): Promise<void> {
    if (
      typeof secret !== 'string' ||
      secret.length < 8 ||
      secret.length > 256
    ) {
      return Promise.reject(
        new OTError(
          'OT_INVALID_PARAMETER',
          1011,
          'the encryption secret must be a string of 8 to 256 characters',
        ),
      );
    }
    // TODO: end-to-end encryption (insertable streams) is not implemented.
    return Promise.reject(
      new OTError(
        'OT_ENCRYPTION_NOT_SUPPORTED',
        1600,
        'end-to-end encryption is not supported by this client yet',
      ),
    );
  }

  /** Replaces the ICE configuration; it applies from the next connect(). */
  setIceConfig(iceConfig: SessionOptions['iceConfig']): void {
    if (iceConfig === undefined) {
      delete this.#options.iceConfig;
    } else {
      this.#options.iceConfig = iceConfig;
    }
  }

  /** @internal */
  setPublisherProperty(
    publisherId: string,
    property: string,
    value: boolean,
  ): void {
    const driver = this.#driver;
    if (driver === undefined) {
      return;
    }
    try {
      driver.input((core) =>
        core.setPublisherProperty(publisherId, property, JSON.stringify(value)),
      );
    } catch (thrown) {
      throw OTError.fromCore(thrown);
    }
  }

  /** @internal */
  connectionsOf(ownerId: string): RTCPeerConnection[] {
    return this.#peers?.connectionsOf(ownerId) ?? [];
  }

  /** @internal */
  setPreferredLayer(
    subscriberId: string,
    layer: PreferredLayer,
  ): Promise<void> {
    const layerJson = JSON.stringify(layer);
    return this.#request<void>((core, handle) =>
      core.setPreferredLayer(subscriberId, layerJson, handle),
    );
  }

  /** @internal */
  peersOf(ownerId: string): PeerInfo[] {
    return this.#peers?.peersOf(ownerId) ?? [];
  }

  async #connect(token: string): Promise<void> {
    const driver = await this.#acquireDriver();
    const result = await driver.request<ConnectResult>((core, handle) =>
      core.connect(token, handle),
    );
    const caps = result.capabilities;
    this.#capabilities = {
      publish: caps['publish'] ? 1 : 0,
      subscribe: caps['subscribe'] ? 1 : 0,
      forceDisconnect: caps['forceDisconnect'] ? 1 : 0,
      forceUnpublish: caps['forceUnpublish'] ? 1 : 0,
      forceMute: caps['forceMute'] ? 1 : 0,
    };
  }

  // A session that is disconnected gets a fresh core on connect(), so that
  // options changed in between (setIceConfig) apply. Calls that overlap
  // while the core loads share one core, which then rejects every connect
  // after the first (1015).
  #acquireDriver(): Promise<SessionDriver> {
    const current = this.#driver;
    if (
      current !== undefined &&
      current.read((core) => core.state()) !== 'disconnected'
    ) {
      return Promise.resolve(current);
    }
    this.#creating ??= this.#createDriver().finally(() => {
      this.#creating = undefined;
    });
    return this.#creating;
  }

  async #createDriver(): Promise<SessionDriver> {
    const current = this.#driver;
    const core = await loadCore(getCoreOptions());
    const { serverUrl, ...coreOptions } = this.#options;
    const resolved = resolveSessionOptions(core, coreOptions);
    const url = webSocketUrl(resolved.proxyUrl ?? serverUrl ?? getServerUrl());
    let binding;
    try {
      binding = core.createClientSession(
        this.sessionId,
        this.apiKey,
        JSON.stringify(coreOptions),
        url,
      );
    } catch (thrown) {
      throw OTError.fromCore(thrown);
    }
    current?.destroy();
    this.#peers?.closeAll();
    this.#peers = new PeerConnections(
      this.#peerHost(),
      resolved.enableStereoOutput,
    );
    this.#driver = new SessionDriver(binding, {
      dispatchCoreEvent: (event) => this.#dispatchCoreEvent(event),
      executePeer: (command) => this.#peers?.execute(command),
      executeMedia: (command) => this.#executeMedia(command),
    });
    return this.#driver;
  }

  async #publish(publisher: Publisher): Promise<void> {
    const driver = this.#requireDriver();
    await publisher.start(undefined);
    publisher.attach(this);
    this.#publishers.set(publisher.id, publisher);
    const properties = JSON.stringify(publisher.publishProperties());
    try {
      await driver.request<void>((core, handle) =>
        core.publish(publisher.id, properties, handle),
      );
    } catch (thrown) {
      this.#publishers.delete(publisher.id);
      publisher.attach(undefined);
      throw thrown;
    }
  }

  #request<T>(
    send: Parameters<SessionDriver['request']>[0],
    tag?: (output: CoreOutput) => void,
  ): Promise<T> {
    try {
      return this.#requireDriver().request<T>(send, tag);
    } catch (thrown) {
      return Promise.reject(thrown);
    }
  }

  #requireDriver(): SessionDriver {
    if (this.#driver === undefined) {
      throw new OTError(
        'OT_NOT_CONNECTED',
        1010,
        `session ${this.sessionId} is not connected; call connect() first`,
      );
    }
    return this.#driver;
  }

  #peerHost(): ConstructorParameters<typeof PeerConnections>[0] {
    const report = (call: Parameters<SessionDriver['input']>[0]): void =>
      this.#driver?.input(call);
    return {
      publisherMedia: (streamId) =>
        [...this.#publishers.values()].find(
          (p) => p.stream?.streamId === streamId,
        )?.mediaStream,
      attachRemoteTrack: (subscriberId, event) =>
        this.#subscribers.get(subscriberId)?.attachTrack(event),
      reportLocalDescription: (pcId, type, sdp) =>
        report((core) => core.onPeerLocalDescription(pcId, type, sdp)),
      reportCandidate: (pcId, candidate) =>
        report((core) =>
          core.onPeerIceCandidate(pcId, JSON.stringify(candidate)),
        ),
      reportState: (pcId, state) =>
        report((core) => core.onPeerStateChange(pcId, state)),
    };
  }

  #executeMedia(command: MediaCommand): void {
    const kind = command.op === 'setAudioEnabled' ? 'audio' : 'video';
    this.#publishers
      .get(command.publisherId)
      ?.setTrackEnabled(kind, command.enabled);
  }

  #dispatchCoreEvent(event: CoreEvent): boolean {
    const payload = this.#objectify(event.payload);
    if (event.target === 'publisher') {
      const publisher = this.#publishers.get(event.targetId);
      if (publisher === undefined) {
        return false;
      }
      if (event.name === 'streamDestroyed' || event.name === 'destroyed') {
        this.#publishers.delete(event.targetId);
      }
      return publisher.handleCoreEvent(event.name, payload);
    }
    if (event.target === 'subscriber') {
      const subscriber = this.#subscribers.get(event.targetId);
      if (event.name === 'destroyed') {
        this.#subscribers.delete(event.targetId);
      }
      return subscriber?.handleCoreEvent(event.name, payload) ?? false;
    }
    return this.#dispatchSessionEvent(event, payload);
  }

  #dispatchSessionEvent(
    event: CoreEvent,
    payload: Record<string, unknown>,
  ): boolean {
    if (event.name === 'sessionConnected') {
      this.#connection = payload['connection'] as Connection;
    }
    const dispatched = makeEvent(event.name, this, payload, event.cancelable);
    this.emit(event.name, dispatched);
    if (event.name === 'streamDestroyed') {
      this.#streams.delete((payload['stream'] as Stream).streamId);
    }
    if (event.name === 'connectionDestroyed') {
      this.#connections.delete(
        (payload['connection'] as Connection).connectionId,
      );
    }
    if (event.name === 'sessionDisconnected') {
      this.#connection = undefined;
      this.#capabilities = noCapabilities;
      this.#streams.clear();
      this.#connections.clear();
    }
    return dispatched.isDefaultPrevented();
  }

  // Replaces the JSON of connections and streams with the same Connection
  // and Stream objects every time, so that apps can compare them.
  #objectify(payload: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = { ...payload };
    for (const key of ['connection', 'from'] as const) {
      const value = payload[key];
      if (value !== null && typeof value === 'object') {
        result[key] = this.#connectionOf(value as ConnectionJson);
      }
    }
    const stream = payload['stream'];
    if (stream !== null && typeof stream === 'object') {
      result['stream'] = this.#streamOf(stream as StreamJson);
    }
    return result;
  }

  #connectionOf(json: ConnectionJson): Connection {
    let connection = this.#connections.get(json.connectionId);
    if (connection === undefined) {
      connection = new Connection(json);
      this.#connections.set(json.connectionId, connection);
    }
    return connection;
  }

  #streamOf(json: StreamJson): Stream {
    let stream = this.#streams.get(json.streamId);
    if (stream === undefined) {
      stream = new Stream(json, this.#connectionOf(json.connection));
      this.#streams.set(json.streamId, stream);
    } else {
      stream.update(json);
    }
    return stream;
  }
}

function tagSubscriberPeer(output: CoreOutput, subscriberId: string): void {
  if (
    output.kind === 'peer' &&
    output.op === 'create' &&
    output.role === 'subscriber'
  ) {
    (output as PeerCommand).ownerId = subscriberId;
  }
}

// OpenTok.js returns nothing from disconnect(), unpublish() and
// unsubscribe(), so apps ignore the result: their Promises count as
// handled, while a caller that awaits one still sees its rejection.
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
