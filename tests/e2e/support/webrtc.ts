// Helpers shared by the WebRTC specs: the loopback guard, a count of live
// RTCPeerConnections per page, and the selected ICE candidate type.
import { networkInterfaces } from 'node:os';

import type { Page } from '@playwright/test';

/**
 * Returns why WebRTC specs cannot run here, or undefined when the only
 * network interface is loopback (inside `unshare -rn`).
 */
export function loopbackOnlyProblem(): string | undefined {
  const others = Object.entries(networkInterfaces())
    .filter(([, addresses]) =>
      (addresses ?? []).some((address) => !address.internal),
    )
    .map(([name]) => name);
  return others.length === 0
    ? undefined
    : `WebRTC specs need a network namespace with only loopback; found ${others.join(', ')}`;
}

/**
 * Wraps window.RTCPeerConnection in every page of the context so that
 * tests can count, with window.livePeerConnections(), and list, with
 * window.openPeerConnections(), the connections not yet closed.
 */
export async function trackPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const created: RTCPeerConnection[] = [];
    class Tracked extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(this);
      }
    }
    window.RTCPeerConnection = Tracked;
    const open = () => created.filter((pc) => pc.signalingState !== 'closed');
    const tracked = window as unknown as {
      livePeerConnections: () => number;
      openPeerConnections: () => RTCPeerConnection[];
    };
    tracked.livePeerConnections = () => open().length;
    tracked.openPeerConnections = open;
  });
}

/** Returns the number of RTCPeerConnections of `page` not yet closed. */
export function livePeerConnections(page: Page): Promise<number> {
  return page.evaluate(() =>
    (
      window as unknown as { livePeerConnections: () => number }
    ).livePeerConnections(),
  );
}
