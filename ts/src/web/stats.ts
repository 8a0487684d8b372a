/** Summaries of RTCStatsReport in the shape of OpenTok.js getStats(). */

/** Traffic counters of one media kind. */
export interface KindStats {
  /** Bytes sent (publisher) or received (subscriber). */
  bytes: number;
  /** Packets sent or received. */
  packets: number;
  /** Packets lost, as the receiver counts them. */
  packetsLost: number;
  /** Frames decoded (subscriber video) or encoded (publisher video). */
  frames: number;
  /** Frames per second, where the browser reports it. */
  frameRate: number;
}

/** Audio and video counters with the time of the report. */
export interface MediaStats {
  audio: KindStats;
  video: KindStats;
  /** The report's timestamp in milliseconds. */
  timestamp: number;
}

/** Sums the inbound-rtp or outbound-rtp entries of `report` by kind. */
export function collectStats(
  report: RTCStatsReport,
  type: 'inbound-rtp' | 'outbound-rtp',
): MediaStats {
  const stats: MediaStats = {
    audio: emptyKind(),
    video: emptyKind(),
    timestamp: 0,
  };
  report.forEach((entry: Record<string, unknown>) => {
    if (entry['type'] !== type) {
      return;
    }
    const kind = entry['kind'] === 'audio' ? stats.audio : stats.video;
    kind.bytes += numberOf(entry['bytesReceived'] ?? entry['bytesSent']);
    kind.packets += numberOf(entry['packetsReceived'] ?? entry['packetsSent']);
    kind.packetsLost += numberOf(entry['packetsLost']);
    kind.frames += numberOf(entry['framesDecoded'] ?? entry['framesEncoded']);
    kind.frameRate = Math.max(
      kind.frameRate,
      numberOf(entry['framesPerSecond']),
    );
    stats.timestamp = Math.max(stats.timestamp, numberOf(entry['timestamp']));
  });
  return stats;
}

function emptyKind(): KindStats {
  return { bytes: 0, packets: 0, packetsLost: 0, frames: 0, frameRate: 0 };
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
