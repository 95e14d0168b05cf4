import type { BarRow, BarSegment } from '../archive-view';

export interface StackedBarsProps {
  id: string;
  title: string;
  /** One sentence for screen readers: what the bars compare. */
  description: string;
  rows: BarRow[];
  /** Text after each bar (its total, formatted). */
  total(row: BarRow): string;
  /** Tooltip and accessible name of one segment. */
  describe(segment: BarSegment, row: BarRow): string;
}

const W = 720;
const LABEL_W = 92;
const VALUE_W = 200;
export const BAR_W = W - LABEL_W - VALUE_W;
const ROW_H = 28;
const BAR_H = 18;

/**
 * Horizontal stacked bars in plain SVG (no chart library): the viewBox keeps text at 12 px on a wide
 * screen; below 600 px it scrolls sideways rather than shrink the numbers out of reading size. Every segment has a <title>; the totals are written out.
 */
export function StackedBars({ id, title, description, rows, total, describe }: StackedBarsProps) {
  const h = rows.length * ROW_H + 4;
  return (
    <div className="cw-chart-box">
      <svg className="cw-chart" data-chart={id} viewBox={`0 0 ${W} ${h}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {rows.map((row, i) => {
          const y = i * ROW_H + 4;
          return (
            <g key={row.label} data-row={row.label} data-total={row.total}>
              <text x={0} y={y + BAR_H - 4} className="cw-chart-label">
                {row.label}
              </text>
              <rect x={LABEL_W} y={y} width={BAR_W} height={BAR_H} className="cw-chart-track" />
              {row.segments.map((s) => (
                <rect key={s.key} data-key={s.key} data-value={s.value} x={LABEL_W + s.x} y={y} width={s.w} height={BAR_H} fill={s.color}>
                  <title>{describe(s, row)}</title>
                </rect>
              ))}
              <text x={LABEL_W + BAR_W + 10} y={y + BAR_H - 4} className="cw-chart-value">
                {total(row)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
