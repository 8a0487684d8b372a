// The example app: the React Native OTSession example as a web page. It
// connects with `eventHandlers` and a ref, publishes the camera, subscribes
// to every remote stream, sends a `greeting` signal to one connection, and
// adds a session-options panel, a moderator view and an event log.
import { useMemo, useRef, useState } from 'react';
import type { SessionOptions } from 'sessioncore';
import {
  OTPublisher,
  OTSession,
  OTStreams,
  OTSubscriber,
  useSessionState,
  type EventHandlerMap,
  type OTSessionRef,
  type SessionCapabilities,
} from 'sessioncore/react';

import type { AppConfig } from './config.js';
import { describeEvent, EventLogView, useEventLog } from './eventLog.js';
import { ModeratorPanel } from './ModeratorPanel.js';
import { OptionsPanel } from './OptionsPanel.js';
import { Participants } from './Participants.js';

// The 15 events of the React Native OTSession component.
const kSessionEvents = [
  'archiveStarted',
  'archiveStopped',
  'connectionCreated',
  'connectionDestroyed',
  'error',
  'muteForced',
  'otrnError',
  'sessionConnected',
  'sessionDisconnected',
  'sessionReconnected',
  'sessionReconnecting',
  'signal',
  'streamCreated',
  'streamDestroyed',
  'streamPropertyChanged',
];

const kPublisherEvents = [
  'streamCreated',
  'streamDestroyed',
  'muteForced',
  'accessDenied',
  'error',
];
const kSubscriberEvents = [
  'connected',
  'disconnected',
  'videoDisabled',
  'videoEnabled',
  'error',
];

export function App(props: { config: AppConfig }) {
  const { config } = props;
  const sessionRef = useRef<OTSessionRef>(null);
  const [entries, addEntry] = useEventLog();
  const [options, setOptions] = useState<SessionOptions>(config.options);
  const [capabilities, setCapabilities] = useState<SessionCapabilities | null>(
    null,
  );
  const [ownStreamId, setOwnStreamId] = useState<string | null>(null);
  const [publishAudio, setPublishAudio] = useState(true);
  const [publishVideo, setPublishVideo] = useState(true);

  const report = (type: string, detail: string) =>
    addEntry({ source: 'app', type, detail });

  // One handler object per session; it changes only with the log function.
  const sessionHandlers = useMemo(() => {
    const handlers: Record<string, (event: any) => void> = {};
    for (const type of kSessionEvents) {
      handlers[type] = (event) =>
        addEntry({ source: 'session', type, detail: describeEvent(event) });
    }
    const logConnected = handlers['sessionConnected']!;
    handlers['sessionConnected'] = (event) => {
      logConnected(event);
      sessionRef.current?.getCapabilities().then(setCapabilities, () => {});
    };
    const logDisconnected = handlers['sessionDisconnected']!;
    handlers['sessionDisconnected'] = (event) => {
      logDisconnected(event);
      setCapabilities(null);
    };
    return handlers;
  }, [addEntry]);

  const publisherHandlers = useMemo(
    () => handlersFor('publisher', kPublisherEvents, addEntry, setOwnStreamId),
    [addEntry],
  );
  const subscriberHandlers = useMemo(
    () => handlersFor('subscriber', kSubscriberEvents, addEntry),
    [addEntry],
  );

  const credentials = config.applicationId
    ? { applicationId: config.applicationId }
    : { apiKey: config.apiKey ?? '' };

  return (
    <div className="layout">
      <main>
        <h1>sessioncore React example: {config.name}</h1>
        <OTSession
          {...credentials}
          sessionId={config.sessionId}
          token={config.token}
          options={options}
          eventHandlers={sessionHandlers}
          ref={sessionRef}
        >
          <StatusLine capabilities={capabilities} />
          <section className="panel">
            <h2>Video</h2>
            <div className="videos">
              {config.publish && capabilities?.canPublish && (
                <div className="tile" data-testid="publisher-tile">
                  <OTPublisher
                    properties={{
                      name: config.name,
                      publishAudio,
                      publishVideo,
                    }}
                    eventHandlers={publisherHandlers}
                  />
                  <div className="label">
                    {config.name} (you){' '}
                    <button
                      type="button"
                      onClick={() => setPublishAudio(!publishAudio)}
                    >
                      {publishAudio ? 'Mute' : 'Unmute'}
                    </button>
                    <button
                      type="button"
                      onClick={() => setPublishVideo(!publishVideo)}
                    >
                      {publishVideo ? 'Stop video' : 'Start video'}
                    </button>
                  </div>
                </div>
              )}
              <OTStreams>
                {(stream) => (
                  <div className="tile" data-testid="subscriber-tile">
                    <OTSubscriber eventHandlers={subscriberHandlers} />
                    <div className="label">
                      {stream.name} {stream.hasAudio ? '' : '(muted)'}
                    </div>
                  </div>
                )}
              </OTStreams>
            </div>
          </section>
          <Participants
            session={sessionRef}
            name={config.name}
            report={report}
          />
          {capabilities?.canForceMute && (
            <ModeratorPanel
              session={sessionRef}
              ownStreamId={ownStreamId}
              report={report}
            />
          )}
        </OTSession>
        <OptionsPanel options={options} onApply={setOptions} />
      </main>
      <aside>
        <EventLogView entries={entries} />
      </aside>
    </div>
  );
}

function StatusLine(props: { capabilities: SessionCapabilities | null }) {
  const { status } = useSessionState();
  const capabilities = props.capabilities;
  return (
    <p className="panel">
      Status:{' '}
      <span className="status" data-testid="status">
        {status}
      </span>
      {capabilities && (
        <span data-testid="capabilities">
          {' '}
          canPublish={String(capabilities.canPublish)} canSubscribe=
          {String(capabilities.canSubscribe)} canForceMute=
          {String(capabilities.canForceMute)} canForceDisconnect=
          {String(capabilities.canForceDisconnect)}
        </span>
      )}
    </p>
  );
}

function handlersFor(
  source: string,
  types: string[],
  addEntry: ReturnType<typeof useEventLog>[1],
  onOwnStream?: (streamId: string | null) => void,
): EventHandlerMap {
  const handlers: Record<string, (event: any) => void> = {};
  for (const type of types) {
    handlers[type] = (event) => {
      addEntry({ source, type, detail: describeEvent(event) });
      if (onOwnStream && type === 'streamCreated') {
        onOwnStream(event.stream.streamId);
      } else if (onOwnStream && type === 'streamDestroyed') {
        onOwnStream(null);
      }
    };
  }
  return handlers;
}
