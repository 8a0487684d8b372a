/**
 * Summaries of an RTCStatsReport in the shape of OpenTok.js getStats():
 * cumulative byte and packet counters per media kind, the current frame
 * rate and the report's timestamp. Each summary adds one counter that
 * OpenTok.js lacks: framesDecoded (subscriber) or framesEncoded (publisher).
 */

/** Audio counters of a Subscriber. */
export interface SubscriberAudioStats {
  bytesReceived: number;
  packetsLost: number;
  packetsReceived: number;
}

/** Video counters of a Subscriber. */
export interface SubscriberVideoStats extends SubscriberAudioStats {
  /** Frames per second decoded, as the browser reports it; 0 when unknown. */
  frameRate: number;
  framesDecoded: number;
}

/** The result of Subscriber.getStats(). */
export interface SubscriberStats {
  audio: SubscriberAudioStats;
  video: SubscriberVideoStats;
  /** The report's timestamp in milliseconds since the Unix epoch. */
  timestamp: number;
}

/** Audio counters of one peer connection of a Publisher. */
export interface PublisherAudioStats {
  bytesSent: number;
  /** Packets lost as the receiver reported them in RTCP receiver reports. */
  packetsLost: number;
  packetsSent: number;
}

/** Video counters of one peer connection of a Publisher. */
export interface PublisherVideoStats extends PublisherAudioStats {
  /** Frames per second sent, as the browser reports it; 0 when unknown. */
  frameRate: number;
  framesEncoded: number;
}

/** The counters of one peer connection of a Publisher. */
export interface PublisherStats {
  audio: PublisherAudioStats;
  video: PublisherVideoStats;
  /** The report's timestamp in milliseconds since the Unix epoch. */
  timestamp: number;
}

type StatsEntry = Record<string, unknown>;

/** Sums the inbound-rtp entries of `report` by media kind. */
export function subscriberStats(report: RTCStatsReport): SubscriberStats {
  const stats: SubscriberStats = {
    audio: { bytesReceived: 0, packetsLost: 0, packetsReceived: 0 },
    video: {
      bytesReceived: 0,
      packetsLost: 0,
      packetsReceived: 0,
      frameRate: 0,
      framesDecoded: 0,
    },
    timestamp: reportTimestamp(report),
  };
  for (const entry of entriesOfType(report, 'inbound-rtp')) {
    const kind = entry['kind'] === 'audio' ? stats.audio : stats.video;
    kind.bytesReceived += numberOf(entry['bytesReceived']);
    kind.packetsLost += numberOf(entry['packetsLost']);
    kind.packetsReceived += numberOf(entry['packetsReceived']);
    if (kind === stats.video) {
      stats.video.framesDecoded += numberOf(entry['framesDecoded']);
      stats.video.frameRate = Math.max(
        stats.video.frameRate,
        numberOf(entry['framesPerSecond']),
      );
    }
  }
  return stats;
}

/**
 * Sums the outbound-rtp entries of `report` by media kind; packetsLost
 * comes from the remote-inbound-rtp entries, which carry what the remote
 * receiver reported.
 */
export function publisherStats(report: RTCStatsReport): PublisherStats {
  const stats: PublisherStats = {
    audio: { bytesSent: 0, packetsLost: 0, packetsSent: 0 },
    video: {
      bytesSent: 0,
      packetsLost: 0,
      packetsSent: 0,
      frameRate: 0,
      framesEncoded: 0,
    },
    timestamp: reportTimestamp(report),
  };
  for (const entry of entriesOfType(report, 'outbound-rtp')) {
    const kind = entry['kind'] === 'audio' ? stats.audio : stats.video;
    kind.bytesSent += numberOf(entry['bytesSent']);
    kind.packetsSent += numberOf(entry['packetsSent']);
    if (kind === stats.video) {
      stats.video.framesEncoded += numberOf(entry['framesEncoded']);
      stats.video.frameRate = Math.max(
        stats.video.frameRate,
        numberOf(entry['framesPerSecond']),
      );
    }
  }
  for (const entry of entriesOfType(report, 'remote-inbound-rtp')) {
    const kind = entry['kind'] === 'audio' ? stats.audio : stats.video;
    kind.packetsLost += numberOf(entry['packetsLost']);
  }
  return stats;
}

function entriesOfType(report: RTCStatsReport, type: string): StatsEntry[] {
  const entries: StatsEntry[] = [];
  report.forEach((entry: StatsEntry) => {
    if (entry['type'] === type) {
      entries.push(entry);
    }
  });
  return entries;
}

// The newest entry timestamp, or now for a report without entries (a
// subscriber whose peer connection is already closed).
function reportTimestamp(report: RTCStatsReport): number {
  let timestamp = 0;
  report.forEach((entry: StatsEntry) => {
    timestamp = Math.max(timestamp, numberOf(entry['timestamp']));
  });
  return timestamp > 0 ? timestamp : Date.now();
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
