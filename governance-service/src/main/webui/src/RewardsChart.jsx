import { formatAmount } from './format.js';

export const PROGRAMS = [
  { key: 'GOVERNANCE', label: 'Governance', color: '#1d4ed8' },
  { key: 'DEPIN', label: 'DePIN', color: '#0f766e' },
  { key: 'ROLLUP', label: 'Rollup', color: '#b45309' },
];

/**
 * Paid per program over epochs as stacked columns in SVG, oldest on the left, like TallyChart: a few rectangles do
 * not need a chart library. Scaled to the largest epoch's total, in BigInt until the last step.
 */
export function RewardsChart({ epochs, token }) {
  const columns = [...epochs].reverse().map((e) => ({
    epoch: e.epoch,
    paid: Object.fromEntries(PROGRAMS.map((p) => [p.key, BigInt(e.programs.find((x) => x.program === p.key)?.paid ?? 0)])),
  }));
  const total = (c) => PROGRAMS.reduce((sum, p) => sum + c.paid[p.key], 0n);
  const max = columns.reduce((m, c) => (total(c) > m ? total(c) : m), 0n);
  const scale = (v) => (max === 0n ? 0 : Number((v * 10_000n) / max) / 10_000);
  const fmt = (v) => formatAmount(v.toString(), token?.decimals ?? 0, token?.symbol ?? '');
  const width = 320;
  const plot = 120;
  const base = plot + 16;
  const height = base + 34;
  const step = width / Math.max(columns.length, 1);
  const bar = Math.min(step * 0.7, 40);
  const summary = columns.map((c) => `epoch ${c.epoch}: ${PROGRAMS.map((p) => `${p.label} ${fmt(c.paid[p.key])}`).join(', ')}`)
    .join('; ');
  return (
    <figure class="rewards-chart">
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Paid per program: ${summary}`}>
        <line x1="0" x2={width} y1={base} y2={base} stroke="#8b93a1" />
        <text x="0" y="10" font-size="10" fill="#4a5361">{fmt(max)} paid</text>
        {columns.map((c, i) => {
          let top = base;
          return (
            <g key={c.epoch} transform={`translate(${i * step + (step - bar) / 2} 0)`}>
              {PROGRAMS.map((p) => {
                const h = plot * scale(c.paid[p.key]);
                top -= h;
                return h > 0 ? <rect key={p.key} x="0" y={top} width={bar} height={h} fill={p.color} /> : null;
              })}
              <text x={bar / 2} y={base + 14} font-size="10" text-anchor="middle" fill="#1b1f24">{c.epoch}</text>
            </g>
          );
        })}
        <text x="0" y={height - 2} font-size="10" fill="#4a5361">Epoch</text>
      </svg>
      <figcaption>
        <ul class="legend">
          {PROGRAMS.map((p) => (
            <li key={p.key}><span class="swatch" style={{ background: p.color }} aria-hidden="true" />{p.label}</li>
          ))}
        </ul>
        <span class="visually-hidden">{summary}</span>
      </figcaption>
    </figure>
  );
}
