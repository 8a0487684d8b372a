import type { Connection, ConnectionJson } from './Connection.js';

/** Width and height of a video stream in pixels. */
export interface VideoDimensions {
  width: number;
  height: number;
}

/** A published audio/video stream in a session. */
export class Stream {
  /** The server-assigned stream ID. */
  readonly streamId: string;
  /** The connection that publishes the stream. */
  readonly connection: Connection;
  /** When publishing started, in milliseconds since the epoch. */
  readonly creationTime: number;
  /** The name the publisher gave the stream. */
  readonly name: string;
  /** Whether the stream currently carries audio. */
  hasAudio: boolean;
  /** Whether the stream currently carries video. */
  hasVideo: boolean;
  /** Whether the stream carries captions. */
  hasCaptions: boolean;
  /** 'camera', 'screen' or 'custom'. */
  readonly videoType: string;
  /** The current video size. */
  videoDimensions: VideoDimensions;
  /** The frame rate the publisher asked for. */
  readonly frameRate: number;

  constructor(json: StreamJson, connection: Connection) {
    this.streamId = json.streamId;
    this.connection = connection;
    this.creationTime = json.creationTime;
    this.name = json.name;
    this.hasAudio = json.hasAudio;
    this.hasVideo = json.hasVideo;
    this.hasCaptions = json.hasCaptions;
    this.videoType = json.videoType;
    this.videoDimensions = { ...json.videoDimensions };
    this.frameRate = json.frameRate;
  }

  /** Copies the properties that can change from a newer description. */
  update(json: StreamJson): void {
    this.hasAudio = json.hasAudio;
    this.hasVideo = json.hasVideo;
    this.hasCaptions = json.hasCaptions;
    this.videoDimensions = { ...json.videoDimensions };
  }
}

/** A stream as the session core encodes it. */
export interface StreamJson {
  streamId: string;
  connection: ConnectionJson;
  creationTime: number;
  name: string;
  hasAudio: boolean;
  hasVideo: boolean;
  hasCaptions: boolean;
  videoType: string;
  videoDimensions: VideoDimensions;
  frameRate: number;
}
