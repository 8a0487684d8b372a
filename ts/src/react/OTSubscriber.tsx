/**
 * <OTSubscriber>: shows remote streams of the enclosing <OTSession>. Given
 * a `stream` (or placed inside <OTStreams>) it subscribes to that stream;
 * otherwise it subscribes to every remote stream, one element each, as the
 * React Native component does.
 */
import {
  forwardRef,
  useContext,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type CSSProperties,
} from 'react';

import type { StreamLike, SubscriberLike } from './api.js';
import { SessionContext, StreamContext, useStreams } from './context.js';
import type { EventHandlerMap } from './handlerBinding.js';
import type { SessionClient } from './SessionClient.js';
import {
  SubscriberController,
  type SubscriberProperties,
} from './SubscriberController.js';

/** Props of <OTSubscriber>. */
export interface OTSubscriberProps {
  /** The stream to subscribe to; absent means every remote stream. */
  stream?: StreamLike;
  /** Subscriber properties; changes apply live. */
  properties?: SubscriberProperties;
  /** Subscriber event handlers; a new object replaces the old one. */
  eventHandlers?: EventHandlerMap;
  /** Style of each container element. */
  style?: CSSProperties;
  /** Class of each container element. */
  className?: string;
}

/** The methods on the ref of a single-stream <OTSubscriber>. */
export interface OTSubscriberRef {
  /** Returns the Subscriber, or null before it is subscribed. */
  getSubscriber(): SubscriberLike | null;
}

export const OTSubscriber = forwardRef<OTSubscriberRef, OTSubscriberProps>(
  function OTSubscriber(props, ref) {
    const client = useContext(SessionContext);
    const contextStream = useContext(StreamContext);
    const stream = props.stream ?? contextStream;
    if (client === null) {
      return null;
    }
    if (stream !== null) {
      return (
        <StreamSubscriber
          {...props}
          key={stream.streamId}
          client={client}
          stream={stream}
          forwardedRef={ref}
        />
      );
    }
    return <AllStreamsSubscriber {...props} client={client} />;
  },
);

function AllStreamsSubscriber(
  props: OTSubscriberProps & { client: SessionClient },
) {
  const streams = useStreams();
  return (
    <>
      {streams.map((stream) => (
        <StreamSubscriber
          {...props}
          key={stream.streamId}
          stream={stream}
          forwardedRef={null}
        />
      ))}
    </>
  );
}

interface StreamSubscriberProps extends OTSubscriberProps {
  client: SessionClient;
  stream: StreamLike;
  forwardedRef: React.ForwardedRef<OTSubscriberRef>;
}

function StreamSubscriber(props: StreamSubscriberProps) {
  const { client, stream } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const propertiesRef = useRef(props.properties);
  const handlersRef = useRef(props.eventHandlers);
  const [controller, setController] = useState<SubscriberController | null>(
    null,
  );

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) {
      return undefined;
    }
    const next = new SubscriberController(
      client,
      stream,
      container,
      propertiesRef.current ?? {},
    );
    next.setEventHandlers(handlersRef.current);
    setController(next);
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) {
        next.start();
      }
    });
    return () => {
      cancelled = true;
      next.dispose();
    };
  }, [client, stream]);

  useEffect(() => {
    propertiesRef.current = props.properties;
    controller?.update(props.properties ?? {});
  }, [controller, props.properties]);

  useEffect(() => {
    handlersRef.current = props.eventHandlers;
    controller?.setEventHandlers(props.eventHandlers);
  }, [controller, props.eventHandlers]);

  useImperativeHandle(
    props.forwardedRef,
    () => ({ getSubscriber: () => controller?.subscriber ?? null }),
    [controller],
  );

  return (
    <div
      ref={containerRef}
      className={props.className ?? 'OTSubscriberContainer'}
      style={props.style}
      data-stream-id={stream.streamId}
    />
  );
}
