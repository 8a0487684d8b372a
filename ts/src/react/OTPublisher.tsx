/**
 * <OTPublisher>: publishes the camera and microphone (or another source)
 * to the session of the enclosing <OTSession> for as long as it is
 * mounted. Outside an <OTSession> it only shows the local preview.
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

import type { PublisherLike } from './api.js';
import { SessionContext } from './context.js';
import type { EventHandlerMap } from './handlerBinding.js';
import {
  PublisherController,
  type PublisherProperties,
} from './PublisherController.js';
import { useDeepMemo } from './useDeepMemo.js';

/** Props of <OTPublisher>. */
export interface OTPublisherProps {
  /**
   * Publisher properties. publishAudio and publishVideo apply live; a
   * change to any other property replaces the publisher.
   */
  properties?: PublisherProperties;
  /** Publisher event handlers; a new object replaces the old one. */
  eventHandlers?: EventHandlerMap;
  /** Style of the container element. */
  style?: CSSProperties;
  /** Class of the container element. */
  className?: string;
}

/** The methods on the ref of <OTPublisher>. */
export interface OTPublisherRef {
  /** Returns the Publisher, or null before it is created. */
  getPublisher(): PublisherLike | null;
}

// The properties whose change is applied live rather than by replacing
// the publisher.
function withoutLiveProperties(
  properties: PublisherProperties | undefined,
): PublisherProperties {
  const { publishAudio, publishVideo, ...rest } = properties ?? {};
  void publishAudio;
  void publishVideo;
  return rest;
}

export const OTPublisher = forwardRef<OTPublisherRef, OTPublisherProps>(
  function OTPublisher(props, ref) {
    const client = useContext(SessionContext);
    const containerRef = useRef<HTMLDivElement>(null);
    const propertiesRef = useRef(props.properties);
    const handlersRef = useRef(props.eventHandlers);
    const [controller, setController] = useState<PublisherController | null>(
      null,
    );
    const createProperties = useDeepMemo(
      withoutLiveProperties(props.properties),
    );

    useEffect(() => {
      const container = containerRef.current;
      if (container === null) {
        return undefined;
      }
      const next = new PublisherController(client, container, {
        ...createProperties,
        ...liveProperties(propertiesRef.current),
      });
      next.setEventHandlers(handlersRef.current);
      setController(next);
      // Deferred like <OTSession>, so StrictMode's synchronous remount
      // never opens the camera twice.
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
    }, [client, createProperties]);

    useEffect(() => {
      propertiesRef.current = props.properties;
      controller?.update(props.properties ?? {});
    }, [controller, props.properties]);

    useEffect(() => {
      handlersRef.current = props.eventHandlers;
      controller?.setEventHandlers(props.eventHandlers);
    }, [controller, props.eventHandlers]);

    useImperativeHandle(
      ref,
      () => ({ getPublisher: () => controller?.publisher ?? null }),
      [controller],
    );

    return (
      <div
        ref={containerRef}
        className={props.className ?? 'OTPublisherContainer'}
        style={props.style}
      />
    );
  },
);

function liveProperties(
  properties: PublisherProperties | undefined,
): PublisherProperties {
  const live: PublisherProperties = {};
  if (properties?.publishAudio !== undefined) {
    live.publishAudio = properties.publishAudio;
  }
  if (properties?.publishVideo !== undefined) {
    live.publishVideo = properties.publishVideo;
  }
  return live;
}
