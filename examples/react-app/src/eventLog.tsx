// The event log of the example: every session, publisher and subscriber
// event the app receives, newest last. It is also published on
// `window.sessioncoreExample.events` so that scripts driving the page
// (examples/demo.mjs --headless, the Playwright tests) can read it.
import { useCallback, useState } from 'react';

export interface LogEntry {
  /** Milliseconds since the page loaded. */
  time: number;
  /** 'session', 'publisher', 'subscriber' or 'app'. */
  source: string;
  type: string;
  detail: string;
}

interface ExampleGlobal {
  events: LogEntry[];
}

declare global {
  interface Window {
    sessioncoreExample?: ExampleGlobal;
  }
}

/** Returns the log and a stable function that appends one entry. */
export function useEventLog(): [
  LogEntry[],
  (entry: Omit<LogEntry, 'time'>) => void,
] {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const add = useCallback((entry: Omit<LogEntry, 'time'>) => {
    const full = { ...entry, time: Math.round(performance.now()) };
    window.sessioncoreExample ??= { events: [] };
    window.sessioncoreExample.events.push(full);
    setEntries((previous) => [...previous, full]);
  }, []);
  return [entries, add];
}

/** Describes an event object in one short line for the log. */
export function describeEvent(event: any): string {
  if (event instanceof Error) {
    return `${event.name} (${(event as any).code}): ${event.message}`;
  }
  const parts: string[] = [];
  const connection = event?.connection ?? event?.from;
  if (event?.stream) {
    parts.push(`stream ${event.stream.streamId} (${event.stream.name})`);
  } else if (connection) {
    parts.push(`connection ${connection.connectionId}`);
  }
  for (const key of ['reason', 'changedProperty', 'active']) {
    if (event?.[key] !== undefined) {
      parts.push(`${key}=${JSON.stringify(event[key])}`);
    }
  }
  if (event?.changedProperty !== undefined) {
    parts.push(
      `${JSON.stringify(event.oldValue)}->${JSON.stringify(event.newValue)}`,
    );
  }
  if (event?.type === 'signal' || event?.data !== undefined) {
    parts.push(
      `type=${JSON.stringify(event.type)} data=${JSON.stringify(event.data)}`,
    );
  }
  return parts.join(' ');
}

export function EventLogView(props: { entries: LogEntry[] }) {
  return (
    <section className="panel">
      <h2>Event log</h2>
      <ul className="event-log" data-testid="event-log">
        {props.entries.map((entry, index) => (
          <li key={index} data-source={entry.source} data-event={entry.type}>
            {(entry.time / 1000).toFixed(2)}s {entry.source} {entry.type}{' '}
            {entry.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
