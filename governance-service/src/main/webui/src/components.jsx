import { useEffect, useState } from 'preact/hooks';
import { formatAmount, formatDuration, formatTime, shortAddress, timeZone } from './format.js';

/** An EIP-55 address, shortened, with its whole value in the title and a button that copies it. */
export function Address({ address, href }) {
  const [copied, setCopied] = useState(false);
  if (!address) return <span>–</span>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  const text = <code title={address}>{shortAddress(address)}</code>;
  return (
    <span class="address">
      {href ? <a href={href}>{text}</a> : text}
      <button type="button" class="copy" onClick={copy} aria-label={`Copy address ${address}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

export function Amount({ raw, token }) {
  return <span class="amount">{formatAmount(raw, token?.decimals ?? 0, token?.symbol ?? '')}</span>;
}

export function Time({ iso, estimated }) {
  if (!iso) return <span>–</span>;
  return (
    <time datetime={iso} title={`${iso} (shown in ${timeZone})`}>
      {estimated ? '≈ ' : ''}{formatTime(iso)}
    </time>
  );
}

export function StateBadge({ state }) {
  return <span class={`badge badge-${state.toLowerCase()}`}>{state.charAt(0) + state.slice(1).toLowerCase()}</span>;
}

function useNow(intervalMs = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Time left until an instant, ticking; "ended" once it has passed. */
export function Countdown({ until, estimated }) {
  const now = useNow();
  if (!until) return null;
  const left = new Date(until).getTime() - now;
  return (
    <span class="countdown" title={formatTime(until)}>
      {left > 0 ? `${estimated ? '≈ ' : ''}${formatDuration(left)} left` : 'voting ended'}
    </span>
  );
}

/**
 * One vote in a list: its support, weight, time and reason, after `lead` (above the figures) and `who` (beside them),
 * which say whose vote or on what. The list keys each item by voteKey.
 */
export function VoteItem({ vote, token, lead, who }) {
  return (
    <li class="vote">
      {lead}
      <div class="row-meta">
        {who}
        <span class={`support-${vote.support.toLowerCase()}`}>{supportName(vote.support)}</span>
        <Amount raw={vote.weight} token={token} />
        <Time iso={vote.timestamp} />
      </div>
      {vote.reason ? <p class="reason">{vote.reason}</p> : null}
    </li>
  );
}

/** A vote edge's identity: its log. */
export const voteKey = ({ node }) => `${node.txHash}:${node.logIndex}`;
const supportName = (support) => support.charAt(0) + support.slice(1).toLowerCase();

export function Loading({ what }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ children }) {
  return <p class="empty">{children}</p>;
}

export function ErrorBox({ error, retry }) {
  return (
    <div class="error" role="alert">
      <p>
        {error.message}
        {error.code ? <span class="code"> ({error.code})</span> : null}
      </p>
      {retry ? <button type="button" onClick={retry}>Try again</button> : null}
    </div>
  );
}

/** A governor id (CAIP-10) as a path segment of the app's own routes. */
export const daoPath = (governorId) => `/dao/${encodeURIComponent(governorId)}`;
export const proposalPath = (governorId, proposalId) => `${daoPath(governorId)}/proposal/${proposalId}`;
export const accountPath = (governorId, address) => `${daoPath(governorId)}/account/${address}`;

/**
 * A connection's first page as the page's query answers it, with more pages loaded on demand through its cursors.
 * A new first page (the page's query answered again) starts over from it. keyOf tells an edge already shown, since
 * a list ordered by something that moves (a balance) can bring one back on a later page.
 */
export function useMore(first, fetchAfter, keyOf) {
  const [more, setMore] = useState({ edges: [], pageInfo: null, loading: false, error: null });
  useEffect(() => setMore({ edges: [], pageInfo: null, loading: false, error: null }), [first]);
  const pageInfo = more.pageInfo ?? first.pageInfo;
  const seen = new Set(first.edges.map(keyOf));
  const edges = [...first.edges, ...more.edges.filter((e) => !seen.has(keyOf(e)))];
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true, error: null }));
    try {
      const page = await fetchAfter(pageInfo.endCursor);
      setMore((m) => ({ edges: [...m.edges, ...page.edges], pageInfo: page.pageInfo, loading: false, error: null }));
    } catch (error) {
      setMore((m) => ({ ...m, loading: false, error }));
    }
  };
  return { edges, hasMore: pageInfo.hasNextPage, loadMore, loading: more.loading, error: more.error };
}

/** The button under a list that pages on; an ordinary button, so the keyboard reaches it. */
export function MoreButton({ list, what }) {
  if (!list.hasMore && !list.error) return null;
  return (
    <div class="more-row">
      {list.error ? <ErrorBox error={list.error} retry={list.loadMore} /> : null}
      {list.hasMore ? (
        <button type="button" class="more" disabled={list.loading} onClick={list.loadMore}>
          {list.loading ? `Loading more ${what}…` : `Load more ${what}`}
        </button>
      ) : null}
    </div>
  );
}
