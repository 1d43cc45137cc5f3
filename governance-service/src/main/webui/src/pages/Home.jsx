import { useQuery } from '../api.js';
import { Address, Amount, Countdown, Empty, ErrorBox, Loading, StateBadge, Time, daoPath, proposalPath } from '../components.jsx';

const HOME = `query Home {
  governors { id name chainId address proposalCount syncError votesToken { address name symbol decimals } proposalCounts { state count } }
  indexerStatus { chain chainId headBlock indexedBlock finalizedBlock lagBlocks }
  rewardEpochs(first: 5) { edges { node { epoch status paid recipientCount computedAt token { symbol decimals } } } }
}`;

const ACTIVE = `query ActiveProposals($governor: ID!) {
  proposals(governor: $governor, states: [ACTIVE], first: 10) {
    edges { node { proposalId title voteEndAt voteEndEstimated } }
  }
}`;

export function Home() {
  const { data, error, loading, reload } = useQuery(HOME, {});
  if (error) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="the governors" />;
  return (
    <>
      <h1>Governance</h1>
      <section aria-labelledby="governors-heading">
        <h2 id="governors-heading">Governors</h2>
        {data.governors.length === 0
          ? <Empty>This service indexes no governor yet: its operator configures them under gov.governors.</Empty>
          : <div class="cards">{data.governors.map((g) => <GovernorCard key={g.id} governor={g} />)}</div>}
      </section>
      <section aria-labelledby="indexer-heading">
        <h2 id="indexer-heading">Indexer</h2>
        <IndexerTable chains={data.indexerStatus} />
      </section>
      <section aria-labelledby="epochs-heading">
        <h2 id="epochs-heading">Reward epochs</h2>
        <Epochs edges={data.rewardEpochs.edges} />
      </section>
      {loading ? <span class="visually-hidden">Refreshing</span> : null}
    </>
  );
}

function GovernorCard({ governor }) {
  const { data, error } = useQuery(ACTIVE, { governor: governor.id });
  const token = governor.votesToken;
  return (
    <article class="card governor" aria-labelledby={`g-${governor.address}`}>
      <h3 id={`g-${governor.address}`}><a href={daoPath(governor.id)}>{governor.name ?? governor.address}</a></h3>
      <p class="meta">
        Chain {governor.chainId} · <Address address={governor.address} />
      </p>
      <p class="meta">
        Token: {token ? <>{token.name} ({token.symbol}) <Address address={token.address} /></> : 'unknown'}
      </p>
      {governor.syncError ? <p class="warning">Not indexed: {governor.syncError}</p> : null}
      <ul class="counts" aria-label="Proposals by state">
        {governor.proposalCounts.map(({ state, count }) => (count > 0 ? <li key={state}><StateBadge state={state} /> {count}</li> : null))}
        {governor.proposalCount === 0 ? <li>No proposals yet</li> : null}
      </ul>
      {error ? <ErrorBox error={error} /> : !data ? <Loading what="the open proposals" /> : (
        <>
          {data.proposals.edges.length > 0 ? (
            <>
              <h4>Voting now</h4>
              <ul class="active-list">
                {data.proposals.edges.map(({ node }) => (
                  <li key={node.proposalId}>
                    <a href={proposalPath(governor.id, node.proposalId)}>{node.title || 'Untitled proposal'}</a>{' '}
                    <Countdown until={node.voteEndAt} estimated={node.voteEndEstimated} />
                  </li>
                ))}
              </ul>
            </>
          ) : <Empty>No proposal is open for votes.</Empty>}
        </>
      )}
    </article>
  );
}

function IndexerTable({ chains }) {
  if (chains.length === 0) return <Empty>No chain is configured.</Empty>;
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr><th scope="col">Chain</th><th scope="col">Head</th><th scope="col">Indexed</th><th scope="col">Lag</th><th scope="col">Final</th></tr>
        </thead>
        <tbody>
          {chains.map((c) => (
            <tr key={c.chain}>
              <th scope="row">{c.chain} ({c.chainId})</th>
              <td>{c.headBlock ?? '–'}</td>
              <td>{c.indexedBlock ?? '–'}</td>
              <td>{c.lagBlocks == null ? '–' : `${c.lagBlocks} blocks`}</td>
              <td>{c.finalizedBlock ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Epochs({ edges }) {
  if (edges.length === 0) return <Empty>No reward epoch has been computed yet.</Empty>;
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr><th scope="col">Epoch</th><th scope="col">Status</th><th scope="col">Recipients</th><th scope="col">Paid</th><th scope="col">Computed</th></tr>
        </thead>
        <tbody>
          {edges.map(({ node }) => (
            <tr key={node.epoch}>
              <th scope="row">{node.epoch}</th>
              <td>{node.status}</td>
              <td>{node.recipientCount}</td>
              <td><Amount raw={node.paid} token={node.token} /></td>
              <td><Time iso={node.computedAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
