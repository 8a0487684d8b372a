// Reads the server's structured log: one line of key=value pairs per event,
// values with spaces or quotes in double quotes.
const kPair = /([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|\S*)/g;

/** Parses one log line into an object of its fields. */
export function parseLogLine(line) {
  const fields = {};
  for (const [, key, raw] of line.matchAll(kPair)) {
    fields[key] = raw.startsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw;
  }
  return fields;
}

/** Every log line of `event` in `text`, parsed. */
export function logEvents(text, event) {
  return text
    .split('\n')
    .filter((line) => line.includes(`event=${event}`))
    .map(parseLogLine)
    .filter((fields) => fields.event === event);
}
