import { useEffect, useRef, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { Asset } from '../../schemas/index';
import { assetTimecode } from '../format';

export interface MarkRange {
  inMs: number | null;
  outMs: number | null;
}

export interface ProxyPlayerProps {
  asset: Asset;
  client: CutawayClient;
  /** Seek here when it changes (click-to-seek from the transcript or a moment). */
  seekMs: number | null;
  marks: MarkRange;
  onMarks(m: MarkRange): void;
}

/**
 * The proxy with SMPTE timecode, J/K/L shuttle, I/O marks and sprite scrubbing on hover. J steps back
 * by seeking (browsers and UXP cannot play backwards); each L doubles the forward speed, K stops.
 */
export function ProxyPlayer({ asset, client, seekMs, marks, onMarks }: ProxyPlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [nowMs, setNowMs] = useState(0);
  const [hover, setHover] = useState<{ x: number; ms: number } | null>(null);
  const [reverse, setReverse] = useState(0);
  const durationMs = asset.technical?.durationMs ?? 0;
  const sprite = asset.renditions.find((r) => r.kind === 'sprite');
  const hasProxy = asset.renditions.some((r) => r.kind === 'proxy');

  useEffect(() => {
    if (seekMs !== null && video.current) video.current.currentTime = seekMs / 1000;
  }, [seekMs]);

  // Reverse shuttle: a bounded timer that seeks back while J is held (stops at 0 or on K/L).
  useEffect(() => {
    if (!reverse) return;
    const v = video.current;
    const timer = setInterval(() => {
      if (!v) return;
      v.currentTime = Math.max(0, v.currentTime - 0.2 * reverse);
      if (v.currentTime <= 0) setReverse(0);
    }, 200);
    return () => clearInterval(timer);
  }, [reverse]);

  const onKey = (e: React.KeyboardEvent) => {
    const v = video.current;
    if (!v) return;
    const key = e.key.toLowerCase();
    if (key === 'k' || key === ' ') {
      v.pause();
      setReverse(0);
    } else if (key === 'l') {
      setReverse(0);
      v.playbackRate = v.paused ? 1 : Math.min(8, v.playbackRate * 2);
      void v.play().catch(() => undefined);
    } else if (key === 'j') {
      v.pause();
      setReverse((r) => Math.min(8, r ? r * 2 : 1));
    } else if (key === 'i') onMarks({ ...marks, inMs: Math.round(v.currentTime * 1000) });
    else if (key === 'o') onMarks({ ...marks, outMs: Math.round(v.currentTime * 1000) });
    else if (key === 'arrowleft' || key === 'arrowright') {
      const fps = asset.technical?.rate ? asset.technical.rate.num / asset.technical.rate.den : 25;
      v.currentTime = Math.max(0, v.currentTime + (key === 'arrowleft' ? -1 : 1) / fps);
    } else return;
    e.preventDefault();
  };

  const scrubStyle = (): React.CSSProperties | undefined => {
    if (!hover || !sprite?.sprite || !sprite.width) return undefined;
    const { columns, intervalMs, count } = sprite.sprite;
    const tileW = sprite.width / columns;
    const tileH = (sprite.height ?? 0) / sprite.sprite.rows;
    const idx = Math.min(count - 1, Math.floor(hover.ms / intervalMs));
    const scale = 160 / tileW;
    return {
      backgroundImage: `url("${client.renditionUrl(asset.id, 'sprite', { withToken: true })}")`,
      backgroundPosition: `${-(idx % columns) * tileW * scale}px ${-Math.floor(idx / columns) * tileH * scale}px`,
      backgroundSize: `${sprite.width * scale}px ${(sprite.height ?? 0) * scale}px`,
      width: `${tileW * scale}px`,
      height: `${tileH * scale}px`,
      left: `${Math.max(0, hover.x - 80)}px`,
    };
  };

  return (
    <div className="cw-player" tabIndex={0} onKeyDown={onKey} aria-label="Proxy player: J K L shuttle, I O mark, arrows step a frame">
      {hasProxy ? (
        <video ref={video} className="cw-video" src={client.renditionUrl(asset.id, 'proxy', { withToken: true })} preload="metadata" onTimeUpdate={(e) => setNowMs(e.currentTarget.currentTime * 1000)} onClick={(e) => (e.currentTarget.paused ? void e.currentTarget.play() : e.currentTarget.pause())} />
      ) : (
        <div className="cw-empty">No proxy yet {asset.status !== 'ready' ? `(${asset.status})` : ''}</div>
      )}
      <div
        className="cw-scrub"
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const x = e.clientX - box.left;
          setHover({ x, ms: Math.max(0, Math.min(durationMs, (x / box.width) * durationMs)) });
        }}
        onMouseLeave={() => setHover(null)}
        onClick={() => hover && video.current && (video.current.currentTime = hover.ms / 1000)}
      >
        <div className="cw-scrub-fill" style={{ width: `${durationMs ? (nowMs / durationMs) * 100 : 0}%` }} />
        {marks.inMs !== null && <div className="cw-scrub-mark" style={{ left: `${(marks.inMs / (durationMs || 1)) * 100}%` }} />}
        {marks.outMs !== null && <div className="cw-scrub-mark" style={{ left: `${(marks.outMs / (durationMs || 1)) * 100}%` }} />}
        {hover && <div className="cw-sprite" style={scrubStyle()} />}
      </div>
      <div className="cw-row cw-player-bar">
        <span className="cw-tc" aria-label="Timecode">
          {assetTimecode(asset, nowMs)}
        </span>
        <span className="cw-muted cw-ml">
          In {marks.inMs === null ? '—' : assetTimecode(asset, marks.inMs)} · Out {marks.outMs === null ? '—' : assetTimecode(asset, marks.outMs)}
        </span>
      </div>
    </div>
  );
}
