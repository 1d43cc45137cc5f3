import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { query, subscribe, useQuery } from '../api.js';
import {
  Address, Amount, Countdown, Empty, ErrorBox, Loading, StateBadge, Time, VoteItem, accountPath, daoPath, voteKey,
} from '../components.jsx';
import { TallyChart } from '../TallyChart.jsx';
import { VotePanel } from '../VotePanel.jsx';

const PROPOSAL = `query ProposalDetail($governor: ID!, $proposalId: String!) {
  proposal(governor: $governor, proposalId: $proposalId) {
    proposalId title description proposer state createdAt createdTxHash
    forVotes againstVotes abstainVotes quorum voterCount
    voteStart voteEnd voteStartAt voteEndAt voteEndEstimated
    actions { target value signature calldata decoded { function signature arguments { name type value } } }
    timeline { kind blockNumber timestamp timestampEstimated reached txHash }
    governor { id name chainId address votesToken { symbol decimals } }
  }
}`;

const VOTES = `query ProposalVotes($governor: ID!, $proposalId: String!, $after: String) {
  votes(governor: $governor, proposalId: $proposalId, first: 20, after: $after) {
    totalCount
    edges { node { voter support weight reason timestamp txHash logIndex } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const VOTE_CAST = `subscription LiveVotes($governor: ID!, $proposalId: String) {
  voteCast(governor: $governor, proposalId: $proposalId) { voter support weight reason timestamp txHash logIndex }
}`;

const STATE_CHANGED = `subscription LiveStates($governor: ID!) {
  proposalStateChanged(governor: $governor) { proposalId to }
}`;

const EVENT_NAMES = {
  CREATED: 'Created', VOTING_STARTS: 'Voting starts', VOTING_ENDS: 'Voting ends', EXTENDED: 'Deadline extended',
  QUEUED: 'Queued', EXECUTED: 'Executed', CANCELED: 'Canceled',
};

// An author's image without alternative text is marked decorative: nothing better can be said of it.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG' && !node.hasAttribute('alt')) node.setAttribute('alt', '');
});

// Markdown from anyone who can propose: rendered, then stripped of scripts, handlers and javascript: URLs.
function renderDescription(markdown) {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form'] });
}

export function Proposal({ governor: encoded, proposalId }) {
  const governor = decodeURIComponent(encoded);
  const variables = { governor, proposalId };
  const detail = useQuery(PROPOSAL, variables);

  useEffect(() => subscribe(STATE_CHANGED, { governor }, (data) => {
    if (data.proposalStateChanged.proposalId === proposalId) detail.reload();
  }), [governor, proposalId]);

  if (detail.error) return <ErrorBox error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Loading what="the proposal" />;
  const p = detail.data.proposal;
  const token = p.governor.votesToken;
  return (
    <>
      <nav aria-label="Breadcrumb" class="meta">
        <a href="/">Governors</a> › <a href={daoPath(governor)}>{p.governor.name ?? p.governor.address}</a> › Proposal
      </nav>
      <h1>{p.title || 'Untitled proposal'}</h1>
      <div class="row-meta">
        <StateBadge state={p.state} />
        {p.state === 'ACTIVE' ? <Countdown until={p.voteEndAt} estimated={p.voteEndEstimated} /> : null}
        <span>by <Address address={p.proposer} href={accountPath(governor, p.proposer)} /></span>
        <span>created <Time iso={p.createdAt} /></span>
      </div>
      <div class="layout">
        <div>
          <h2>Description</h2>
          <Description markdown={p.description} />
          <h2>Actions</h2>
          <Actions actions={p.actions} />
          <h2 id="votes-heading">Votes</h2>
          <Votes governor={governor} proposalId={proposalId} token={token} onVote={detail.reload} />
        </div>
        <aside aria-label="Voting, results and timeline">
          {p.state === 'ACTIVE'
            ? <VotePanel governor={p.governor.address} chainId={p.governor.chainId} proposalId={p.proposalId} />
            : null}
          <h2>Results</h2>
          <TallyChart forVotes={p.forVotes} againstVotes={p.againstVotes} abstainVotes={p.abstainVotes}
            quorum={p.quorum} token={token} />
          <p class="meta">{p.voterCount} {p.voterCount === 1 ? 'voter' : 'voters'}
            {p.quorum ? <> · quorum <Amount raw={p.quorum} token={token} /> (For + Abstain)</> : null}</p>
          <h2>Timeline</h2>
          <ol class="timeline">
            {p.timeline.map((e, i) => (
              <li key={i} class={e.reached ? 'reached' : ''}>
                <strong>{EVENT_NAMES[e.kind] ?? e.kind}</strong><br />
                <Time iso={e.timestamp} estimated={e.timestampEstimated} />
                {e.blockNumber ? <span class="meta"> · block {e.blockNumber}</span> : null}
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </>
  );
}

function Description({ markdown }) {
  const html = useMemo(() => renderDescription(markdown), [markdown]);
  return markdown.trim()
    ? <div class="description" data-testid="description" dangerouslySetInnerHTML={{ __html: html }} />
    : <Empty>No description.</Empty>;
}

function Actions({ actions }) {
  if (actions.length === 0) return <Empty>This proposal makes no call.</Empty>;
  return (
    <ol class="actions-list">
      {actions.map((a, i) => (
        <li key={i}>
          <code>{a.decoded ? a.decoded.function : a.signature || 'call'}</code> on <Address address={a.target} />
          {a.value !== '0' ? <> sending <Amount raw={a.value} token={{ decimals: 18, symbol: 'ETH' }} /></> : null}
          {a.decoded ? (
            <ul class="args">
              {a.decoded.arguments.map((arg, j) => (
                <li key={j}><code>{arg.name ?? `arg${j}`}</code> <span class="meta">({arg.type})</span>: <code>{arg.value}</code></li>
              ))}
            </ul>
          ) : <p class="args">Calldata <code>{a.calldata}</code></p>}
        </li>
      ))}
    </ol>
  );
}

function Votes({ governor, proposalId, token, onVote }) {
  const [votes, setVotes] = useState({ edges: [], loading: true });
  const sentinel = useRef(null);

  const load = async (after) => {
    setVotes((v) => ({ ...v, loading: true, error: null }));
    try {
      const { votes: page } = await query(VOTES, { governor, proposalId, after });
      setVotes((v) => {
        const seen = new Set(v.edges.map(voteKey));
        const edges = after ? [...v.edges, ...page.edges.filter((e) => !seen.has(voteKey(e)))] : page.edges;
        return { edges, pageInfo: page.pageInfo, totalCount: page.totalCount, loading: false };
      });
    } catch (error) {
      setVotes((v) => ({ ...v, loading: false, error }));
    }
  };
  useEffect(() => { load(null); }, [governor, proposalId]);

  // New votes arrive on top, and the tallies above follow them.
  useEffect(() => subscribe(VOTE_CAST, { governor, proposalId }, (data) => {
    const edge = { node: data.voteCast };
    setVotes((v) => (v.edges.some((e) => voteKey(e) === voteKey(edge)) ? v
      : { ...v, edges: [edge, ...v.edges], totalCount: (v.totalCount ?? 0) + 1 }));
    onVote();
  }), [governor, proposalId]);

  // The next page loads as the end of the list scrolls into view.
  useEffect(() => {
    if (!sentinel.current || !votes.pageInfo?.hasNextPage || votes.loading) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load(votes.pageInfo.endCursor);
    });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [votes.pageInfo, votes.loading]);

  return (
    <>
      {votes.error ? <ErrorBox error={votes.error} retry={() => load(votes.pageInfo?.endCursor ?? null)} /> : null}
      {votes.edges.length === 0 && !votes.loading && !votes.error ? <Empty>No votes yet.</Empty> : (
        <ul class="votes" aria-labelledby="votes-heading" aria-live="polite">
          {votes.edges.map(({ node }) => (
            <VoteItem key={voteKey({ node })} vote={node} token={token}
              who={<Address address={node.voter} href={accountPath(governor, node.voter)} />} />
          ))}
        </ul>
      )}
      {votes.loading ? <Loading what="votes" /> : null}
      {votes.pageInfo?.hasNextPage ? (
        <div ref={sentinel}>
          <button type="button" class="more" disabled={votes.loading} onClick={() => load(votes.pageInfo.endCursor)}>
            Load more votes
          </button>
        </div>
      ) : null}
    </>
  );
}

