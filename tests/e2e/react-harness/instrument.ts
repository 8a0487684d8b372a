// Page instrumentation for the React browser tests, installed with
// context.addInitScript() before any page script runs. It records every
// RTCPeerConnection, WebSocket and getUserMedia track the page creates, so
// a test can check that an unmount released them all.

/** Installs the recorders on `window.instrumented`. Runs in the page. */
export function installInstrumentation(): void {
  const record = {
    peerConnections: [] as RTCPeerConnection[],
    sockets: [] as WebSocket[],
    tracks: [] as MediaStreamTrack[],
  };
  (window as any).instrumented = record;

  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      record.peerConnections.push(this);
    }
  } as typeof RTCPeerConnection;

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      record.sockets.push(this);
    }
  } as typeof WebSocket;

  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    record.tracks.push(...stream.getTracks());
    return stream;
  };
}

/** What a page still holds; read with page.evaluate(readResources). */
export interface HeldResources {
  peerConnections: number;
  openPeerConnections: number;
  sockets: number;
  openSockets: number;
  liveTracks: number;
  mediaElements: number;
}

/** Counts what the page created and what is still open. Runs in the page. */
export function readResources(): HeldResources {
  const record = (window as any).instrumented as {
    peerConnections: RTCPeerConnection[];
    sockets: WebSocket[];
    tracks: MediaStreamTrack[];
  };
  return {
    peerConnections: record.peerConnections.length,
    openPeerConnections: record.peerConnections.filter(
      (pc) => pc.signalingState !== 'closed',
    ).length,
    sockets: record.sockets.length,
    openSockets: record.sockets.filter(
      (socket) => socket.readyState !== WebSocket.CLOSED,
    ).length,
    liveTracks: record.tracks.filter((track) => track.readyState === 'live')
      .length,
    mediaElements: document.querySelectorAll('video, audio').length,
  };
}

/** Sums framesDecoded of inbound video over all peer connections. */
export async function countDecodedFrames(): Promise<number> {
  const record = (window as any).instrumented as {
    peerConnections: RTCPeerConnection[];
  };
  let frames = 0;
  for (const pc of record.peerConnections) {
    if (pc.signalingState === 'closed') {
      continue;
    }
    const report = await pc.getStats();
    report.forEach((stat: any) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
        frames += stat.framesDecoded ?? 0;
      }
    });
  }
  return frames;
}

/** Counts open peer connections that have decoded inbound video. */
export async function countDecodingPeerConnections(): Promise<number> {
  const record = (window as any).instrumented as {
    peerConnections: RTCPeerConnection[];
  };
  let decoding = 0;
  for (const pc of record.peerConnections) {
    if (pc.signalingState === 'closed') {
      continue;
    }
    let frames = 0;
    const report = await pc.getStats();
    report.forEach((stat: any) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
        frames += stat.framesDecoded ?? 0;
      }
    });
    if (frames > 0) {
      decoding += 1;
    }
  }
  return decoding;
}

/** Returns the frameWidth of inbound video per open peer connection. */
export async function inboundFrameWidths(): Promise<number[]> {
  const record = (window as any).instrumented as {
    peerConnections: RTCPeerConnection[];
  };
  const widths: number[] = [];
  for (const pc of record.peerConnections) {
    if (pc.signalingState === 'closed') {
      continue;
    }
    const report = await pc.getStats();
    report.forEach((stat: any) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
        widths.push(stat.frameWidth ?? 0);
      }
    });
  }
  return widths;
}
