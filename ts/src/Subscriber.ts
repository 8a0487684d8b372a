/**
 * A Subscriber: the received media of one remote stream with its default
 * UI, created by session.subscribe().
 */
import { type Callback, withCallback } from './callbacks.js';
import { EventEmitter } from './EventEmitter.js';
import type { SubscriberEvents } from './events.js';
import { log } from './logger.js';
import { makeEvent } from './OTEvent.js';
import type { Stream } from './Stream.js';
import {
  createMediaElement,
  type ElementOptions,
  type MediaElement,
  playWithAutoplayPolicy,
  removeMediaElement,
} from './web/mediaElement.js';
import { subscriberStats, type SubscriberStats } from './web/stats.js';

/** Properties of session.subscribe(). */
export interface SubscriberProperties extends ElementOptions {
  /** Whether to play the stream's audio; default true. */
  subscribeToAudio?: boolean;
  /** Whether to show the stream's video; default true. */
  subscribeToVideo?: boolean;
  /** Playback volume from 0 to 100; default 50. */
  audioVolume?: number;
  /** false: receive media without creating any DOM element. */
  insertDefaultUI?: boolean;
  /** The largest video size to receive; the publisher scales down to fit. */
  preferredResolution?: VideoResolution | null;
  /** The highest video frame rate to receive. */
  preferredFrameRate?: number | null;
}

/** A video size in pixels. */
export interface VideoResolution {
  width: number;
  height: number;
}

/** The limits a subscriber requests from its publisher; null for none. */
export interface PreferredLayer {
  maxWidth: number | null;
  maxHeight: number | null;
  maxFrameRate: number | null;
}

/** The Session interface that a Subscriber calls. */
export interface SubscriberSessionLink {
  /** The peer connections that receive this subscriber's stream. */
  connectionsOf(subscriberId: string): RTCPeerConnection[];
  /** Sends the subscriber's preferred layer; rejects with an OTError. */
  setPreferredLayer(subscriberId: string, layer: PreferredLayer): Promise<void>;
}

let subscriberCount = 0;

export class Subscriber extends EventEmitter<SubscriberEvents> {
  /** The ID of the subscriber and of its element. */
  readonly id: string;
  /** The stream this subscriber receives. */
  readonly stream: Stream;
  #session: SubscriberSessionLink;
  #properties: SubscriberProperties;
  #element: MediaElement | undefined;
  #media = new MediaStream();
  #destroyed = false;
  #subscribed: Promise<void>;
  #markSubscribed: (outcome: Error | undefined) => void = () => undefined;

