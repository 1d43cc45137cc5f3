import { Empty } from './components.jsx';
import { formatAmount, formatTime } from './format.js';

const WIDTH = 600;
const HEIGHT = 200;
const LEFT = 8;
const TOP = 16;
const BOTTOM = 24;

/**
 * Voting power over time as a step line in SVG, one step per DelegateVotesChanged, held to the present: like the
 * tally chart, a few shapes a library would not make smaller. Amounts are scaled in BigInt, times by their instants.
 */
export function VotingPowerChart({ history, token }) {
  const points = history.edges.map(({ node }) => ({ at: Date.parse(node.timestamp), votes: BigInt(node.newVotes),
    before: BigInt(node.previousVotes), iso: node.timestamp })).reverse();
  if (points.length === 0) return <Empty>Its voting power has never changed: no one ever delegated to it.</Empty>;
  const fmt = (v) => formatAmount(v.toString(), token?.decimals ?? 0, token?.symbol ?? '');
  const now = Math.max(Date.now(), points[points.length - 1].at);
  const start = points[0].at;
  const max = points.reduce((m, p) => (p.votes > m ? p.votes : m), points[0].before);
  const x = (at) => LEFT + (now === start ? 0 : ((at - start) / (now - start)) * (WIDTH - 2 * LEFT));
  const y = (v) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - (max === 0n ? 0 : Number((v * 10_000n) / max) / 10_000));
  // Each change holds until the next one: across at the old level, then up or down to the new one.
  const path = points.reduce((d, p) => `${d} H ${x(p.at)} V ${y(p.votes)}`, `M ${x(start)} ${y(points[0].before)}`) + ` H ${x(now)}`;
  const latest = points[points.length - 1];
  const summary = `Voting power from ${formatTime(points[0].iso)} to now: ${points.length} changes, highest ${fmt(max)}, `
    + `now ${fmt(latest.votes)}`
    + (history.totalCount > points.length ? ` (the latest ${points.length} of ${history.totalCount} changes)` : '');
  return (
    <figure class="power-chart">
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line x1={LEFT} x2={WIDTH - LEFT} y1={y(0n)} y2={y(0n)} stroke="#d0d7de" />
        <line x1={LEFT} x2={WIDTH - LEFT} y1={y(max)} y2={y(max)} stroke="#d0d7de" stroke-dasharray="4 3" />
        <text x={LEFT} y={TOP - 4} font-size="12" fill="#4a5361">{fmt(max)}</text>
        <path d={path} fill="none" stroke="#1d4ed8" stroke-width="2" data-testid="power-line" />
        <text x={LEFT} y={HEIGHT - 6} font-size="12" fill="#4a5361">{formatTime(points[0].iso)}</text>
        <text x={WIDTH - LEFT} y={HEIGHT - 6} font-size="12" fill="#4a5361" text-anchor="end">now</text>
      </svg>
      <figcaption class="visually-hidden">{summary}</figcaption>
    </figure>
  );
}
