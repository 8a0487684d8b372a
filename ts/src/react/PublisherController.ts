/**
 * PublisherController: the framework-free part of <OTPublisher>. It creates
 * one Publisher inside a container element, publishes it once the session
 * is connected, applies publishAudio/publishVideo changes live, and in
 * dispose() unpublishes, stops the tracks and removes the element.
 */
import {
  asEventTarget,
  initPublisher,
  type PublisherLike,
  type SessionLike,
} from './api.js';
import { createTarget } from './elementTarget.js';
import { HandlerBinding, type EventHandlerMap } from './handlerBinding.js';
import type { SessionClient } from './SessionClient.js';
import { toOTError } from './sessionErrors.js';

/** Properties of <OTPublisher>, passed to initPublisher(). */
export interface PublisherProperties {
  publishAudio?: boolean;
  publishVideo?: boolean;
  name?: string;
  videoSource?: string | boolean | null;
  audioSource?: string | boolean | null;
  resolution?: string;
  frameRate?: number;
  audioBitrate?: number;
  insertMode?: 'replace' | 'after' | 'before' | 'append';
  width?: number | string;
  height?: number | string;
  [property: string]: unknown;
}

export class PublisherController {
  readonly #client: SessionClient | null;
  readonly #container: HTMLElement;
  readonly #properties: PublisherProperties;
  readonly #handlers = new HandlerBinding();
  #publisher: PublisherLike | null = null;
  #publishedTo: SessionLike | null = null;
  #unsubscribe: (() => void) | null = null;
  #audio: boolean;
  #video: boolean;
  #disposed = false;

  /** Stores the arguments; nothing is created before start(). */
  constructor(
    client: SessionClient | null,
    container: HTMLElement,
    properties: PublisherProperties,
  ) {
    this.#client = client;
    this.#container = container;
    this.#properties = properties;
    this.#audio = properties.publishAudio ?? true;
    this.#video = properties.publishVideo ?? true;
  }

  /** The Publisher, once start() has created it. */
  get publisher(): PublisherLike | null {
    return this.#publisher;
  }

  /** Replaces the app's publisher event handlers. */
  setEventHandlers(handlers: EventHandlerMap | undefined): void {
    this.#handlers.setHandlers(handlers);
  }

  /** Creates the Publisher and publishes it when the session is connected. */
  start(): void {
    if (this.#disposed || this.#publisher !== null) {
      return;
    }
    try {
      this.#publisher = initPublisher(
        createTarget(this.#container),
        {
          width: '100%',
          height: '100%',
          ...this.#properties,
        },
        (error) => this.#onError(error),
      );
    } catch (thrown) {
      this.#onError(thrown);
      return;
    }
    this.#handlers.attach(asEventTarget(this.#publisher));
    if (this.#client !== null) {
      this.#unsubscribe = this.#client.subscribe(() => this.#publishIfReady());
      this.#publishIfReady();
    }
  }

  /** Applies publishAudio and publishVideo when their values changed. */
  update(properties: PublisherProperties): void {
    const audio = properties.publishAudio ?? true;
    const video = properties.publishVideo ?? true;
    if (audio !== this.#audio) {
      this.#audio = audio;
      this.#publisher?.publishAudio(audio);
    }
    if (video !== this.#video) {
      this.#video = video;
      this.#publisher?.publishVideo(video);
    }
  }

  /** Unpublishes, destroys the Publisher (stopping its tracks) and detaches. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#unsubscribe?.();
    const publisher = this.#publisher;
    if (publisher !== null) {
      if (this.#publishedTo !== null) {
        quietly(() => this.#publishedTo?.unpublish(publisher));
      }
      quietly(() => publisher.destroy());
    }
    this.#handlers.detach();
    this.#container.replaceChildren();
  }

  #publishIfReady(): void {
    const state = this.#client?.getSnapshot();
    const publisher = this.#publisher;
    if (
      this.#disposed ||
      publisher === null ||
      this.#publishedTo !== null ||
      state?.status !== 'connected' ||
      state.session === null
    ) {
      return;
    }
    const session = state.session;
    this.#publishedTo = session;
    session.publish(publisher, (error) => {
      if (error === undefined) {
        // Unmounted while publishing: take the new stream down again.
        if (this.#disposed) {
          quietly(() => session.unpublish(publisher));
        }
        return;
      }
      if (this.#publishedTo === session) {
        this.#publishedTo = null;
      }
      this.#onError(error);
    });
  }

  #onError(error: unknown): void {
    if (error === undefined || error === null || this.#disposed) {
      return;
    }
    this.#handlers.call('error', toOTError(error));
  }
}

// Cleanup of an object that may already be gone (a stream the server
// destroyed, a session that dropped) must not throw out of an unmount.
function quietly(cleanup: () => unknown): void {
  try {
    const result = cleanup();
    if (result instanceof Promise) {
      result.catch(() => {});
    }
  } catch {
    // Nothing is left to release.
  }
}
