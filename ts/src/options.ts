import type { CoreModule } from './sessioncore_core.mjs';

import { OTError } from './errors.js';

/** One TURN or STUN server, shaped like RTCIceServer. */
export interface IceServerOption {
  /** stun:, stuns:, turn: or turns: URLs; a single string is accepted. */
  urls: string[] | string;
  /** The TURN user name. */
  username?: string;
  /** The TURN password. */
  credential?: string;
}

/** Custom TURN configuration of a session. */
export interface IceConfigOption {
  /** 'custom' uses only customServers; 'all' adds the server's own list. */
  includeServers?: 'all' | 'custom';
  /** 'relay' allows only TURN relay candidates. */
  transportPolicy?: 'all' | 'relay';
  /** The app's own TURN servers. */
  customServers?: IceServerOption[];
}

/** Options of `OT.initSession()` and of the React `OTSession`. */
export interface SessionOptions {
  /** Asks the server not to send connectionCreated/Destroyed events. */
  connectionEventsSuppressed?: boolean;
  /** Custom TURN servers and the ICE transport policy. */
  iceConfig?: IceConfigOption;
  /** Uses only the server's allowed-IP ICE configuration. */
  ipWhitelist?: boolean;
  /** Routes signaling and REST through this URL. */
  proxyUrl?: string;
  /** Negotiates stereo Opus for received audio. */
  enableStereoOutput?: boolean;
  /** Routed sessions only: one peer connection for all subscriptions. */
  enableSinglePeerConnection?: boolean;
  /** Keeps the session through a server rotation. */
  sessionMigration?: boolean;
  /** Android only; accepted and ignored on the web. */
  androidZOrder?: '' | 'mediaOverlay' | 'onTop';
  /** Android only; accepted and ignored on the web. */
  androidOnTop?: '' | 'publisher' | 'subscriber';
  /** Android only; accepted and ignored on the web. */
  useTextureViews?: boolean;
  /** Android only; accepted and ignored on the web. */
  isCamera2Capable?: boolean;
}

/** Session options after validation, with every default filled in. */
export type ResolvedSessionOptions = Required<
  Omit<SessionOptions, 'proxyUrl' | 'androidZOrder' | 'androidOnTop'>
> &
  Pick<SessionOptions, 'proxyUrl' | 'androidZOrder' | 'androidOnTop'>;

/**
 * Validates `options` in the core and returns them with defaults filled in.
 * Throws an OTError (OT_INVALID_PARAMETER, 1011) that names the option, the
 * value and the allowed values.
 */
export function resolveSessionOptions(
  core: CoreModule,
  options: SessionOptions | undefined,
): ResolvedSessionOptions {
  try {
    const text = core.parseSessionOptions(JSON.stringify(options ?? {}));
    return JSON.parse(text) as ResolvedSessionOptions;
  } catch (thrown) {
    throw OTError.fromCore(thrown);
  }
}

/** Builds the RTCConfiguration for a peer connection of this session. */
export function buildRtcConfiguration(
  core: CoreModule,
  options: SessionOptions | undefined,
  serverIceServers: RTCIceServer[],
): RTCConfiguration {
  try {
    const text = core.rtcConfiguration(
      JSON.stringify(options ?? {}),
      JSON.stringify(serverIceServers),
    );
    return JSON.parse(text) as RTCConfiguration;
  } catch (thrown) {
    throw OTError.fromCore(thrown);
  }
}
