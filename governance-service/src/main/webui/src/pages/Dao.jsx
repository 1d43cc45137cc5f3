import { useEffect, useState } from 'preact/hooks';
import { query, useQuery } from '../api.js';
import {
  Address, Countdown, Empty, ErrorBox, Loading, StateBadge, Time, accountPath, proposalPath,
} from '../components.jsx';

const STATES = ['PENDING', 'ACTIVE', 'SUCCEEDED', 'QUEUED', 'EXECUTED', 'DEFEATED', 'CANCELED', 'EXPIRED'];
const PAGE = 10;

const GOVERNOR = `query DaoGovernor($id: ID!) {
  governor(id: $id) { id name chainId address proposalCount syncError votesToken { name symbol } }
}`;

const PROPOSALS = `query DaoProposals($governor: ID!, $first: Int, $after: String, $states: [ProposalState!], $search: String) {
  proposals(governor: $governor, first: $first, after: $after, states: $states, search: $search) {
    totalCount
    edges { node { proposalId title state proposer createdAt voteEndAt voteEndEstimated } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export function Dao({ governor: encoded }) {
  const id = decodeURIComponent(encoded);
  const governor = useQuery(GOVERNOR, { id });
  const [state, setState] = useState('');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [list, setList] = useState({ edges: [], loading: true });

  const load = async (after) => {
    setList((previous) => ({ ...previous, loading: true, error: null }));
    try {
      const { proposals } = await query(PROPOSALS, {
        governor: id, first: PAGE, after, states: state ? [state] : null, search: search || null,
      });
      setList((previous) => ({
        edges: after ? [...previous.edges, ...proposals.edges] : proposals.edges,
        pageInfo: proposals.pageInfo,
        totalCount: proposals.totalCount,
        loading: false,
      }));
    } catch (error) {
      setList((previous) => ({ ...previous, loading: false, error }));
    }
  };
  useEffect(() => { load(null); }, [id, state, search]);

  if (governor.error) return <ErrorBox error={governor.error} retry={governor.reload} />;
  if (!governor.data) return <Loading what="the governor" />;
  const g = governor.data.governor;
  return (
    <>
      <nav aria-label="Breadcrumb" class="meta"><a href="/">Governors</a> › {g.name ?? g.address}</nav>
      <h1>{g.name ?? g.address}</h1>
      <p class="meta">Chain {g.chainId} · Governor <Address address={g.address} /> · {g.proposalCount} proposals
        {g.votesToken ? <> · votes in {g.votesToken.name} ({g.votesToken.symbol})</> : null}</p>
      {g.syncError ? <p class="warning">Not indexed: {g.syncError}</p> : null}
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(typed.trim()); }}>
        <label>State
          <select value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">All states</option>
            {STATES.map((s) => <option key={s} value={s}>{s.charAt(0) + s.slice(1).toLowerCase()}</option>)}
          </select>
        </label>
        <label>Search titles and descriptions
          <input type="search" value={typed} maxLength={200} onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <h2 id="proposals-heading">Proposals{list.totalCount != null ? ` (${list.totalCount})` : ''}</h2>
      {list.error ? <ErrorBox error={list.error} retry={() => load(null)} /> : null}
      {list.edges.length === 0 && !list.loading && !list.error
        ? <Empty>{search || state ? 'No proposal matches.' : 'This governor has no proposals yet.'}</Empty>
        : (
          <ul class="proposal-list" aria-labelledby="proposals-heading">
            {list.edges.map(({ node }) => (
              <li key={node.proposalId} class="proposal-row">
                <a class="title" href={proposalPath(id, node.proposalId)}>{node.title || 'Untitled proposal'}</a>
                <div class="row-meta">
                  <StateBadge state={node.state} />
                  {node.state === 'ACTIVE' ? <Countdown until={node.voteEndAt} estimated={node.voteEndEstimated} /> : null}
                  <span>by <Address address={node.proposer} href={accountPath(id, node.proposer)} /></span>
                  <Time iso={node.createdAt} />
                </div>
              </li>
            ))}
          </ul>
        )}
      {list.loading ? <Loading what="proposals" /> : null}
      {list.pageInfo?.hasNextPage && !list.loading
        ? <button type="button" class="more" onClick={() => load(list.pageInfo.endCursor)}>Load more proposals</button>
        : null}
    </>
  );
}
