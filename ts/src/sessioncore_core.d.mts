// Types of the Emscripten module built from wasm/ (sessioncore_core.mjs).
// Emscripten 3.1.6 cannot emit these, so they are written by hand and must
// change together with the EMSCRIPTEN_BINDINGS blocks in wasm/*.cc.

/** Options that the Emscripten factory accepts. */
export interface CoreModuleOptions {
  /** The .wasm bytes; Node callers pass them because fetch() of a path fails. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Maps a file the module needs (the .wasm) to its URL. */
  locateFile?: (path: string, prefix: string) => string;
}

/** The functions that the Embind bindings export. */
export interface CoreModule {
  /** Validates session options JSON; returns the defaulted options JSON. */
  parseSessionOptions(optionsJson: string): string;
  /** Builds RTCConfiguration JSON from options JSON and a server ICE list. */
  rtcConfiguration(optionsJson: string, serverIceJson: string): string;
  /** The core's error table as JSON: [{name, code}]. */
  errorTable(): string;
  /**
   * Creates the session core of one session; throws an Error with an OT_*
   * name and code when `optionsJson` is not valid session options.
   */
  createClientSession(
    sessionId: string,
    apiKey: string,
    optionsJson: string,
    serverUrl: string,
  ): ClientSessionCore;
}

/**
 * The Embind binding of the client session core (wasm/session_bindings.cc).
 * Request handles, timer IDs and event IDs are JavaScript numbers; every
 * call that takes a handle later yields exactly one `complete` output for
 * it. Drain outputs with takeOutputs() after every call.
 */
export interface ClientSessionCore {
  /** Opens a socket and joins the session with `token`. */
  connect(token: string, handle: number): void;
  /** Leaves the session. */
  disconnect(handle: number): void;
  /** Publishes a stream; `propertiesJson` is the publish properties JSON. */
  publish(publisherId: string, propertiesJson: string, handle: number): void;
  /** Stops publishing the stream of `publisherId`. */
  unpublish(publisherId: string, handle: number): void;
  /** Changes hasAudio, hasVideo or videoDimensions; throws on bad input. */
  setPublisherProperty(
    publisherId: string,
    property: string,
    valueJson: string,
  ): void;
  /** Subscribes `subscriberId` to the remote stream `streamId`. */
  subscribe(subscriberId: string, streamId: string, handle: number): void;
  /** Ends the subscription of `subscriberId`. */
  unsubscribe(subscriberId: string, handle: number): void;
  /**
   * Sends the preferred layer of `subscriberId`, given as JSON
   * {maxWidth, maxHeight, maxFrameRate} with null for no limit.
   */
  setPreferredLayer(
    subscriberId: string,
    layerJson: string,
    handle: number,
  ): void;
  /** Sends a signal given as {type?, data?, to?, retryAfterReconnect?}. */
  signal(signalJson: string, handle: number): void;
  /** Mutes every stream except those in the JSON array of stream IDs. */
  forceMuteAll(excludedStreamIdsJson: string, handle: number): void;
  /** Mutes one stream. */
  forceMuteStream(streamId: string, handle: number): void;
  /** Ends the session-wide forced mute. */
  disableForceMute(handle: number): void;
  /** Disconnects another connection (moderators). */
  forceDisconnect(connectionId: string, handle: number): void;
  /** Stops another client's stream (moderators). */
  forceUnpublish(streamId: string, handle: number): void;
  /** Files an issue report; completes with {issueId}. */
  reportIssue(description: string, handle: number): void;
  /** Returns {sessionId, connection, connectionStatus} as JSON text. */
  getSessionInfo(): string;
  /** Returns the capabilities JSON text; throws when not connected. */
  getCapabilities(): string;
  /** Returns the session state name, such as "connected". */
  state(): string;
  /** Reports that the socket opened. */
  onSocketOpen(): void;
  /** Reports one text frame from the server. */
  onSocketMessage(text: string): void;
  /** Reports that the socket closed. */
  onSocketClosed(code: number, reason: string): void;
  /** Reports a socket error. */
  onSocketError(): void;
  /** Reports that the timer `timerId` fired. */
  onTimer(timerId: number): void;
  /** Reports a local offer or answer of the peer connection `pcId`. */
  onPeerLocalDescription(pcId: string, sdpType: string, sdp: string): void;
  /** Reports a local ICE candidate as RTCIceCandidateInit JSON. */
  onPeerIceCandidate(pcId: string, candidateJson: string): void;
  /** Reports the connectionState of the peer connection `pcId`. */
  onPeerStateChange(pcId: string, state: string): void;
  /** Reports that a handler prevented the default of event `eventId`. */
  preventDefault(eventId: number): void;
  /** Reports that no handler prevented the default of event `eventId`. */
  defaultAction(eventId: number): void;
  /** Tears everything down without events. */
  destroy(): void;
  /** Returns the outputs produced so far as a JSON array text. */
  takeOutputs(): string;
  /** Frees the C++ object; call after destroy(). */
  delete(): void;
}

/** Instantiates the module. */
export default function createSessionCore(
  options?: CoreModuleOptions,
): Promise<CoreModule>;
