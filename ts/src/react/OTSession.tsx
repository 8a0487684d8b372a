/**
 * <OTSession>: connects to one session for as long as it is mounted and
 * gives its children the session through context. Props follow the React
 * Native OTSession component; the state lives in a SessionClient.
 */
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ReactNode,
} from 'react';

import type { SessionOptions } from '../options.js';
import { SessionContext } from './context.js';
import type { EventHandlerMap } from './handlerBinding.js';
import { SessionClient, type SignalProp } from './SessionClient.js';
import type { SessionCapabilities, SessionInfo } from './sessionCommands.js';
import { notConnectedError } from './sessionErrors.js';
import { useDeepMemo } from './useDeepMemo.js';

/** Props of <OTSession>. */
export interface OTSessionProps {
  /** The project key; required unless applicationId is given. */
  apiKey?: string;
  /** The application ID; replaces apiKey. */
  applicationId?: string;
  /** The session to join. */
  sessionId: string;
  /** The token that authorizes this client. */
  token: string;
  /** Session options; a change of value reconnects. */
  options?: SessionOptions;
  /** Sent once connected, and again whenever its value changes. */
  signal?: SignalProp;
  /** Handlers keyed by event name; a new object replaces the old one. */
  eventHandlers?: EventHandlerMap;
  /** End-to-end encryption secret, 8 to 256 characters. */
  encryptionSecret?: string;
  children?: ReactNode;
}

/** The methods on the ref of <OTSession>. */
export interface OTSessionRef {
  /** Sends a signal; `to` is a connection ID, absent means everyone. */
  signal(signal: SignalProp): Promise<void>;
  /** Returns the session ID, local connection and status, or null. */
  getSessionInfo(): SessionInfo | null;
  /** Resolves what this client may do; rejects when not connected. */
  getCapabilities(): Promise<SessionCapabilities>;
  /** Files an issue report; resolves the issue ID the server stored. */
  reportIssue(): Promise<string>;
  /** Mutes every stream but the excluded ones; needs the moderator role. */
  forceMuteAll(excludedStreamIds?: readonly string[]): Promise<void>;
  /** Mutes one stream; needs the moderator role. */
  forceMuteStream(streamId: string): Promise<void>;
  /** Ends the mute state of the session; needs the moderator role. */
  disableForceMute(): Promise<void>;
  /** Disconnects another client; needs the moderator role. */
  forceDisconnect(connectionId: string): Promise<void>;
  /** Sets the end-to-end encryption secret. */
  setEncryptionSecret(secret: string): Promise<void>;
}

export const OTSession = forwardRef<OTSessionRef, OTSessionProps>(
  function OTSession(props, ref) {
    const { apiKey, applicationId, sessionId, token, encryptionSecret } = props;
    const options = useDeepMemo(props.options);
    const [client, setClient] = useState<SessionClient | null>(null);
    const clientRef = useRef<SessionClient | null>(null);
    const handlersRef = useRef(props.eventHandlers);

    useEffect(() => {
      const next = new SessionClient({
        apiKey,
        applicationId,
        sessionId,
        token,
        options,
        encryptionSecret,
      });
      next.setEventHandlers(handlersRef.current);
      clientRef.current = next;
      setClient(next);
      // Connecting waits for a microtask: React's StrictMode unmounts and
      // remounts synchronously, so the first client is disposed before it
      // opens a socket and the server sees one connection.
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) {
          next.start();
        }
      });
      return () => {
        cancelled = true;
        next.dispose();
        if (clientRef.current === next) {
          clientRef.current = null;
        }
      };
    }, [apiKey, applicationId, sessionId, token, options, encryptionSecret]);

    useEffect(() => {
      handlersRef.current = props.eventHandlers;
      client?.setEventHandlers(props.eventHandlers);
    }, [client, props.eventHandlers]);

    useEffect(() => {
      client?.setSignal(props.signal);
    }, [client, props.signal]);

    useImperativeHandle(ref, () => createRefMethods(clientRef), []);

    return (
      <SessionContext.Provider value={client}>
        {props.children}
      </SessionContext.Provider>
    );
  },
);

function createRefMethods(clientRef: {
  readonly current: SessionClient | null;
}): OTSessionRef {
  const use = <T,>(
    method: string,
    call: (client: SessionClient) => Promise<T>,
  ): Promise<T> => {
    const client = clientRef.current;
    return client === null
      ? Promise.reject(notConnectedError(method))
      : call(client);
  };
  return {
    signal: (signal) => use('signal', (client) => client.signal(signal)),
    getSessionInfo: () => clientRef.current?.getSessionInfo() ?? null,
    getCapabilities: () =>
      use('getCapabilities', (client) => client.getCapabilities()),
    reportIssue: () => use('reportIssue', (client) => client.reportIssue()),
    forceMuteAll: (excluded) =>
      use('forceMuteAll', (client) => client.forceMuteAll(excluded)),
    forceMuteStream: (streamId) =>
      use('forceMuteStream', (client) => client.forceMuteStream(streamId)),
    disableForceMute: () =>
      use('disableForceMute', (client) => client.disableForceMute()),
    forceDisconnect: (connectionId) =>
      use('forceDisconnect', (client) => client.forceDisconnect(connectionId)),
    setEncryptionSecret: (secret) =>
      use('setEncryptionSecret', (client) =>
        client.setEncryptionSecret(secret),
      ),
  };
}
