/**
 * The Node.js major this code needs (the repository's .node-version; package.json engines). better-sqlite3 13 and
 * the toolchain need it, and Node 20 is past its end of life: on an older Node, say what to install in one line
 * rather than crash later (better-sqlite3 13 segfaults on Node 20).
 */
export const REQUIRED_NODE_MAJOR = 24;

/** null when `version` (process.versions.node) is new enough, else the one line to print. */
export function nodeVersionProblem(version: string): string | null {
  const major = Number(version.split('.')[0]);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return `Cutaway needs Node.js ${REQUIRED_NODE_MAJOR} LTS or newer (this is ${version}): install it from https://nodejs.org, or run scripts/install-system-deps.sh, which puts it in .node/`;
}
