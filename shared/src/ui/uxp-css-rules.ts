/**
 * UXP-safe styling rules (adobe.md "UXP is not a browser"; PPRO-DOCS uxp-api/reference-css display.md and
 * known-issues.md): UXP lays out with block/inline/flex only, has no `gap`, and no transitions or animations.
 * Applies to CSS files and to inline style objects in TSX (camelCase and kebab-case both caught).
 */
export interface UxpCssViolation {
  line: number;
  rule: string;
  text: string;
}

const RULES: Array<{ rule: string; re: RegExp }> = [
  { rule: 'no grid layout', re: /display\s*:\s*['"]?(inline-)?grid\b/i },
  { rule: 'no grid properties', re: /(^|[^\w-])(grid-[a-z-]+|grid[A-Z]\w*)\s*:/ },
  { rule: 'no gap (use margins)', re: /(^|[^\w-])(gap|row-gap|column-gap|rowGap|columnGap)\s*:/ },
  { rule: 'no transitions', re: /(^|[^\w-])(transition(-\w+)?|transition[A-Z]\w*)\s*:/ },
  { rule: 'no animations', re: /(^|[^\w-])(animation(-\w+)?|animation[A-Z]\w*)\s*:|@keyframes/ },
];

export function checkUxpCss(source: string): UxpCssViolation[] {
  const out: UxpCssViolation[] = [];
  // Comments may name the banned properties (this file's own doc does); they do not style anything.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:])\/\/.*$/gm, '$1');
  code.split('\n').forEach((text, i) => {
    for (const { rule, re } of RULES) if (re.test(text)) out.push({ line: i + 1, rule, text: text.trim() });
  });
  return out;
}
