/**
 * SubscriberController: the framework-free part of <OTSubscriber> for one
 * stream. It subscribes inside a container element once the session is
 * connected and the stream still exists, applies property changes live,
 * and in dispose() unsubscribes (closing the peer connection) and removes
 * the element. A stream that is gone makes every step a no-op.
 */
import {
  asEventTarget,
  type SessionLike,
  type StreamLike,
  type SubscriberLike,
} from './api.js';
import { createTarget } from './elementTarget.js';
import { HandlerBinding, type EventHandlerMap } from './handlerBinding.js';
import type { SessionClient } from './SessionClient.js';
import { toOTError } from './sessionErrors.js';

/** Properties of <OTSubscriber>, passed to Session.subscribe(). */
export interface SubscriberProperties {
  subscribeToAudio?: boolean;
  subscribeToVideo?: boolean;
  /** Audio volume from 0 to 100. */
  audioVolume?: number;
  preferredResolution?: { width: number; height: number };
  preferredFrameRate?: number;
  insertMode?: 'replace' | 'after' | 'before' | 'append';
  width?: number | string;
  height?: number | string;
  [property: string]: unknown;
}

export class SubscriberController {
  readonly #client: SessionClient;
  readonly #stream: StreamLike;
  readonly #container: HTMLElement;
  readonly #handlers = new HandlerBinding();
  #properties: SubscriberProperties;
  #subscriber: SubscriberLike | null = null;
  #session: SessionLike | null = null;
  #unsubscribeStore: (() => void) | null = null;
  #disposed = false;

  /** Stores the arguments; nothing is subscribed before start(). */
  constructor(
    client: SessionClient,
    stream: StreamLike,
    container: HTMLElement,
    properties: SubscriberProperties,
  ) {
    this.#client = client;
    this.#stream = stream;
    this.#container = container;
    this.#properties = properties;
  }

  /** The Subscriber, once subscribed. */
  get subscriber(): SubscriberLike | null {
    return this.#subscriber;
  }

  /** Replaces the app's subscriber event handlers. */
  setEventHandlers(handlers: EventHandlerMap | undefined): void {
    this.#handlers.setHandlers(handlers);
  }

  /** Subscribes now, or as soon as the session is connected. */
  start(): void {
    if (this.#disposed || this.#unsubscribeStore !== null) {
      return;
    }
    this.#unsubscribeStore = this.#client.subscribe(() =>
      this.#subscribeIfReady(),
    );
    this.#subscribeIfReady();
  }

  /** Applies the properties that changed since the last call. */
  update(properties: SubscriberProperties): void {
    const previous = this.#properties;
    this.#properties = properties;
    const subscriber = this.#subscriber;
    if (subscriber === null) {
      return;
    }
    const audio = properties.subscribeToAudio ?? true;
    if (audio !== (previous.subscribeToAudio ?? true)) {
      subscriber.subscribeToAudio(audio);
    }
    const video = properties.subscribeToVideo ?? true;
    if (video !== (previous.subscribeToVideo ?? true)) {
      subscriber.subscribeToVideo(video);
    }
    this.#updateQuality(subscriber, previous, properties);
  }

  /** Unsubscribes and removes the element; safe after the stream ended. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#unsubscribeStore?.();
    const subscriber = this.#subscriber;
    if (subscriber !== null && this.#session !== null) {
      quietUnsubscribe(this.#session, subscriber);
    }
    this.#handlers.detach();
    this.#container.replaceChildren();
  }

  #updateQuality(
    subscriber: SubscriberLike,
    previous: SubscriberProperties,
    next: SubscriberProperties,
  ): void {
    if (
      next.audioVolume !== undefined &&
      next.audioVolume !== previous.audioVolume
    ) {
      subscriber.setAudioVolume(next.audioVolume);
    }
    const resolution = next.preferredResolution;
    const oldResolution = previous.preferredResolution;
    if (
      resolution?.width !== oldResolution?.width ||
      resolution?.height !== oldResolution?.height
    ) {
      subscriber
        .setPreferredResolution(resolution ?? null)
        .catch((error: unknown) => this.#onError(error));
    }
    if (next.preferredFrameRate !== previous.preferredFrameRate) {
      subscriber
        .setPreferredFrameRate(next.preferredFrameRate ?? null)
        .catch((error: unknown) => this.#onError(error));
    }
  }

  #subscribeIfReady(): void {
    const state = this.#client.getSnapshot();
    if (
      this.#disposed ||
      this.#session !== null ||
      state.status !== 'connected' ||
      state.session === null ||
      !state.streams.some((stream) => stream.streamId === this.#stream.streamId)
    ) {
      return;
    }
    const session = state.session;
    this.#session = session;
    try {
      const subscriber = session.subscribe(
        this.#stream,
        createTarget(this.#container),
        {
          width: '100%',
          height: '100%',
          ...this.#properties,
        },
        (error) => {
          if (error !== undefined) {
            this.#onError(error);
          }
        },
      );
      this.#onSubscribed(session, subscriber);
    } catch (thrown) {
      this.#onError(thrown);
    }
  }

  #onSubscribed(session: SessionLike, subscriber: SubscriberLike): void {
    if (this.#disposed) {
      quietUnsubscribe(session, subscriber);
      return;
    }
    this.#subscriber = subscriber;
    this.#handlers.attach(asEventTarget(subscriber));
  }

  #onError(error: unknown): void {
    if (!this.#disposed) {
      this.#handlers.call('error', toOTError(error));
    }
  }
}

// Unsubscribing after the stream ended is a no-op in the session; an
// unmount must not throw or report an error for it.
function quietUnsubscribe(
  session: SessionLike,
  subscriber: SubscriberLike,
): void {
  try {
    const result = session.unsubscribe(subscriber);
    if (result instanceof Promise) {
      result.catch(() => {});
    }
  } catch {
    // The session already removed the subscriber with its stream.
  }
}
