// Browser build with the recording fake Premiere (dist/premiere-panel-dev/): for development without
// Premiere and for the headless-Chromium tests, which read window.cutawayFake to see what "Premiere" received.
import { createFakePremiereHost } from '../host/fake';
import { renderPanel } from './render';

const params = new URLSearchParams(location.hash.slice(1));
const { host, fake, files } = createFakePremiereHost({
  localStorage: window.sessionStorage,
  ...(params.get('timebase') ? { timebase: params.get('timebase')! } : {}),
  ...(params.get('playhead') ? { playheadTicks: params.get('playhead')! } : {}),
});
if (params.get('server') && params.get('token')) {
  void host.settings.saveConnection({ serverUrl: params.get('server')!, token: params.get('token')! });
  history.replaceState(null, '', location.pathname);
}
(window as unknown as { cutawayFake: unknown }).cutawayFake = {
  calls: fake.calls,
  timeline: fake.timeline,
  markers: fake.markers,
  files: () => [...files.values()],
  projectPaths: () => fake.projectPaths(),
  findClip: (p: string) => fake.findClip(p),
};
renderPanel(host, 'Running in a browser: the server must allow this page’s origin (CUTAWAY_CORS_ORIGINS).');
