// Entry point: reads the settings from the URL query and renders the app,
// in React.StrictMode unless the query has strict=0.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setServerUrl } from 'sessioncore';

import { App } from './App.js';
import { readConfig } from './config.js';

const config = readConfig(window.location.search, window.location.origin);
// The session server; the page's own origin unless the query names another.
setServerUrl(config.server);
const root = createRoot(document.getElementById('root')!);
if (!config.sessionId || !config.token) {
  root.render(
    <p>
      Open this page with ?apiKey=...&amp;sessionId=...&amp;token=... in the
      URL, as printed by <code>./sessioncore demo</code>.
    </p>,
  );
} else if (config.strictMode) {
  root.render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
} else {
  root.render(<App config={config} />);
}
