import { useCallback, useEffect, useRef, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { CutawayEvent, StorageReport } from '../../schemas/index';
import { costRows, formatCount, formatMoney, formatPrice, formatSize, formatWhen, KIND_COLOR, KIND_ORDER, TIER_COLOR, TIER_ORDER, usageRows } from '../archive-view';
import { userMessage } from '../errors';
import { ViewHeader } from './AppChrome';
import { BAR_W, StackedBars } from './StackedBars';

export interface StorageReportViewProps {
  client: CutawayClient;
  subscribe(fn: (e: CutawayEvent) => void): () => void;
  /** Saves the CSV (the host's download); absent where the host cannot save files. */
  onDownloadCsv?(): void;
  /** How long to wait after the last storage event before asking again (many moves come in bursts). */
  refreshDelayMs?: number;
}

/** Events after which the report may have changed: tiers, new or deleted media, policy runs. */
const CHANGES = new Set<CutawayEvent['type']>(['asset.updated', 'asset.ready', 'asset.deleted', 'archive.policy_ran', 'asset.version_created']);

/** The storage bill (GET /api/v1/storage/report) as charts, figures and a table; live over the event stream. */
export function StorageReportView({ client, subscribe, onDownloadCsv, refreshDelayMs = 800 }: StorageReportViewProps) {
  const [report, setReport] = useState<StorageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await client.storageReport();
      if (mine === seq.current) {
        setReport(r);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(userMessage(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [client]);

  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = subscribe((e) => {
      if (!CHANGES.has(e.type)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(), refreshDelayMs);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
      seq.current++;
    };
  }, [load, subscribe, refreshDelayMs]);

  return (
    <section className="cw-storage" aria-label="Storage report" aria-busy={loading}>
      <ViewHeader title="Storage" error={error} refreshing={loading} onRefresh={() => void load()}>
        {onDownloadCsv && (
          <button type="button" className="cw-button cw-small cw-ml" onClick={onDownloadCsv}>
            Download CSV
          </button>
        )}
      </ViewHeader>
      {report && <p className="cw-muted cw-as-of">As of {formatWhen(report.generatedAt)}; updates when media moves.</p>}
      {!report && !error && <p className="cw-empty">Loading the storage report…</p>}
      {report && <ReportBody report={report} />}
    </section>
  );
}

function ReportBody({ report: r }: { report: StorageReport }) {
  // One precision for the whole report, so figures side by side line up: cents once anything costs a unit or more.
  const digits = r.allOnlineMonthlyCost >= 1 ? 2 : 4;
  const money = (n: number) => formatMoney(n, r.currency, digits);
  const objectsText = (n: number) => `${formatCount(n)} object${n === 1 ? '' : 's'}`;
  const bytes = usageRows(r, 'bytes', BAR_W);
  const objects = usageRows(r, 'objects', BAR_W);
  const cost = costRows(r, BAR_W);
  const present = KIND_ORDER.filter((k) => r.tiers.some((t) => (t.byRendition[k]?.objects ?? 0) > 0));
  return (
    <>
      <div className="cw-figures" role="list" aria-label="Storage figures">
        <Figure id="stored" label="Stored" value={formatSize(r.total.bytes)} note={objectsText(r.total.objects)} />
        <Figure id="monthly-cost" label="Monthly cost" value={money(r.total.monthlyCost)} note="at the prices below" />
        <Figure id="all-online" label="All online would cost" value={money(r.allOnlineMonthlyCost)} note="per month" />
        <Figure id="saving" label="Saving" value={money(r.monthlySaving)} note={`${r.savingPercent} % per month`} tone="good" />
        <Figure id="restores" label="Restores this month" value={formatCount(r.restoresThisMonth.count)} note={`${formatSize(r.restoresThisMonth.bytes)} · ${money(r.restoresThisMonth.cost)}`} />
      </div>

      <h3 className="cw-h3">Bytes per tier and rendition kind</h3>
      <StackedBars
        id="bytes"
        title="Bytes per storage tier, stacked by rendition kind"
        description={`Online ${formatSize(bytes[0]!.total)}, nearline ${formatSize(bytes[1]!.total)}, archive ${formatSize(bytes[2]!.total)}. Only originals leave the online tier.`}
        rows={bytes}
        total={(row) => `${formatSize(row.total)} · ${money(r.tiers.find((t) => t.tier === row.label)?.monthlyCost ?? 0)}/mo`}
        describe={(s, row) => `${row.label} · ${s.key}: ${formatSize(s.value)} (${formatCount(s.value)} bytes)`}
      />
      <h3 className="cw-h3">Objects per tier and rendition kind</h3>
      <StackedBars
        id="objects"
        title="Stored objects per storage tier, stacked by rendition kind"
        description={`Online ${objects[0]!.total}, nearline ${objects[1]!.total}, archive ${objects[2]!.total} objects.`}
        rows={objects}
        total={(row) => objectsText(row.total)}
        describe={(s, row) => `${row.label} · ${s.key}: ${objectsText(s.value)}`}
      />
      <Legend entries={present.map((k) => ({ key: k, color: KIND_COLOR[k] }))} label="Rendition kinds" />

      <h3 className="cw-h3">Monthly cost</h3>
      <StackedBars
        id="cost"
        title="Monthly storage cost: everything online, with tiers, and the saving"
        description={`Everything online ${money(r.allOnlineMonthlyCost)}, with tiers ${money(r.total.monthlyCost)}, saving ${money(r.monthlySaving)} (${r.savingPercent} %).`}
        rows={cost}
        total={(row) => (row.label === 'Saving' ? `${money(r.monthlySaving)} · ${r.savingPercent} %` : money(row.total))}
        describe={(s, row) => `${row.label}${row.segments.length > 1 ? ` · ${s.key}` : ''}: ${money(s.value)} per month`}
      />
      <Legend entries={TIER_ORDER.map((t) => ({ key: t, color: TIER_COLOR[t] }))} label="Tiers" />

      <h3 className="cw-h3">In numbers</h3>
      <table className="cw-table" aria-label="Objects, bytes and monthly cost per tier and rendition kind">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Rendition</th>
            <th scope="col" className="cw-num">Objects</th>
            <th scope="col" className="cw-num">Bytes</th>
            <th scope="col" className="cw-num">Per month</th>
          </tr>
        </thead>
        <tbody>
          {r.tiers.flatMap((t) => [
            ...KIND_ORDER.filter((k) => t.byRendition[k]).map((k) => (
              <tr key={`${t.tier}-${k}`} data-tier={t.tier} data-kind={k}>
                <td>{t.tier}</td>
                <td>{k}</td>
                <td className="cw-num">{formatCount(t.byRendition[k]!.objects)}</td>
                <td className="cw-num">{formatCount(t.byRendition[k]!.bytes)}</td>
                <td />
              </tr>
            )),
            <tr key={`${t.tier}-all`} className="cw-subtotal" data-tier={t.tier} data-kind="*">
              <td>{t.tier}</td>
              <td>all</td>
              <td className="cw-num">{formatCount(t.objects)}</td>
              <td className="cw-num">{formatCount(t.bytes)}</td>
              <td className="cw-num">{money(t.monthlyCost)}</td>
            </tr>,
          ])}
          <tr className="cw-subtotal" data-tier="*" data-kind="*">
            <td>total</td>
            <td />
            <td className="cw-num">{formatCount(r.total.objects)}</td>
            <td className="cw-num">{formatCount(r.total.bytes)}</td>
            <td className="cw-num">{money(r.total.monthlyCost)}</td>
          </tr>
        </tbody>
      </table>
      <p className="cw-muted cw-prices" data-price-source={r.prices.source}>
        Prices per GB-month (1 GB = 10⁹ bytes): {TIER_ORDER.map((t) => `${t} ${formatPrice(r.prices.perGbMonth[t] ?? 0, r.currency)}`).join(' · ')}. Retrieval per GB:{' '}
        {TIER_ORDER.filter((t) => (r.prices.restorePerGb[t] ?? 0) > 0).map((t) => `${t} ${formatPrice(r.prices.restorePerGb[t] ?? 0, r.currency)}`).join(' · ') || 'free'}. Source: {r.prices.source}.
      </p>
    </>
  );
}

function Figure({ id, label, value, note, tone }: { id: string; label: string; value: string; note: string; tone?: 'good' }) {
  return (
    <div className={`cw-figure${tone ? ` cw-figure-${tone}` : ''}`} role="listitem" data-figure={id}>
      <div className="cw-muted">{label}</div>
      <div className="cw-figure-value">{value}</div>
      <div className="cw-muted">{note}</div>
    </div>
  );
}

function Legend({ entries, label }: { entries: Array<{ key: string; color: string }>; label: string }) {
  return (
    <div className="cw-row cw-wrap cw-legend" aria-label={label}>
      {entries.map((e) => (
        <span key={e.key} className="cw-legend-item">
          <span className="cw-swatch" style={{ background: e.color }} aria-hidden="true" />
          {e.key}
        </span>
      ))}
    </div>
  );
}
