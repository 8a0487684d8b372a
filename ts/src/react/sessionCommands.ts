/**
 * The methods that <OTSession> exposes on its ref, written against the
 * snapshot of a SessionClient. They take IDs where the React Native
 * component takes IDs and turn them into the Connection and Stream objects
 * that the sessioncore Session methods expect.
 */
import type { SignalOptions } from '../index.js';
import type { SessionLike } from './api.js';
import type {
  SessionState,
  SessionStatus,
  SignalProp,
} from './SessionClient.js';
import {
  checkEncryptionSecret,
  encryptionUnsupportedError,
  notConnectedError,
  toOTError,
} from './sessionErrors.js';

/** What getSessionInfo() returns. */
export interface SessionInfo {
  sessionId: string;
  connection: {
    connectionId: string;
    creationTime: number;
    data: string;
  } | null;
  connectionStatus: SessionStatus;
}

/** What getCapabilities() resolves. */
export interface SessionCapabilities {
  canPublish: boolean;
  canSubscribe: boolean;
  canForceMute: boolean;
  canForceDisconnect: boolean;
}

export abstract class SessionCommands {
  /** The snapshot the commands act on. */
  protected abstract currentState(): SessionState;

  /**
   * Sends a signal. `to` may be a connection ID; absent means everyone in
   * the session, the sender included.
   */
  signal(signal: SignalProp): Promise<void> {
    return this.#run('signal', (session) => {
      const message: SignalOptions = {};
      if (signal.type !== undefined) {
        message.type = signal.type;
      }
      if (signal.data !== undefined) {
        message.data = signal.data;
      }
      if (signal.to !== undefined) {
        message.to =
          typeof signal.to === 'string' ? signal.to : signal.to.connectionId;
      }
      return session.signal(message);
    });
  }

  /** Returns the session ID, the local connection and the status. */
  getSessionInfo(): SessionInfo | null {
    const { session, status } = this.currentState();
    if (session === null) {
      return null;
    }
    const own = session.connection;
    return {
      sessionId: session.sessionId,
      connection: own
        ? {
            connectionId: own.connectionId,
            creationTime: own.creationTime,
            data: own.data,
          }
        : null,
      connectionStatus: status,
    };
  }

  /** Resolves what the token's role allows; rejects when not connected. */
  getCapabilities(): Promise<SessionCapabilities> {
    // The Session reads the capabilities from the core, which has them
    // before sessionConnected fires, so a sessionConnected handler may
    // call this.
    return this.#run('getCapabilities', async (session) => {
      const capabilities = await session.getCapabilities();
      return {
        canPublish: capabilities['canPublish'] === true,
        canSubscribe: capabilities['canSubscribe'] === true,
        canForceMute: capabilities['canForceMute'] === true,
        canForceDisconnect: capabilities['canForceDisconnect'] === true,
      };
    });
  }

  /** Files an issue report on the server; resolves its issue ID. */
  reportIssue(): Promise<string> {
    return this.#run('reportIssue', (session) => session.reportIssue());
  }

  /**
   * Mutes every stream except those in `excludedStreamIds`, the caller's
   * own included, and keeps new streams muted until disableForceMute().
   */
  forceMuteAll(excludedStreamIds: readonly string[] = []): Promise<void> {
    return this.#run('forceMuteAll', (session) =>
      session.forceMuteAll([...excludedStreamIds]),
    );
  }

  /** Mutes the audio of one stream. */
  forceMuteStream(streamId: string): Promise<void> {
    return this.#run('forceMuteStream', (session) =>
      session.forceMuteStream(streamId),
    );
  }

  /** Ends the mute state that forceMuteAll() started. */
  disableForceMute(): Promise<void> {
    return this.#run('disableForceMute', (session) =>
      session.disableForceMute(),
    );
  }

  /** Disconnects another client; needs the moderator role. */
  forceDisconnect(connectionId: string): Promise<void> {
    return this.#run('forceDisconnect', (session) =>
      session.forceDisconnect(connectionId),
    );
  }

  /**
   * Checks the secret (8 to 256 characters) and rejects: media is never
   * sent unencrypted while the app believes it is encrypted.
   */
  setEncryptionSecret(secret: string): Promise<void> {
    return Promise.reject(
      checkEncryptionSecret(secret) ?? encryptionUnsupportedError(),
    );
  }

  // Runs `call` on the connected session; turns a throw or a rejection
  // into a rejected promise of OTError.
  #run<T>(method: string, call: (session: SessionLike) => Promise<T>) {
    const { session, status } = this.currentState();
    if (session === null || status !== 'connected') {
      return Promise.reject(notConnectedError(method));
    }
    try {
      return call(session).catch((thrown: unknown) => {
        throw toOTError(thrown);
      });
    } catch (thrown) {
      return Promise.reject(toOTError(thrown));
    }
  }
}
