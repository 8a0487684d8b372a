/**
 * <OTStreams>: renders its children once per remote stream of the
 * enclosing <OTSession>. An <OTSubscriber> among the children subscribes
 * to the stream of its copy.
 */
import type { ReactNode } from 'react';

import type { StreamLike } from './api.js';
import { StreamContext, useStreams } from './context.js';

/** Props of <OTStreams>. */
export interface OTStreamsProps {
  /** Rendered per stream; a function receives the stream. */
  children?: ReactNode | ((stream: StreamLike) => ReactNode);
}

export function OTStreams(props: OTStreamsProps) {
  const streams = useStreams();
  const { children } = props;
  return (
    <>
      {streams.map((stream) => (
        <StreamContext.Provider key={stream.streamId} value={stream}>
          {typeof children === 'function' ? children(stream) : children}
        </StreamContext.Provider>
      ))}
    </>
  );
}
