// A test page for the React components: the tests call window.harness.render()
// with a HarnessSpec to mount, update and unmount an <OTSession> tree, and
// read what its event handlers received from window.harness.events.
import { StrictMode, useRef, version } from 'react';
import { createRoot } from 'react-dom/client';
import {
  OTPublisher,
  OTSession,
  OTStreams,
  OTSubscriber,
  type EventHandlerMap,
  type OTSessionRef,
  type SignalProp,
  useStreams,
} from 'sessioncore/react';

export interface HarnessSpec {
  /** Whether the tree is mounted at all. */
  mounted: boolean;
  /** Wraps the tree in React.StrictMode. */
  strict?: boolean;
  apiKey: string;
  sessionId: string;
  token: string;
  /** Names the eventHandlers object; a new label means a new object. */
  label: string;
  signal?: SignalProp;
  encryptionSecret?: string;
  publish?: boolean;
  /** The publisher's publishAudio property; default true. */
  publishAudio?: boolean;
  /** Renders <OTStreams><OTSubscriber/></OTStreams>. */
  subscribe?: boolean;
  /** The `properties` of that <OTSubscriber>. */
  subscriberProperties?: Record<string, unknown>;
  /** Renders a lone <OTSubscriber/>, which subscribes to every stream. */
  subscribeAll?: boolean;
  /** Renders <OTSubscriber stream={first remote stream}/>. */
  subscribeFirst?: boolean;
}

export interface RecordedEvent {
  label: string;
  source: 'session' | 'publisher' | 'subscriber';
  type: string;
  connectionId?: string;
  streamId?: string;
  signalType?: string;
  data?: string;
  reason?: string;
  errorName?: string;
  /** streamPropertyChanged: "property:newValue". */
  detail?: string;
}

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

const events: RecordedEvent[] = [];
const handlerObjects = new Map<string, EventHandlerMap>();

function record(
  label: string,
  source: RecordedEvent['source'],
  type: string,
  event: any,
) {
  const entry: RecordedEvent = { label, source, type };
  const connection = event?.connection ?? event?.from;
  if (connection?.connectionId) {
    entry.connectionId = connection.connectionId;
  }
  const stream = event?.stream ?? event?.target?.stream;
  if (stream?.streamId) {
    entry.streamId = stream.streamId;
  }
  if (type === 'signal') {
    entry.signalType = event.type;
    entry.data = event.data;
  }
  if (type === 'streamPropertyChanged') {
    entry.detail = `${event.changedProperty}:${String(event.newValue)}`;
  }
  if (typeof event?.reason === 'string') {
    entry.reason = event.reason;
  }
  if (event instanceof Error) {
    entry.errorName = event.name;
  }
  events.push(entry);
}

// The same label always returns the same object, so a re-render with an
// unchanged label does not count as new handlers.
function handlersFor(
  label: string,
  source: RecordedEvent['source'],
  types: string[],
) {
  const key = `${source}:${label}`;
  let handlers = handlerObjects.get(key);
  if (!handlers) {
    const map: Record<string, (event: any) => void> = {};
    for (const type of types) {
      map[type] = (event) => record(label, source, type, event);
    }
    handlers = map;
    handlerObjects.set(key, handlers);
  }
  return handlers;
}

let sessionRef: OTSessionRef | null = null;

function Tree(props: { spec: HarnessSpec }) {
  const { spec } = props;
  const ref = useRef<OTSessionRef>(null);
  const subscriberHandlers = handlersFor(spec.label, 'subscriber', [
    'connected',
    'videoElementCreated',
    'destroyed',
    'error',
  ]);
  return (
    <OTSession
      apiKey={spec.apiKey}
      sessionId={spec.sessionId}
      token={spec.token}
      eventHandlers={handlersFor(spec.label, 'session', kSessionEvents)}
      {...(spec.signal ? { signal: { ...spec.signal } } : {})}
      {...(spec.encryptionSecret
        ? { encryptionSecret: spec.encryptionSecret }
        : {})}
      ref={(value) => {
        ref.current = value;
        sessionRef = value;
      }}
    >
      {spec.publish && (
        <OTPublisher
          properties={{ publishAudio: spec.publishAudio ?? true }}
          eventHandlers={handlersFor(spec.label, 'publisher', [
            'streamCreated',
            'streamDestroyed',
            'muteForced',
            'error',
          ])}
        />
      )}
      {spec.subscribe && (
        <OTStreams>
          <OTSubscriber
            eventHandlers={subscriberHandlers}
            {...(spec.subscriberProperties
              ? { properties: spec.subscriberProperties }
              : {})}
          />
        </OTStreams>
      )}
      {spec.subscribeAll && <OTSubscriber eventHandlers={subscriberHandlers} />}
      {spec.subscribeFirst && (
        <FirstStreamSubscriber eventHandlers={subscriberHandlers} />
      )}
    </OTSession>
  );
}

// Subscribes to whichever remote stream is first, so the `stream` prop
// changes when that stream ends.
function FirstStreamSubscriber(props: { eventHandlers: EventHandlerMap }) {
  const [first] = useStreams();
  return first ? (
    <OTSubscriber stream={first} eventHandlers={props.eventHandlers} />
  ) : null;
}

const root = createRoot(document.getElementById('root')!);

(window as any).harness = {
  events,
  /** React's version string, e.g. "18.3.1", to check which React was bundled. */
  reactVersion: version,
  render(spec: HarnessSpec) {
    if (!spec.mounted) {
      root.render(null);
      return;
    }
    const tree = <Tree spec={spec} />;
    root.render(spec.strict ? <StrictMode>{tree}</StrictMode> : tree);
  },
  callRef(method: keyof OTSessionRef, ...args: unknown[]) {
    if (sessionRef === null) {
      return Promise.reject(new Error('the OTSession ref is not set'));
    }
    return (sessionRef[method] as (...values: unknown[]) => unknown)(...args);
  },
};
(window as any).harnessReady = true;