  constructor(
    stream: Stream,
    session: SubscriberSessionLink,
    properties: SubscriberProperties = {},
  ) {
    super();
    subscriberCount += 1;
    this.id = `OT_subscriber_${subscriberCount}`;
    this.stream = stream;
    this.#session = session;
    this.#properties = { ...properties };
    const volume = properties.audioVolume ?? 50;
    if (!Number.isFinite(volume) || volume < 0 || volume > 100) {
      throw new RangeError(`audioVolume ${volume} is not between 0 and 100`);
    }
    this.#subscribed = new Promise((resolve, reject) => {
      this.#markSubscribed = (outcome) =>
        outcome === undefined ? resolve() : reject(outcome);
    });
    this.#subscribed.catch(() => undefined);
  }

  /** The container element of the default UI. */
  get element(): HTMLElement | undefined {
    return this.#element?.container;
  }

  /**
   * Creates the default UI at `target`.
   * @internal
   */
  show(target: string | HTMLElement | undefined): void {
    if (this.#properties.insertDefaultUI === false) {
      return;
    }
    this.#element = createMediaElement(
      'OT_subscriber',
      this.id,
      target,
      this.#properties,
    );
    this.#element.video.volume = (this.#properties.audioVolume ?? 50) / 100;
    this.emit(
      'videoElementCreated',
      makeEvent('videoElementCreated', this, { element: this.#element.video }),
    );
  }

  /** Starts or stops playing the stream's audio. */
  subscribeToAudio(enabled: boolean): this {
    this.#properties.subscribeToAudio = enabled;
    this.#applyTrackState();
    return this;
  }

  /** Starts or stops showing the stream's video. */
  subscribeToVideo(enabled: boolean): this {
    this.#properties.subscribeToVideo = enabled;
    this.#applyTrackState();
    return this;
  }

  /** Sets the playback volume, from 0 to 100. */
  setAudioVolume(volume: number): this {
    if (!Number.isFinite(volume) || volume < 0 || volume > 100) {
      throw new RangeError(`audioVolume ${volume} is not between 0 and 100`);
    }
    this.#properties.audioVolume = volume;
    if (this.#element !== undefined) {
      this.#element.video.volume = volume / 100;
    }
    return this;
  }

  /** Returns the playback volume, from 0 to 100. */
  getAudioVolume(): number {
    return this.#properties.audioVolume ?? 50;
  }

  /**
   * Asks the publisher to send video no larger than `resolution`; null
   * lifts the limit. The publisher scales its video for this subscriber
   * only. Resolves once the server accepted the request; rejects with
   * OT_INVALID_PARAMETER (1011) for a size outside 1..7680 x 1..4320.
   */
  setPreferredResolution(resolution: VideoResolution | null): Promise<void> {
    const previous = this.#properties.preferredResolution ?? null;
    this.#properties.preferredResolution = resolution;
    return this.#sendPreferredLayer(() => {
      if (this.#properties.preferredResolution === resolution) {
        this.#properties.preferredResolution = previous;
      }
    });
  }

  /**
   * Asks the publisher to send at most `frameRate` frames per second to
   * this subscriber; null lifts the limit. Rejects with
   * OT_INVALID_PARAMETER (1011) for a rate outside 1..60.
   */
  setPreferredFrameRate(frameRate: number | null): Promise<void> {
    const previous = this.#properties.preferredFrameRate ?? null;
    this.#properties.preferredFrameRate = frameRate;
    return this.#sendPreferredLayer(() => {
      if (this.#properties.preferredFrameRate === frameRate) {
        this.#properties.preferredFrameRate = previous;
      }
    });
  }

  /**
   * Records the outcome of session.subscribe(); preferences set before
   * that are sent once it succeeded.
   * @internal
   */
  subscribed(outcome: Error | undefined): void {
    this.#markSubscribed(outcome);
    const { preferredResolution, preferredFrameRate } = this.#properties;
    if (outcome === undefined && (preferredResolution || preferredFrameRate)) {
      void this.#sendPreferredLayer().catch((error: unknown) =>
        log('warn', 'subscriber', `${this.id}: preferred layer rejected`, {
          error: String(error),
        }),
      );
    }
  }

  /**
   * Resolves the received traffic counters; they are all 0 before the peer
   * connection exists and after it closed.
   */
  getStats(callback?: Callback<SubscriberStats>): Promise<SubscriberStats> {
    const stats = this.getRtcStatsReport().then(subscriberStats);
    return withCallback(stats, callback);
  }

  /**
   * Resolves the RTCStatsReport of the subscriber's peer connection; the
   * report is empty when there is no peer connection.
   */
  async getRtcStatsReport(): Promise<RTCStatsReport> {
    const pc = this.#session.connectionsOf(this.id)[0];
    if (pc === undefined) {
      return new Map() as unknown as RTCStatsReport;
    }
    return pc.getStats();
  }

  /**
   * Plays a track that the peer connection received.
   * @internal
   */
  attachTrack(event: RTCTrackEvent): void {
    this.#media.addTrack(event.track);
    this.#applyTrackState();
    const element = this.#element;
    if (element === undefined) {
      return;
    }
    if (element.video.srcObject !== this.#media) {
      element.video.srcObject = this.#media;
    }
    void playWithAutoplayPolicy(element.video).then((blocked) => {
      if (blocked) {
        this.emit('audioBlocked', makeEvent('audioBlocked', this, {}));
      }
    });
  }

  /**
   * Handles a Subscriber event of the core.
   * @internal
   */
  handleCoreEvent(name: string, payload: Record<string, unknown>): boolean {
    const event = makeEvent(name, this, payload);
    if (name === 'destroyed') {
      if (this.#destroyed) {
        return false;
      }
      this.#release();
    }
    this.emit(name, event);
    return false;
  }

  #release(): void {
    this.#destroyed = true;
    for (const track of this.#media.getTracks()) {
      track.stop();
      this.#media.removeTrack(track);
    }
    if (this.#element !== undefined) {
      removeMediaElement(this.#element);
      this.#element = undefined;
    }
  }

  // Sends the current preferences once the subscription exists, because
  // the server has the subscription only then. `undo` restores the
  // previous value when the core or the server rejects the new one.
  #sendPreferredLayer(undo: () => void = () => undefined): Promise<void> {
    const sent = this.#subscribed.then(() => {
      const resolution = this.#properties.preferredResolution ?? null;
      return this.#session.setPreferredLayer(this.id, {
        maxWidth: resolution?.width ?? null,
        maxHeight: resolution?.height ?? null,
        maxFrameRate: this.#properties.preferredFrameRate ?? null,
      });
    });
    sent.catch(undo);
    return sent;
  }

  #applyTrackState(): void {
    for (const track of this.#media.getTracks()) {
      track.enabled =
        track.kind === 'audio'
          ? this.#properties.subscribeToAudio !== false
          : this.#properties.subscribeToVideo !== false;
    }
  }
}
