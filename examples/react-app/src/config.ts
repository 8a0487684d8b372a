// Reads the page's settings from the URL query, so that a link printed by
// examples/demo.mjs (or written by hand) carries everything the app needs:
//   apiKey, sessionId, token   the credentials (applicationId replaces apiKey)
//   server                     the sessioncore server URL; default: this page
//   name                       a display name for the published stream
//   publish=0                  join without publishing
//   strict=0                   render without React.StrictMode
//   connectionEventsSuppressed=1, transportPolicy=relay, includeServers=custom
//                              initial session options
import type { SessionOptions } from 'sessioncore';

export interface AppConfig {
  apiKey?: string;
  applicationId?: string;
  sessionId: string;
  token: string;
  server: string;
  name: string;
  publish: boolean;
  strictMode: boolean;
  options: SessionOptions;
}

export function readConfig(search: string, origin: string): AppConfig {
  const query = new URLSearchParams(search);
  const config: AppConfig = {
    sessionId: query.get('sessionId') ?? '',
    token: query.get('token') ?? '',
    server: query.get('server') ?? origin,
    name: query.get('name') ?? 'guest',
    publish: query.get('publish') !== '0',
    strictMode: query.get('strict') !== '0',
    options: readOptions(query),
  };
  const apiKey = query.get('apiKey');
  const applicationId = query.get('applicationId');
  if (apiKey !== null) {
    config.apiKey = apiKey;
  }
  if (applicationId !== null) {
    config.applicationId = applicationId;
  }
  return config;
}

function readOptions(query: URLSearchParams): SessionOptions {
  const options: SessionOptions = {};
  if (query.get('connectionEventsSuppressed') === '1') {
    options.connectionEventsSuppressed = true;
  }
  const transportPolicy = query.get('transportPolicy');
  const includeServers = query.get('includeServers');
  if (transportPolicy !== null || includeServers !== null) {
    // Invalid values go to the session as they are, so that the app shows
    // the error that names the option and the allowed values.
    options.iceConfig = {};
    if (transportPolicy !== null) {
      options.iceConfig.transportPolicy = transportPolicy as 'all';
    }
    if (includeServers !== null) {
      options.iceConfig.includeServers = includeServers as 'all';
    }
  }
  return options;
}
