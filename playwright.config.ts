// Playwright runs Debian's Chromium (/usr/bin/chromium); it never downloads
// a browser. `./sessioncore test` starts it inside a network namespace that
// has only loopback and sets SESSIONCORE_LOOPBACK_ONLY=1 there; the WebRTC
// specs (*.webrtc.spec.ts) are picked up only then, so their media and
// signaling cannot leave the machine.
import { defineConfig } from '@playwright/test';

const loopbackOnly = process.env.SESSIONCORE_LOOPBACK_ONLY === '1';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: loopbackOnly ? /\.spec\.ts$/ : /(?<!\.webrtc)\.spec\.ts$/,
  outputDir: 'build/playwright-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--allow-loopback-in-peer-connection',
      ],
    },
  },
});
