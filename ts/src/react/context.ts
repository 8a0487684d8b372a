import { createContext, useContext, useSyncExternalStore } from 'react';

import type { StreamLike } from './api.js';
import type { SessionClient, SessionState } from './SessionClient.js';

/** The SessionClient of the nearest <OTSession>; null before it mounts. */
export const SessionContext = createContext<SessionClient | null>(null);

/** The stream that <OTStreams> renders its children for. */
export const StreamContext = createContext<StreamLike | null>(null);

const kNoSessionState: SessionState = {
  status: 'idle',
  session: null,
  streams: [],
  connections: [],
  error: null,
};

function subscribeNothing(): () => void {
  return () => {};
}

function readNoSession(): SessionState {
  return kNoSessionState;
}

/** Returns the SessionClient of the nearest <OTSession>, or null. */
export function useSessionClient(): SessionClient | null {
  return useContext(SessionContext);
}

/**
 * Returns the snapshot of the nearest <OTSession> (status, remote streams,
 * other connections, error) and re-renders when it changes.
 */
export function useSessionState(): SessionState {
  const client = useContext(SessionContext);
  return useSyncExternalStore(
    client?.subscribe ?? subscribeNothing,
    client?.getSnapshot ?? readNoSession,
    client?.getSnapshot ?? readNoSession,
  );
}

/** Returns the remote streams of the nearest <OTSession>. */
export function useStreams(): readonly StreamLike[] {
  return useSessionState().streams;
}
