import { useEffect, useState } from 'preact/hooks';
import { query, subscribe, useQuery } from '../api.js';
import {
  Address, Amount, Empty, ErrorBox, Loading, MoreButton, VoteItem, accountPath, daoPath, proposalPath, useMore, voteKey,
} from '../components.jsx';
import { useWallet } from '../useWallet.js';
import { TxHash, WalletGate } from '../VotePanel.jsx';
import { VotingPowerChart } from '../VotingPowerChart.jsx';
import '../account.css';

const LIST = 50;
const HISTORY = 100;
const DELEGATOR_PAGE = 'edges { node { address balance } } pageInfo { hasNextPage endCursor }';
const VOTE_PAGE = `edges { node { support weight reason timestamp txHash logIndex proposal { proposalId title } } }
      pageInfo { hasNextPage endCursor }`;

// viewer: whom the connected wallet delegates to, read in the same answer as the page (see DelegatePanel).
const ACCOUNT = `query AccountPage($governor: ID!, $address: String!, $viewer: String!) {
  governor(id: $governor) { id name chainId address votesToken { address symbol decimals } }
  viewer: account(governor: $governor, address: $viewer) { delegate }
  account(governor: $governor, address: $address) {
    address balance votingPower delegate delegatorCount
    votingPowerHistory(first: ${HISTORY}) { totalCount edges { node { previousVotes newVotes timestamp } } }
    delegators(first: ${LIST}) { totalCount ${DELEGATOR_PAGE} }
    votes(first: ${LIST}) { totalCount ${VOTE_PAGE} }
  }
}`;

const MORE_DELEGATORS = `query AccountDelegators($governor: ID!, $address: String!, $after: String) {
  account(governor: $governor, address: $address) { delegators(first: ${LIST}, after: $after) { ${DELEGATOR_PAGE} } }
}`;

const MORE_VOTES = `query AccountVotes($governor: ID!, $address: String!, $after: String) {
  account(governor: $governor, address: $address) { votes(first: ${LIST}, after: $after) { ${VOTE_PAGE} } }
}`;

const VOTE_CAST = `subscription AccountVotes($governor: ID!) { voteCast(governor: $governor) { voter } }`;
const DELEGATION_CHANGED = `subscription AccountDelegations($governor: ID!, $account: String!) {
  delegationChanged(governor: $governor, account: $account) { delegator }
}`;

