import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RawFace, RawObject, VisionRequest } from './protocol';

/**
 * @vladmandic/human 3.3.6 (BlazeFace, FaceMesh, FaceRes descriptor, CenterNet COCO) on the tfjs
 * 4.22 wasm backend, weights from the npm tarball. Runs in a worker thread (one per core: wasm is
 * single-threaded). tfjs loads models with fetch(), and Node's fetch refuses file:// URLs, so
 * file URLs are answered from disk here; nothing is ever fetched from the network.
 */

interface Tensor {
  dispose(): void;
}
interface HumanResult {
  face: Array<{ box: [number, number, number, number]; score: number; embedding?: number[] }>;
  object: Array<{ label: string; score: number; box: [number, number, number, number] }>;
}
interface HumanInstance {
  load(): Promise<void>;
  detect(input: Tensor, config?: Record<string, unknown>): Promise<HumanResult>;
  tf: { tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor; getBackend(): string };
}

export const HUMAN_VERSION = '3.3.6';

function installFileFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
    if (href.startsWith('file://')) return new Response(readFileSync(new URL(href)), { status: 200 });
    return realFetch(url, init);
  }) as typeof fetch;
}

const TASKS: Record<VisionRequest['task'], Record<string, unknown>> = {
  // Detection only: the cheap pass run on every sampled frame.
  faces: { face: { enabled: true, mesh: { enabled: false }, description: { enabled: false } }, object: { enabled: false } },
  // Mesh aligns the face before the descriptor: run on each track's best frame only.
  describe: { face: { enabled: true, mesh: { enabled: true }, description: { enabled: true } }, object: { enabled: false } },
  objects: { face: { enabled: false }, object: { enabled: true } },
};

export class HumanModel {
  private constructor(private readonly human: HumanInstance) {}

  static async load(): Promise<{ model: HumanModel; loadMs: number }> {
    const started = performance.now();
    installFileFetch();
    const require = createRequire(import.meta.url);
    // The packages' export maps hide package.json: locate them through their entry files (dist/…).
    const humanDir = dirname(dirname(require.resolve('@vladmandic/human')));
    const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    // One tfjs-core for Human and the wasm backend: Human's node-wasm build requires both packages.
    require('@tensorflow/tfjs');
    require('@tensorflow/tfjs-backend-wasm');
    const { Human } = require(join(humanDir, 'dist', 'human.node-wasm.js')) as { Human: new (config: Record<string, unknown>) => HumanInstance };
    const human = new Human({
      backend: 'wasm',
      wasmPath: `${pathToFileURL(wasmDist).href}/`,
      modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
      debug: false,
      async: true,
      warmup: 'none',
      // Every frame is a different picture: no result caching or temporal smoothing inside Human.
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { rotation: false, maxDetected: 20, minConfidence: 0.5, return: false },
        mesh: { enabled: true },
        iris: { enabled: false },
        description: { enabled: true },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
        attention: { enabled: false },
      },
      object: { enabled: true, minConfidence: 0.35, maxDetected: 20 },
      body: { enabled: false },
      hand: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await human.load();
    if (human.tf.getBackend() !== 'wasm') throw new Error(`tfjs backend is '${human.tf.getBackend()}', expected 'wasm'`);
    return { model: new HumanModel(human), loadMs: Math.round(performance.now() - started) };
  }

  async run(req: VisionRequest): Promise<{ faces: RawFace[]; objects: RawObject[] }> {
    const input = this.human.tf.tensor3d(req.rgb, [req.height, req.width, 3], 'int32');
    try {
      const r = await this.human.detect(input, TASKS[req.task]);
      return {
        faces: req.task === 'objects' ? [] : r.face.map((f) => ({ box: f.box, score: f.score, embedding: req.task === 'describe' && f.embedding?.length ? Array.from(f.embedding) : null })),
        objects: req.task === 'objects' ? r.object.map((o) => ({ label: o.label, score: o.score, box: o.box })) : [],
      };
    } finally {
      input.dispose();
    }
  }
}
