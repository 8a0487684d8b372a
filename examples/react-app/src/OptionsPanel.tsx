// The session-options panel: edits the options of <OTSession>. Applying a
// changed value reconnects the session with the new options; an invalid
// value shows up in the event log as an error naming the option.
import { useState } from 'react';
import type { SessionOptions } from 'sessioncore';

export function OptionsPanel(props: {
  options: SessionOptions;
  onApply: (options: SessionOptions) => void;
}) {
  const [suppressed, setSuppressed] = useState(
    props.options.connectionEventsSuppressed ?? false,
  );
  const [stereo, setStereo] = useState(
    props.options.enableStereoOutput ?? false,
  );
  const [transportPolicy, setTransportPolicy] = useState<string>(
    props.options.iceConfig?.transportPolicy ?? 'all',
  );
  const [includeServers, setIncludeServers] = useState<string>(
    props.options.iceConfig?.includeServers ?? 'all',
  );
  const [customServers, setCustomServers] = useState(
    JSON.stringify(props.options.iceConfig?.customServers ?? []),
  );
  const [parseError, setParseError] = useState('');

  const apply = () => {
    let servers: unknown;
    try {
      servers = JSON.parse(customServers);
    } catch (error) {
      setParseError(`customServers is not valid JSON: ${String(error)}`);
      return;
    }
    setParseError('');
    props.onApply({
      connectionEventsSuppressed: suppressed,
      enableStereoOutput: stereo,
      iceConfig: {
        transportPolicy: transportPolicy as 'all' | 'relay',
        includeServers: includeServers as 'all' | 'custom',
        customServers: servers as [],
      },
    });
  };

  return (
    <section className="panel" data-testid="options-panel">
      <h2>Session options</h2>
      <label>
        <input
          type="checkbox"
          checked={suppressed}
          onChange={(event) => setSuppressed(event.target.checked)}
        />{' '}
        connectionEventsSuppressed
      </label>
      <label>
        <input
          type="checkbox"
          checked={stereo}
          onChange={(event) => setStereo(event.target.checked)}
        />{' '}
        enableStereoOutput
      </label>
      <label>
        iceConfig.transportPolicy{' '}
        <select
          value={transportPolicy}
          onChange={(event) => setTransportPolicy(event.target.value)}
        >
          <option value="all">all</option>
          <option value="relay">relay</option>
        </select>
      </label>
      <label>
        iceConfig.includeServers{' '}
        <select
          value={includeServers}
          onChange={(event) => setIncludeServers(event.target.value)}
        >
          <option value="all">all</option>
          <option value="custom">custom</option>
        </select>
      </label>
      <label>
        iceConfig.customServers (JSON)
        <textarea
          rows={3}
          cols={40}
          value={customServers}
          onChange={(event) => setCustomServers(event.target.value)}
          placeholder='[{"urls": ["turn:127.0.0.1:3478"], "username": "u", "credential": "p"}]'
        />
      </label>
      {parseError && <p role="alert">{parseError}</p>}
      <button type="button" onClick={apply} data-testid="apply-options">
        Apply and reconnect
      </button>
    </section>
  );
}