export function Account({ governor: encoded, address }) {
  const governor = decodeURIComponent(encoded);
  const [viewer, setViewer] = useState(null);
  const page = useQuery(ACCOUNT, { governor, address, viewer: viewer ?? address });

  // A vote of this account, cast anywhere, joins its list and may move nothing else: one refetch covers it.
  useEffect(() => subscribe(VOTE_CAST, { governor }, (data) => {
    if (data.voteCast.voter.toLowerCase() === address.toLowerCase()) page.reload();
  }), [governor, address]);
  // Anyone's delegation to or from this account, or its own, moves its delegate, delegators or voting power.
  useEffect(() => subscribe(DELEGATION_CHANGED, { governor, account: address }, () => page.reload()),
    [governor, address]);

  if (page.error) return <ErrorBox error={page.error} retry={page.reload} />;
  if (!page.data) return <Loading what="the account" />;
  const { governor: g, account: a } = page.data;
  const token = g.votesToken;
  const self = a.delegate === a.address;
  const showDelegationOf = (viewerAccount) => {
    setViewer(viewerAccount);
    page.reload();
  };
  return (
    <>
      <nav aria-label="Breadcrumb" class="meta">
        <a href="/">Governors</a> › <a href={daoPath(governor)}>{g.name ?? g.address}</a> › Account
      </nav>
      <h1>Account <code class="account-address">{a.address}</code></h1>
      <div class="layout">
        <div>
          <dl class="figures">
            <div><dt>Voting power</dt><dd data-testid="voting-power" data-raw={a.votingPower}><Amount raw={a.votingPower} token={token} /></dd></div>
            <div><dt>Balance</dt><dd data-testid="balance" data-raw={a.balance}><Amount raw={a.balance} token={token} /></dd></div>
            <div>
              <dt>Delegates to</dt>
              <dd data-testid="delegate">
                {a.delegate == null ? 'No one: its tokens count for no one until it delegates'
                  : self ? 'Itself'
                    : <Address address={a.delegate} href={accountPath(governor, a.delegate)} />}
              </dd>
            </div>
          </dl>
          <h2 id="history-heading">Voting power over time</h2>
          <VotingPowerChart history={a.votingPowerHistory} token={token} />
          <h2 id="delegators-heading">Delegators ({a.delegatorCount})</h2>
          <Delegators governor={governor} address={a.address} delegators={a.delegators} token={token} />
          <h2 id="votes-heading">Votes ({a.votes.totalCount})</h2>
          <Votes governor={governor} address={a.address} votes={a.votes} token={token} />
        </div>
        <aside aria-label="Delegation">
          {token
            ? <DelegatePanel key={a.address} governor={g} address={a.address} onIndexed={showDelegationOf} />
            : <Empty>The governor's votes token is unknown, so delegation is not offered here.</Empty>}
        </aside>
      </div>
    </>
  );
}

function Delegators({ governor, address, delegators, token }) {
  const list = useMore(delegators, (after) => query(MORE_DELEGATORS, { governor, address, after })
    .then((d) => d.account.delegators), (e) => e.node.address);
  if (list.edges.length === 0) return <Empty>No account delegates to it.</Empty>;
  return (
    <>
      <div class="table-scroll">
        <table aria-labelledby="delegators-heading">
          <thead><tr><th scope="col">Delegator</th><th scope="col">Balance</th></tr></thead>
          <tbody>
            {list.edges.map(({ node }) => (
              <tr key={node.address}>
                <td><Address address={node.address} href={accountPath(governor, node.address)} /></td>
                <td><Amount raw={node.balance} token={token} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Shown shown={list.edges.length} total={delegators.totalCount} what="delegators" />
      <MoreButton list={list} what="delegators" />
    </>
  );
}

function Votes({ governor, address, votes, token }) {
  const list = useMore(votes, (after) => query(MORE_VOTES, { governor, address, after }).then((d) => d.account.votes),
    voteKey);
  if (list.edges.length === 0) return <Empty>It has not voted yet.</Empty>;
  return (
    <>
      <ul class="votes" aria-labelledby="votes-heading">
        {list.edges.map(({ node }) => (
          <VoteItem key={voteKey({ node })} vote={node} token={token}
            lead={<a href={proposalPath(governor, node.proposal.proposalId)}>{node.proposal.title || 'Untitled proposal'}</a>} />
        ))}
      </ul>
      <Shown shown={list.edges.length} total={votes.totalCount} what="votes" />
      <MoreButton list={list} what="votes" />
    </>
  );
}

const Shown = ({ shown, total, what }) => (shown < total ? <p class="meta">Showing {shown} of {total} {what}.</p> : null);

/**
 * Delegation from the browser's wallet: the token's delegate(address), to this account or to the wallet's own. Once
 * mined, the page's own query is asked again until its answer shows the new delegate, and the page then shows that
 * answer: the indexer's progress alone would not do, as a cached answer may outlive the block by one notification.
 */
function DelegatePanel({ governor, address, onIndexed }) {
  const { wallet, status, setStatus, run, connect, switchChain, busy } = useWallet('The token refused the delegation');
  const chainId = Number(governor.chainId);

  const delegateTo = (delegatee) => run(async ({ delegate }) => {
    setStatus({ kind: 'signing' });
    await delegate({
      account: wallet.account, chainId, token: governor.votesToken.address, delegatee,
      onSent: (hash) => setStatus({ kind: 'pending', hash }),
    });
    setStatus({ kind: 'indexing' });
    await delegationShown({ governor: governor.id, address, viewer: wallet.account }, delegatee);
    onIndexed(wallet.account);
    setStatus({ kind: 'done' });
  });

  const own = wallet?.account === address;
  return (
    <section class="card delegate-panel" aria-labelledby="delegate-heading">
      <h2 id="delegate-heading">Delegate</h2>
      <p class="meta">Your tokens' votes count for the account you delegate them to; the tokens stay yours.</p>
      <WalletGate wallet={wallet} chainId={chainId} busy={busy} connect={connect} switchChain={switchChain}>
        <div class="choices">
          {own ? null : (
            <button type="button" class="primary" disabled={busy} onClick={() => delegateTo(address)}>
              Delegate to this account
            </button>
          )}
          <button type="button" class={own ? 'primary' : ''} disabled={busy} onClick={() => delegateTo(wallet.account)}>
            Delegate to yourself
          </button>
        </div>
        {/* The gate builds its children before it looks at the wallet: none may assume one. */}
        {own || !wallet ? null : (
          <p class="meta"><a href={accountPath(governor.id, wallet.account)}>Your account’s page</a></p>
        )}
      </WalletGate>
      <p class="vote-status" role="status" aria-live="polite">
        {status.kind === 'signing' ? 'Confirm the delegation in your wallet…' : null}
        {status.kind === 'pending' ? <>Delegation sent, waiting for its block: <TxHash hash={status.hash} /></> : null}
        {status.kind === 'indexing' ? 'Delegation mined; waiting for the service to index its block…' : null}
        {status.kind === 'done' ? 'Delegation indexed: the figures shown are current.' : null}
      </p>
      {status.kind === 'error' ? <p class="error" role="alert">{status.message}</p> : null}
    </section>
  );
}

/** Resolves once the page's query answers that the viewer delegates to the delegatee, asking once a second. */
async function delegationShown(variables, delegatee) {
  while ((await query(ACCOUNT, variables)).viewer.delegate !== delegatee) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

