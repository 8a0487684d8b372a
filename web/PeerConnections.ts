/**
 * The RTCPeerConnections of one session, one per publisher/subscriber pair,
 * driven by the core's peer commands. Operations on one connection run one
 * after another, so a candidate is never added before the remote
 * description it belongs to.
 */
import { log } from '../logger.js';
import type { PeerCommand } from './coreOutputs.js';
import { preferStereoOpus } from './sdp.js';

/** The callbacks of the peer connections into the session and the core. */
export interface PeerHost {
  /** The local media of the publisher of `streamId`, if it publishes. */
  publisherMedia(streamId: string): MediaStream | undefined;
  /** Hands a received track to the subscriber `subscriberId`. */
  attachRemoteTrack(subscriberId: string, event: RTCTrackEvent): void;
  /** Reports a local offer or answer to the core. */
  reportLocalDescription(pcId: string, type: string, sdp: string): void;
  /** Reports a local ICE candidate to the core. */
  reportCandidate(pcId: string, candidate: RTCIceCandidateInit): void;
  /** Reports connectionState changes to the core. */
  reportState(pcId: string, state: string): void;
}

/** One open peer connection with the IDs from the core's create command. */
export interface PeerInfo {
  pc: RTCPeerConnection;
  /** The server's subscription ID, when the core's create command gave it. */
  subscriptionId: string | undefined;
  /** The subscribing connection (publisher side), when the core gave it. */
  connectionId: string | undefined;
}

interface PeerEntry extends PeerInfo {
  role: 'publisher' | 'subscriber';
  ownerId: string | undefined;
  chain: Promise<void>;
  /** Set when a colliding remote offer was ignored; skips its answer. */
  ignoredOffer: boolean;
}

export class PeerConnections {
  #peers = new Map<string, PeerEntry>();
  #host: PeerHost;
  #stereo: boolean;

  constructor(host: PeerHost, enableStereoOutput: boolean) {
    this.#host = host;
    this.#stereo = enableStereoOutput;
  }

  /** Returns the open peer connections of a subscriber or of a stream. */
  connectionsOf(ownerId: string): RTCPeerConnection[] {
    return this.peersOf(ownerId).map((peer) => peer.pc);
  }

  /** Returns the open peer connections of an owner with their IDs. */
  peersOf(ownerId: string): PeerInfo[] {
    return [...this.#peers.values()]
      .filter((entry) => entry.ownerId === ownerId)
      .map(({ pc, subscriptionId, connectionId }) => ({
        pc,
        subscriptionId,
        connectionId,
      }));
  }

  /** Executes one peer command of the core. */
  execute(command: PeerCommand): void {
    if (command.op === 'create') {
      this.#create(command);
      return;
    }
    const entry = this.#peers.get(command.pcId);
    if (entry === undefined) {
      return;
    }
    if (command.op === 'close') {
      this.#peers.delete(command.pcId);
      closePeer(entry.pc);
      return;
    }
    entry.chain = entry.chain
      .then(() => this.#run(command, entry))
      .catch((thrown: unknown) => {
        log('warn', 'peer', `${command.op} failed on ${command.pcId}`, {
          error: String(thrown),
        });
      });
  }

  /** Closes every peer connection. */
  closeAll(): void {
    for (const entry of this.#peers.values()) {
      closePeer(entry.pc);
    }
    this.#peers.clear();
  }

  #create(command: PeerCommand): void {
    const pc = new RTCPeerConnection(command.rtcConfiguration ?? {});
    const role = command.role ?? 'subscriber';
    const streamId = command.streamId ?? '';
    const ownerId = role === 'publisher' ? streamId : command.ownerId;
    const entry: PeerEntry = {
      pc,
      role,
      ownerId,
      subscriptionId: command.subscriptionId,
      connectionId: command.subscriberConnectionId,
      chain: Promise.resolve(),
      ignoredOffer: false,
    };
    this.#peers.set(command.pcId, entry);
    const pcId = command.pcId;
    pc.onicecandidate = (event) => {
      if (event.candidate !== null && event.candidate.candidate !== '') {
        this.#host.reportCandidate(pcId, event.candidate.toJSON());
      }
    };
    pc.onconnectionstatechange = () =>
      this.#host.reportState(pcId, pc.connectionState);
    if (role === 'publisher') {
      const media = this.#host.publisherMedia(streamId);
      for (const track of media?.getTracks() ?? []) {
        pc.addTransceiver(track, { direction: 'sendonly', streams: [media!] });
      }
    } else if (ownerId !== undefined) {
      pc.ontrack = (event) => this.#host.attachRemoteTrack(ownerId, event);
    }
  }

  async #run(command: PeerCommand, entry: PeerEntry): Promise<void> {
    const pc = entry.pc;
    switch (command.op) {
      case 'createOffer':
        return this.#offer(command.pcId, entry, false);
      case 'restartIce':
        return this.#restartIce(command.pcId, entry);
      case 'createAnswer':
        if (entry.ignoredOffer) {
          entry.ignoredOffer = false;
          return undefined;
        }
        return this.#answer(command.pcId, pc);
      case 'setRemoteDescription':
        return this.#setRemoteDescription(command, entry);
      case 'setSenderLimits':
        return applySenderLimits(pc, command);
      case 'addIceCandidate':
        return pc.addIceCandidate({
          candidate: command.candidate ?? '',
          sdpMid: command.sdpMid ?? null,
          sdpMLineIndex: command.sdpMLineIndex ?? null,
        });
      default:
        return undefined;
    }
  }

