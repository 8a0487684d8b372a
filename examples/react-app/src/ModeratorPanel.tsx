// The moderator view: force-mute and force-disconnect controls, shown to a
// client whose token has the moderator role. Each button calls a method on
// the ref of <OTSession>; the results appear in the event log.
import { useState } from 'react';
import { useSessionState, type OTSessionRef } from 'sessioncore/react';

export function ModeratorPanel(props: {
  session: React.RefObject<OTSessionRef | null>;
  ownStreamId: string | null;
  report: (type: string, detail: string) => void;
}) {
  const { streams, connections } = useSessionState();
  const [excluded, setExcluded] = useState<string[]>([]);
  const session = props.session;
  const run = (label: string, call: () => Promise<unknown> | undefined) => {
    call()?.then(
      () => props.report(label, 'done'),
      (error: Error) =>
        props.report(label, `failed: ${error.name} ${error.message}`),
    );
  };
  const toggle = (streamId: string, checked: boolean) =>
    setExcluded((previous) =>
      checked
        ? [...previous, streamId]
        : previous.filter((id) => id !== streamId),
    );
  const streamIds = [
    ...(props.ownStreamId ? [props.ownStreamId] : []),
    ...streams.map((stream) => stream.streamId),
  ];

  return (
    <section className="panel" data-testid="moderator-panel">
      <h2>Moderator</h2>
      <p>Streams (tick to exclude from "Mute all"):</p>
      {streamIds.map((streamId) => (
        <div key={streamId} data-stream-id={streamId}>
          <label style={{ display: 'inline' }}>
            <input
              type="checkbox"
              data-testid={`exclude-${streamId}`}
              checked={excluded.includes(streamId)}
              onChange={(event) => toggle(streamId, event.target.checked)}
            />{' '}
            {streamId === props.ownStreamId ? `${streamId} (own)` : streamId}
          </label>
          <button
            type="button"
            onClick={() =>
              run('forceMuteStream', () =>
                session.current?.forceMuteStream(streamId),
              )
            }
          >
            Mute
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="force-mute-all"
        onClick={() =>
          run('forceMuteAll', () => session.current?.forceMuteAll(excluded))
        }
      >
        Mute all
      </button>
      <button
        type="button"
        data-testid="disable-force-mute"
        onClick={() =>
          run('disableForceMute', () => session.current?.disableForceMute())
        }
      >
        Disable force mute
      </button>
      <p>Connections:</p>
      {connections.map((connection) => (
        <div key={connection.connectionId}>
          {connection.connectionId}{' '}
          <button
            type="button"
            onClick={() =>
              run('forceDisconnect', () =>
                session.current?.forceDisconnect(connection.connectionId),
              )
            }
          >
            Disconnect
          </button>
        </div>
      ))}
    </section>
  );
}
