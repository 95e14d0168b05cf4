// Runs one tier move and kills itself with SIGKILL at the named step: a real kill -9, no cleanup runs.
import type { StorageTier } from '@cutaway/shared';
import { tieredAt } from './tiered';

const [root, key, tier, sha256, killAt] = process.argv.slice(2) as [string, string, StorageTier, string, string];
const die = (step: string) => {
  if (step !== killAt) return;
  process.stdout.write(`dying at ${step}\n`);
  process.kill(process.pid, 'SIGKILL');
};
const storage = tieredAt(root, { onStep: (_key, step) => die(step) });
let halfway = false;
await storage.setTier(key, tier, {
  sha256,
  onProgress: (p) => {
    if (p >= 50 && !halfway) {
      halfway = true;
      die('mid-copy');
    }
  },
});
process.stdout.write('moved\n');
