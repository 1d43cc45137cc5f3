import { formatAmount } from './format.js';

const ROWS = [
  { key: 'forVotes', label: 'For', color: '#15803d' },
  { key: 'againstVotes', label: 'Against', color: '#b91c1c' },
  { key: 'abstainVotes', label: 'Abstain', color: '#6b7280' },
];

/**
 * The tallies as horizontal bars in SVG, with the quorum as a dashed line: a chart library would add more to the
 * page than these few shapes. Scaled to the largest of the tallies and the quorum, in BigInt until the last step.
 */
export function TallyChart({ forVotes, againstVotes, abstainVotes, quorum, token }) {
  const values = { forVotes: BigInt(forVotes), againstVotes: BigInt(againstVotes), abstainVotes: BigInt(abstainVotes) };
  const q = quorum == null ? null : BigInt(quorum);
  const max = [values.forVotes, values.againstVotes, values.abstainVotes, q ?? 0n].reduce((a, b) => (b > a ? b : a), 0n);
  const scale = (v) => (max === 0n ? 0 : Number((v * 10_000n) / max) / 10_000);
  const fmt = (v) => formatAmount(v.toString(), token?.decimals ?? 0, token?.symbol ?? '');
  const width = 300;
  const labelWidth = 64;
  const barWidth = width - labelWidth - 8;
  const rowHeight = 34;
  const height = ROWS.length * rowHeight + 18;
  const summary = ROWS.map((r) => `${r.label} ${fmt(values[r.key])}`).join(', ')
    + (q == null ? '' : `; quorum ${fmt(q)}`);
  return (
    <figure class="tally">
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Tallies: ${summary}`}>
        {ROWS.map((r, i) => (
          <g key={r.key} transform={`translate(0 ${i * rowHeight + 4})`}>
            <text x="0" y="14" font-size="12" fill="#1b1f24">{r.label}</text>
            <rect x={labelWidth} y="2" width={barWidth} height="16" fill="#e5e7eb" rx="3" />
            <rect x={labelWidth} y="2" width={barWidth * scale(values[r.key])} height="16" fill={r.color} rx="3"
              data-testid={`bar-${r.label.toLowerCase()}`} />
            <text x={labelWidth} y="31" font-size="10" fill="#4a5361">{fmt(values[r.key])}</text>
          </g>
        ))}
        {q == null || max === 0n ? null : (
          <g>
            <line x1={labelWidth + barWidth * scale(q)} x2={labelWidth + barWidth * scale(q)} y1="0" y2={height - 14}
              stroke="#1b1f24" stroke-width="2" stroke-dasharray="4 3" />
            <text x={Math.min(labelWidth + barWidth * scale(q), width - 40)} y={height - 2} font-size="10" fill="#1b1f24">
              Quorum
            </text>
          </g>
        )}
      </svg>
      <figcaption class="visually-hidden">{summary}</figcaption>
    </figure>
  );
}
