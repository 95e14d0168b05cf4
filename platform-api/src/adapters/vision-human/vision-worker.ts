import { parentPort } from 'node:worker_threads';
import { HumanModel } from './human-model';
import type { VisionMessage, VisionRequest } from './protocol';

/**
 * Worker-thread entry: one Human model per thread. Graph runs block for 30–300 ms; here they
 * block this thread only, never the API's event loop. The pool sends one request at a time.
 */
const port = parentPort;
if (!port) throw new Error('vision-worker must run as a worker thread');
const post = (msg: VisionMessage) => port.postMessage(msg);

const loaded = HumanModel.load().then(
  ({ model, loadMs }) => {
    post({ type: 'ready', loadMs });
    return model;
  },
  (err: unknown) => {
    post({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) });
    return null;
  },
);

port.on('message', (req: VisionRequest) => {
  void (async () => {
    const model = await loaded;
    if (!model) return;
    try {
      post({ type: 'result', id: req.id, ...(await model.run(req)) });
    } catch (err) {
      post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