  // Either side offers the restart. The core orders it on the side that
  // resumed or whose connection failed, and the other side may have seen
  // nothing wrong, so a subscriber cannot wait for the publisher to offer.
  #restartIce(pcId: string, entry: PeerEntry): Promise<void> | undefined {
    const pc = entry.pc;
    if (pc.remoteDescription === null || pc.signalingState !== 'stable') {
      // The first negotiation is still running and gathers fresh
      // candidates anyway.
      return undefined;
    }
    return this.#offer(pcId, entry, true);
  }

  // When both sides restart at once, their offers collide. The publisher
  // keeps its own offer and ignores the subscriber's, and the subscriber
  // rolls its offer back (implicitly, in setRemoteDescription) and answers.
  #setRemoteDescription(
    command: PeerCommand,
    entry: PeerEntry,
  ): Promise<void> | undefined {
    const type = command.sdpType ?? 'answer';
    if (
      type === 'offer' &&
      entry.role === 'publisher' &&
      entry.pc.signalingState === 'have-local-offer'
    ) {
      log('info', 'peer', `ignored a colliding offer on ${command.pcId}`);
      entry.ignoredOffer = true;
      return undefined;
    }
    return entry.pc.setRemoteDescription({ type, sdp: command.sdp ?? '' });
  }

  async #offer(
    pcId: string,
    entry: PeerEntry,
    iceRestart: boolean,
  ): Promise<void> {
    const offer = await entry.pc.createOffer({ iceRestart });
    // A subscriber's offer describes what it receives, so it carries the
    // stereo preference as its answers do.
    const sdp =
      this.#stereo && entry.role === 'subscriber'
        ? preferStereoOpus(offer.sdp ?? '')
        : (offer.sdp ?? '');
    await entry.pc.setLocalDescription({ type: 'offer', sdp });
    this.#host.reportLocalDescription(pcId, 'offer', sdp);
  }

  async #answer(pcId: string, pc: RTCPeerConnection): Promise<void> {
    const answer = await pc.createAnswer();
    // stereo=1 in the answer tells the sender that this side decodes
    // stereo Opus (RFC 7587, section 7.1).
    const sdp = this.#stereo
      ? preferStereoOpus(answer.sdp ?? '')
      : (answer.sdp ?? '');
    await pc.setLocalDescription({ type: 'answer', sdp });
    this.#host.reportLocalDescription(pcId, 'answer', sdp);
  }
}

// Scales the video sender of `pc` down so that the captured size fits in
// maxWidth x maxHeight, and caps its frame rate; null limits lift them.
async function applySenderLimits(
  pc: RTCPeerConnection,
  limits: PeerCommand,
): Promise<void> {
  const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
  if (sender === undefined || sender.track === null) {
    return;
  }
  const captured = sender.track.getSettings();
  const scale = Math.max(
    1,
    ratio(captured.width, limits.maxWidth),
    ratio(captured.height, limits.maxHeight),
  );
  const parameters = sender.getParameters();
  for (const encoding of parameters.encodings) {
    encoding.scaleResolutionDownBy = scale;
    if (typeof limits.maxFrameRate === 'number') {
      encoding.maxFramerate = limits.maxFrameRate;
    } else {
      delete encoding.maxFramerate;
    }
  }
  await sender.setParameters(parameters);
}

// Returns size / limit, or 1 when either is unknown.
function ratio(size: number | undefined, limit: number | null | undefined) {
  return size !== undefined && typeof limit === 'number' && limit > 0
    ? size / limit
    : 1;
}

// Closes `pc` and drops its handlers, which still reference the session.
function closePeer(pc: RTCPeerConnection): void {
  pc.onicecandidate = null;
  pc.onconnectionstatechange = null;
  pc.ontrack = null;
  pc.close();
}
