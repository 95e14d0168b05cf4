import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUxpCss } from './uxp-css-rules';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Every folder that holds UI shown in UXP (or sharing its CSS with UXP). */
const UI_DIRS = ['shared/src/ui', 'premiere-panel/src', 'photoshop-plugin/src', 'platform-api/web/src', 'mos-gateway/plugin'];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(p).isDirectory()) return files(p);
    return /\.(css|tsx)$/.test(name) ? [p] : [];
  });
}

describe('UXP-safe CSS', () => {
  it('flags grid, gap, transitions and animations in CSS and inline styles', () => {
    expect(checkUxpCss('.a { display: grid; }').map((v) => v.rule)).toEqual(['no grid layout']);
    expect(checkUxpCss('.a { gap: 4px; }\n.b { column-gap: 2px }').map((v) => v.line)).toEqual([1, 2]);
    expect(checkUxpCss('<div style={{ rowGap: 4, transition: "all 1s" }} />').map((v) => v.rule)).toEqual(['no gap (use margins)', 'no transitions']);
    expect(checkUxpCss('@keyframes spin { }\n.x { animation-name: spin }')).toHaveLength(2);
    expect(checkUxpCss("<div style={{ display: 'grid' }} />")).toHaveLength(1);
    expect(checkUxpCss('.x { grid-template-columns: 1fr 1fr; }')).toHaveLength(1);
  });

  it('accepts flex layouts, margins and comments that name the banned properties', () => {
    expect(checkUxpCss('/* no gap: here */\n.a { display: flex; margin-left: 4px; }\n.b { display: inline-flex }')).toEqual([]);
    expect(checkUxpCss('// transition: none in UXP\nconst gapless = 1;')).toEqual([]);
  });

  it('every UI file in the repository passes', () => {
    const all = UI_DIRS.flatMap((d) => files(join(ROOT, d)));
    expect(all.length).toBeGreaterThan(5);
    const bad = all.flatMap((f) => checkUxpCss(readFileSync(f, 'utf8')).map((v) => `${relative(ROOT, f)}:${v.line} ${v.rule}: ${v.text}`));
    expect(bad).toEqual([]);
  });
});
