import type { Host } from '@cutaway/shared/ui/host';
import { createCepMediaFiles, type CepNode } from './cep-files';
import { createPremiereCepHost, type EvalScript } from './cep-premiere';

interface CepWindow {
  __adobe_cep__?: { evalScript(script: string, cb: (r: string) => void): void; getSystemPath?(kind: string): string };
  cep_node?: { require(id: string): unknown };
}

/** The one place the CEP build touches CEP globals (CEP 12 cookbook: __adobe_cep__, cep_node with --enable-nodejs). */
export function hostFromCepRuntime(): Host {
  const w = window as unknown as CepWindow;
  if (!w.__adobe_cep__ || !w.cep_node) throw new Error('Not running inside a CEP panel with Node enabled');
  const cep = w.__adobe_cep__;
  const evalScript: EvalScript = (script, cb) => cep.evalScript(script, cb);
  const req = w.cep_node.require.bind(w.cep_node);
  const os = req('os') as { homedir(): string };
  const path = req('path') as CepNode['path'];
  const node: CepNode = { fs: req('fs') as CepNode['fs'], path, cacheDir: path.join(os.homedir(), 'Cutaway Media Cache') };
  return createPremiereCepHost({ evalScript, files: createCepMediaFiles(node, (url, init) => fetch(url, init)), localStorage: window.localStorage });
}
