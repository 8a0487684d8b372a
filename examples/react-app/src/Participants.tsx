// The other clients in the session, each with a button that sends a
// `greeting` signal to that connection only.
import { useSessionState, type OTSessionRef } from 'sessioncore/react';

export function Participants(props: {
  session: React.RefObject<OTSessionRef | null>;
  name: string;
  report: (type: string, detail: string) => void;
}) {
  const { connections } = useSessionState();
  const greet = (connectionId: string) => {
    // Like the React Native example: `to` is a connection ID.
    props.session.current
      ?.signal({
        type: 'greeting',
        data: `hello from ${props.name}`,
        to: connectionId,
      })
      .then(
        () => props.report('greetingSent', `to ${connectionId}`),
        (error: Error) => props.report('greetingFailed', error.message),
      );
  };
  const greetEveryone = () => {
    props.session.current
      ?.signal({ type: 'greeting', data: `hello everyone from ${props.name}` })
      .then(
        () => props.report('greetingSent', 'to everyone'),
        (error: Error) => props.report('greetingFailed', error.message),
      );
  };
  return (
    <section className="panel" data-testid="participants">
      <h2>Other participants ({connections.length})</h2>
      <button
        type="button"
        data-testid="greet-everyone"
        onClick={greetEveryone}
      >
        Greet everyone
      </button>
      {connections.map((connection) => (
        <div
          key={connection.connectionId}
          data-connection-id={connection.connectionId}
        >
          {connection.data || '(no data)'} {connection.connectionId}{' '}
          <button
            type="button"
            data-testid={`greet-${connection.connectionId}`}
            onClick={() => greet(connection.connectionId)}
          >
            Send greeting
          </button>
        </div>
      ))}
    </section>
  );
}
