/** Small SDP rewrites that the browser API does not offer. */

/**
 * Adds stereo=1 to the fmtp line of every Opus payload type in `sdp`, or
 * adds an fmtp line where Opus has none.
 */
export function preferStereoOpus(sdp: string): string {
  const lines = sdp.split('\r\n');
  const opusTypes = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (match?.[1] !== undefined) {
      opusTypes.add(match[1]);
    }
  }
  const withFmtp = new Set<string>();
  const rewritten = lines.map((line) => {
    const match = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (match?.[1] === undefined || !opusTypes.has(match[1])) {
      return line;
    }
    withFmtp.add(match[1]);
    const params = match[2] ?? '';
    return /(^|;)\s*stereo=/.test(params)
      ? line.replace(/stereo=\d/, 'stereo=1')
      : `${line};stereo=1`;
  });
  const result: string[] = [];
  for (const line of rewritten) {
    result.push(line);
    const match = /^a=rtpmap:(\d+) opus\//i.exec(line);
    if (match?.[1] !== undefined && !withFmtp.has(match[1])) {
      result.push(`a=fmtp:${match[1]} stereo=1`);
    }
  }
  return result.join('\r\n');
}
