/**
 * A Publisher: local camera, microphone or screen media with its default
 * UI, published into a Session with session.publish().
 */
import { type Callback, withCallback } from './callbacks.js';
import { EventEmitter } from './EventEmitter.js';
import type { PublisherEvents } from './events.js';
import { OTError } from './errors.js';
import { makeEvent } from './OTEvent.js';
import type { Stream } from './Stream.js';
import { type CaptureRequest, captureMedia } from './web/capture.js';
import {
  createMediaElement,
  type ElementOptions,
  type MediaElement,
  removeMediaElement,
} from './web/mediaElement.js';
import type { PeerInfo } from './web/PeerConnections.js';
import { publisherStats, type PublisherStats } from './web/stats.js';

/** Properties of OT.initPublisher(). */
export interface PublisherProperties extends ElementOptions, CaptureRequest {
  /** The stream name that other clients see. */
  name?: string;
  /** Whether to send audio at the start; default true. */
  publishAudio?: boolean;
  /** Whether to send video at the start; default true. */
  publishVideo?: boolean;
  /** false: capture and publish without creating any DOM element. */
  insertDefaultUI?: boolean;
}

/** The Session interface that a published Publisher calls. */
export interface PublisherSessionLink {
  /** Reports a changed hasAudio or hasVideo to the core. */
  setPublisherProperty(
    publisherId: string,
    property: string,
    value: boolean,
  ): void;
  /** Unpublishes the publisher. */
  unpublish(publisher: Publisher): Promise<void>;
  /** The peer connections that send the stream `streamId`. */
  peersOf(streamId: string): PeerInfo[];
}

/** The counters of one subscriber of the stream, from Publisher.getStats(). */
export interface PublisherStatsEntry {
  /** The connection that subscribes; undefined when the core gave none. */
  connectionId: string | undefined;
  /** The server's ID of that subscription; undefined when unknown. */
  subscriberId: string | undefined;
  stats: PublisherStats;
}

/** One subscriber's RTCStatsReport, from Publisher.getRtcStatsReport(). */
export interface PublisherRtcStatsReportEntry {
  connectionId: string | undefined;
  subscriberId: string | undefined;
  rtcStatsReport: RTCStatsReport;
}

let publisherCount = 0;

export class Publisher extends EventEmitter<PublisherEvents> {
  /** The ID of the publisher and of its element. */
  readonly id: string;
  #properties: PublisherProperties;
  #element: MediaElement | undefined;
  #media: MediaStream | undefined;
  #ready: Promise<MediaStream> | undefined;
  #stream: Stream | undefined;
  #session: PublisherSessionLink | undefined;
  #publishAudio: boolean;
  #publishVideo: boolean;
  #destroyed = false;

  constructor(properties: PublisherProperties = {}) {
    super();
    publisherCount += 1;
    this.id = `OT_publisher_${publisherCount}`;
    this.#properties = { ...properties };
    this.#publishAudio = properties.publishAudio !== false;
    this.#publishVideo = properties.publishVideo !== false;
  }

  /** The published stream, once session.publish() has succeeded. */
  get stream(): Stream | undefined {
    return this.#stream;
  }

  /** The container element of the default UI. */
  get element(): HTMLElement | undefined {
    return this.#element?.container;
  }

  /** The local media, once access was allowed. */
  get mediaStream(): MediaStream | undefined {
    return this.#media;
  }

