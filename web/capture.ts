/** Local media capture for publishers. */
import { OTError } from '../errors.js';

/** The media sources of a publisher. */
export interface CaptureRequest {
  /** false for no audio, or a microphone deviceId. */
  audioSource?: string | boolean | null | MediaStreamTrack;
  /** false for no video, 'screen' for screen sharing, or a deviceId. */
  videoSource?: string | boolean | null | MediaStreamTrack;
  /** Capture size such as '640x480'. */
  resolution?: string;
  /** Capture frame rate. */
  frameRate?: number;
}

/**
 * Captures the media that a publisher requests; rejects with
 * OT_USER_MEDIA_ACCESS_DENIED (1500) when the user or browser refuses.
 */
export async function captureMedia(
  request: CaptureRequest,
): Promise<MediaStream> {
  const tracks: MediaStreamTrack[] = [];
  try {
    if (request.videoSource === 'screen') {
      const screen = await navigator.mediaDevices.getDisplayMedia({
        video: true,
      });
      tracks.push(...screen.getVideoTracks());
    }
    const constraints = cameraConstraints(request);
    if (constraints.audio !== false || constraints.video !== false) {
      const camera = await navigator.mediaDevices.getUserMedia(constraints);
      tracks.push(...camera.getTracks());
    }
  } catch (thrown) {
    for (const track of tracks) {
      track.stop();
    }
    throw new OTError(
      'OT_USER_MEDIA_ACCESS_DENIED',
      1500,
      `could not capture media: ${(thrown as Error).message}`,
      { cause: thrown },
    );
  }
  for (const source of [request.audioSource, request.videoSource]) {
    if (source instanceof MediaStreamTrack) {
      tracks.push(source);
    }
  }
  return new MediaStream(tracks);
}

function cameraConstraints(request: CaptureRequest): MediaStreamConstraints {
  return {
    audio: sourceConstraint(request.audioSource, {}),
    video:
      request.videoSource === 'screen'
        ? false
        : sourceConstraint(request.videoSource, videoShape(request)),
  };
}

function sourceConstraint(
  source: CaptureRequest['audioSource'],
  shape: MediaTrackConstraints,
): boolean | MediaTrackConstraints {
  if (
    source === false ||
    source === null ||
    source instanceof MediaStreamTrack
  ) {
    return false;
  }
  if (typeof source === 'string') {
    return { ...shape, deviceId: { exact: source } };
  }
  return Object.keys(shape).length === 0 ? true : shape;
}

function videoShape(request: CaptureRequest): MediaTrackConstraints {
  const shape: MediaTrackConstraints = {};
  const size = /^(\d+)x(\d+)$/.exec(request.resolution ?? '');
  if (size?.[1] !== undefined && size[2] !== undefined) {
    shape.width = { ideal: Number(size[1]) };
    shape.height = { ideal: Number(size[2]) };
  }
  if (request.frameRate !== undefined) {
    shape.frameRate = { ideal: request.frameRate };
  }
  return shape;
}
