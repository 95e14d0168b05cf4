import { parentPort } from 'node:worker_threads';
import type { EmbedRequest, WorkerMessage } from './protocol';
import { UseModel } from './use-model';

/**
 * Worker-thread entry: owns one USE model. Its own globalThis keeps tfjs's global engine away
 * from any other tfjs user in the main thread, and graph runs (which block for the whole batch)
 * away from the API's event loop. Requests arrive one at a time; the parent does the queueing.
 */
const port = parentPort;
if (!port) throw new Error('use-worker must run as a worker thread');
const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const loaded = UseModel.load().then(
  ({ model, loadMs }) => {
    post({ type: 'ready', loadMs });
    return model;
  },
  (err: unknown) => {
    post({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) });
    return null;
  },
);

port.on('message', (req: EmbedRequest) => {
  void (async () => {
    const model = await loaded;
    if (!model) return; // the parent already failed everything on 'load-failed'
    try {
      const vectors = await model.embed(req.texts);
      const data = new Float32Array(vectors.length * (vectors[0]?.length ?? 0));
      vectors.forEach((v, i) => data.set(v, i * v.length));
      post({ type: 'result', id: req.id, data, count: vectors.length }, [data.buffer]);
    } catch (err) {
      post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
