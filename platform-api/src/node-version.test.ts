import { describe, expect, it } from 'vitest';
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from './node-version';

describe('nodeVersionProblem', () => {
  it('accepts the required major and newer', () => {
    for (const v of [`${REQUIRED_NODE_MAJOR}.0.0`, `${REQUIRED_NODE_MAJOR}.22.3`, '26.1.0']) expect(nodeVersionProblem(v)).toBeNull();
  });
  it('names what to install, on one line, for an older Node', () => {
    for (const v of ['20.20.2', '22.12.0', 'garbage']) {
      const line = nodeVersionProblem(v);
      expect(line).toContain(`Node.js ${REQUIRED_NODE_MAJOR} LTS`);
      expect(line).toContain(v);
      expect(line).not.toContain('\n');
    }
  });
  it('is satisfied by the Node running the tests', () => {
    expect(nodeVersionProblem(process.versions.node)).toBeNull();
  });
});