  /**
   * Creates the element and starts capture; called once by
   * OT.initPublisher() and session.publish().
   * @internal
   */
  start(target: string | HTMLElement | undefined): Promise<MediaStream> {
    if (this.#ready !== undefined) {
      return this.#ready;
    }
    if (this.#properties.insertDefaultUI !== false) {
      this.#element = createMediaElement(
        'OT_publisher',
        this.id,
        target,
        this.#properties,
      );
      this.#element.video.muted = true;
    }
    this.#ready = this.#capture();
    return this.#ready;
  }

  /** Starts or stops sending audio. */
  publishAudio(enabled: boolean): void {
    this.#publishAudio = enabled;
    this.#setTracks('audio', enabled);
    this.#report('hasAudio', enabled);
  }

  /** Starts or stops sending video. */
  publishVideo(enabled: boolean): void {
    this.#publishVideo = enabled;
    this.#setTracks('video', enabled);
    this.#report('hasVideo', enabled);
  }

  /** Unpublishes if needed, stops capture and removes the element. */
  destroy(): this {
    if (this.#session !== undefined && this.#stream !== undefined) {
      void this.#session.unpublish(this).catch(() => undefined);
    }
    this.release('destroyed');
    return this;
  }

  /**
   * Resolves the traffic counters of each peer connection that sends the
   * stream, one entry per subscriber. The list is empty before the stream
   * is published and while it has no subscribers.
   */
  getStats(
    callback?: Callback<PublisherStatsEntry[]>,
  ): Promise<PublisherStatsEntry[]> {
    const entries = this.getRtcStatsReport().then((reports) =>
      reports.map(({ connectionId, subscriberId, rtcStatsReport }) => ({
        connectionId,
        subscriberId,
        stats: publisherStats(rtcStatsReport),
      })),
    );
    return withCallback(entries, callback);
  }

  /** Resolves the RTCStatsReport of each peer connection of the stream. */
  async getRtcStatsReport(): Promise<PublisherRtcStatsReportEntry[]> {
    const streamId = this.#stream?.streamId;
    if (this.#session === undefined || streamId === undefined) {
      return [];
    }
    const peers = this.#session.peersOf(streamId);
    return Promise.all(
      peers.map(async (peer) => ({
        connectionId: peer.connectionId,
        subscriberId: peer.subscriptionId,
        rtcStatsReport: await peer.pc.getStats(),
      })),
    );
  }

  /**
   * Attaches the publisher to the session that publishes it.
   * @internal
   */
  attach(session: PublisherSessionLink | undefined): void {
    this.#session = session;
  }

  /**
   * Returns the publish properties that the core sends to the server.
   * @internal
   */
  publishProperties(): Record<string, unknown> {
    const video = this.#media?.getVideoTracks()[0]?.getSettings();
    const properties: Record<string, unknown> = {
      name: this.#properties.name ?? '',
      publishAudio: this.#publishAudio && this.#hasTrack('audio'),
      publishVideo: this.#publishVideo && this.#hasTrack('video'),
      videoType:
        this.#properties.videoSource === 'screen' ? 'screen' : 'camera',
    };
    if (video?.width !== undefined && video.height !== undefined) {
      properties['videoDimensions'] = {
        width: video.width,
        height: video.height,
      };
    }
    if (video?.frameRate !== undefined) {
      properties['frameRate'] = Math.round(video.frameRate);
    }
    return properties;
  }

  /**
   * Handles a Publisher event of the core; returns true when a handler
   * prevented its default.
   * @internal
   */
  handleCoreEvent(name: string, payload: Record<string, unknown>): boolean {
    if (name === 'streamCreated') {
      this.#stream = payload['stream'] as Stream;
    }
    if (name === 'muteForced') {
      this.#publishAudio = false;
    }
    if (name === 'destroyed' && this.#destroyed) {
      return false;
    }
    const cancelable = name === 'streamDestroyed';
    const event = makeEvent(name, this, payload, cancelable);
    this.emit(name, event);
    if (name === 'streamDestroyed') {
      this.#stream = undefined;
      this.#session = undefined;
      if (!event.isDefaultPrevented()) {
        this.release(String(payload['reason'] ?? 'unpublished'));
      }
    }
    if (name === 'destroyed') {
      this.#session = undefined;
      this.#stream = undefined;
      this.release(String(payload['reason'] ?? ''), false);
    }
    return event.isDefaultPrevented();
  }

  /**
   * Turns a track kind on or off on the core's request (a forced mute).
   * @internal
   */
  setTrackEnabled(kind: 'audio' | 'video', enabled: boolean): void {
    this.#setTracks(kind, enabled);
  }

  /**
   * Stops the tracks and removes the element; emits destroyed once.
   * @internal
   */
  release(reason: string, announce = true): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    for (const track of this.#media?.getTracks() ?? []) {
      track.stop();
    }
    if (this.#element !== undefined) {
      removeMediaElement(this.#element);
      this.#element = undefined;
    }
    if (announce) {
      this.emit('destroyed', makeEvent('destroyed', this, { reason }));
    }
  }

  async #capture(): Promise<MediaStream> {
    let media: MediaStream;
    try {
      media = await captureMedia(this.#properties);
    } catch (thrown) {
      const error = OTError.fromCore(thrown);
      this.emit(
        'accessDenied',
        makeEvent('accessDenied', this, { message: error.message }),
      );
      throw error;
    }
    if (this.#destroyed) {
      media.getTracks().forEach((track) => track.stop());
      throw new OTError('OT_NOT_FOUND', 404, 'the publisher was destroyed');
    }
    this.#media = media;
    this.#setTracks('audio', this.#publishAudio);
    this.#setTracks('video', this.#publishVideo);
    this.emit('accessAllowed', makeEvent('accessAllowed', this, {}));
    if (this.#element !== undefined) {
      this.#element.video.srcObject = media;
      void this.#element.video.play().catch(() => undefined);
      this.emit(
        'videoElementCreated',
        makeEvent('videoElementCreated', this, {
          element: this.#element.video,
        }),
      );
    }
    return media;
  }

  #hasTrack(kind: 'audio' | 'video'): boolean {
    return (this.#media?.getTracks() ?? []).some(
      (track) => track.kind === kind,
    );
  }

  #setTracks(kind: 'audio' | 'video', enabled: boolean): void {
    for (const track of this.#media?.getTracks() ?? []) {
      if (track.kind === kind) {
        track.enabled = enabled;
      }
    }
  }

  #report(property: 'hasAudio' | 'hasVideo', enabled: boolean): void {
    if (this.#session !== undefined && this.#stream !== undefined) {
      this.#session.setPublisherProperty(this.id, property, enabled);
    }
  }
}
