/**
 * A Subscriber: the received media of one remote stream with its default
 * UI, created by session.subscribe().
 */
import { type Callback, withCallback } from './callbacks.js';
import { EventEmitter } from './EventEmitter.js';
import type { SubscriberEvents } from './events.js';
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
}

/** The Session interface that a Subscriber calls. */
export interface SubscriberSessionLink {
  /** The peer connections that receive this subscriber's stream. */
  connectionsOf(subscriberId: string): RTCPeerConnection[];
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

  #applyTrackState(): void {
    for (const track of this.#media.getTracks()) {
      track.enabled =
        track.kind === 'audio'
          ? this.#properties.subscribeToAudio !== false
          : this.#properties.subscribeToVideo !== false;
    }
  }
}
