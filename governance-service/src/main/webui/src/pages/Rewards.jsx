import { useEffect, useState } from 'preact/hooks';
import { query, useQuery } from '../api.js';
import { Address, Amount, Empty, ErrorBox, Loading, MoreButton, Time, useMore } from '../components.jsx';
import { PROGRAMS, RewardsChart } from '../RewardsChart.jsx';
import { useWallet } from '../useWallet.js';
import { TxHash, WalletGate } from '../VotePanel.jsx';

const EPOCH_PAGE = `edges { node { epoch status statusDetail root recipientCount paid distributor computedAt coveredBy
      token { address name symbol decimals } programs { program paid } } }
    pageInfo { hasNextPage endCursor }`;

const EPOCHS = `query RewardsPage($after: String) {
  rewardEpochs(first: 20, after: $after) { totalCount ${EPOCH_PAGE} }
}`;

const ACCOUNT = `query RewardsAccount($distributor: ID!, $account: String!) {
  claim(distributor: $distributor, account: $account) {
    epoch cumulativeAmount claimed claimable calldata latestEpoch latestCumulativeAmount
  }
  rewards(distributor: $distributor, account: $account) { epoch amount cumulativeAmount }
}`;

/** "eip155:31337:0xabc…" into its chain id and address. */
function caip10(id) {
  const [, chainId, address] = id.split(':');
  return { chainId: Number(chainId), address };
}

export function Rewards() {
  const { data, error, reload } = useQuery(EPOCHS, {});
  if (error) return <ErrorBox error={error} retry={reload} />;
  if (!data) return <Loading what="the reward epochs" />;
  return <RewardsPage first={data.rewardEpochs} />;
}

function RewardsPage({ first }) {
  const list = useMore(first, (after) => query(EPOCHS, { after }).then((d) => d.rewardEpochs), (e) => e.node.epoch);
  const epochs = list.edges.map((e) => e.node);
  // Amounts are in base units only where the API could not read the distributor's token.
  const token = epochs[0]?.token ?? null;
  return (
    <>
      <h1>Rewards</h1>
      {epochs.length === 0 ? <Empty>No reward epoch has been computed yet: the first one is paid once it ends.</Empty> : (
        <>
          <ClaimPanel distributor={epochs[0].distributor} token={token} />
          <section aria-labelledby="epochs-heading">
            <h2 id="epochs-heading">Epochs</h2>
            <EpochTable epochs={epochs} token={token} />
            {first.totalCount > epochs.length
              ? <p class="meta">The {epochs.length} newest of {first.totalCount} epochs.</p> : null}
            <MoreButton list={list} what="epochs" />
          </section>
          <section aria-labelledby="chart-heading">
            <h2 id="chart-heading">Paid per program</h2>
            <RewardsChart epochs={epochs} token={token} />
          </section>
        </>
      )}
    </>
  );
}

function EpochTable({ epochs, token }) {
  return (
    // Focusable, so that a keyboard can scroll the table sideways where it is wider than the page.
    <div class="table-scroll" tabindex="0" role="region" aria-label="Reward epochs">
      <table>
        <thead>
          <tr>
            <th scope="col">Epoch</th><th scope="col">Status</th><th scope="col">Root</th>
            <th scope="col">Recipients</th><th scope="col">Paid{token ? '' : ' (base units)'}</th>
            {PROGRAMS.map((p) => <th key={p.key} scope="col">{p.label}</th>)}
            <th scope="col">Computed</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => (
            <tr key={e.epoch} data-epoch={e.epoch}>
              <th scope="row">{e.epoch}</th>
              <td title={e.statusDetail ?? undefined}>
                {e.status}{e.coveredBy ? `, paid through epoch ${e.coveredBy}’s root` : ''}
              </td>
              <td><code title={e.root}>{e.root.slice(0, 10)}…</code></td>
              <td>{e.recipientCount}</td>
              <td><Amount raw={e.paid} token={token} /></td>
              {PROGRAMS.map((p) => (
                <td key={p.key}><Amount raw={e.programs.find((x) => x.program === p.key)?.paid ?? '0'} token={token} /></td>
              ))}
              <td><Time iso={e.computedAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The connected account's rewards and its claim: the calldata the API answers, sent as it is through the wallet after
 * a simulation, then the new balance read from the token and the claim read again from the API.
 */
function ClaimPanel({ distributor, token }) {
  const { chainId, address } = caip10(distributor);
  const { wallet, status, setStatus, run, connect, switchChain, busy } = useWallet('The distributor refused the claim');
  const [rewards, setRewards] = useState(null);
  const [balance, setBalance] = useState(null);

  const refresh = (account) => run(async ({ rewardBalance }) => {
    const [answer, read] = await Promise.all([query(ACCOUNT, { distributor, account }),
      rewardBalance({ account, chainId, distributor: address })]);
    setRewards(answer);
    setBalance(read);
  });
  const claim = () => run(async ({ claim: send }) => {
    setStatus({ kind: 'signing' });
    // The proof the page holds may be for a root that has since been replaced: ask for the current one.
    const { claim: current } = await query(ACCOUNT, { distributor, account: wallet.account });
    if (!current.calldata) {
      setStatus({ kind: 'error', message: 'Nothing is claimable now: the new amounts wait for their root to go live.' });
      await refresh(wallet.account);
      return;
    }
    await send({ account: wallet.account, chainId, distributor: address, calldata: current.calldata,
      onSent: (hash) => setStatus({ kind: 'pending', hash }) });
    await refresh(wallet.account);
    setStatus({ kind: 'done', amount: current.claimable });
  });

  const onChain = wallet !== null && wallet.chainId === chainId;
  useEffect(() => {
    if (onChain) refresh(wallet.account);
  }, [onChain, wallet?.account]);

  const claimable = rewards ? BigInt(rewards.claim.claimable) : 0n;
  return (
    <section class="card claim-panel" aria-labelledby="claim-heading">
      <h2 id="claim-heading">Your rewards</h2>
      <p class="meta">Distributor <Address address={address} /></p>
      <WalletGate wallet={wallet} chainId={chainId} busy={busy} connect={connect} switchChain={switchChain}
        contract="the distributor">
        {!rewards || balance === null ? <Loading what="your rewards" /> : (
          <>
            <dl class="claim-summary">
              <dt>Balance</dt><dd data-testid="balance" data-raw={balance}><Amount raw={balance} token={token} /></dd>
              <dt>Claimed</dt><dd data-testid="claimed"><Amount raw={rewards.claim.claimed} token={token} /></dd>
              <dt>Claimable</dt><dd data-testid="claimable" data-raw={rewards.claim.claimable}>
                <Amount raw={rewards.claim.claimable} token={token} />
              </dd>
            </dl>
            {rewards.claim.latestEpoch && rewards.claim.latestEpoch !== rewards.claim.epoch ? (
              <p class="meta">
                Epoch {rewards.claim.latestEpoch} adds <Amount raw={(BigInt(rewards.claim.latestCumulativeAmount ?? rewards.claim.cumulativeAmount)
                  - BigInt(rewards.claim.cumulativeAmount)).toString()} token={token} /> once its root is live.
              </p>
            ) : null}
            <button type="button" class="primary" onClick={claim} disabled={busy || claimable === 0n}>Claim</button>
            <AccountEpochs rewards={rewards} token={token} />
          </>
        )}
      </WalletGate>
      <p class="claim-status" role="status" aria-live="polite">
        {status.kind === 'signing' ? 'Confirm the claim in your wallet…' : null}
        {status.kind === 'pending' ? <>Claim sent, waiting for its block: <TxHash hash={status.hash} /></> : null}
        {status.kind === 'done' ? <>Claimed <Amount raw={status.amount} token={token} />.</> : null}
      </p>
      {status.kind === 'error' ? <p class="error" role="alert">{status.message}</p> : null}
    </section>
  );
}

/** Per epoch: what it paid the account, the cumulative leaf, and whether that is claimed, claimable or not yet live. */
function AccountEpochs({ rewards, token }) {
  if (rewards.rewards.length === 0) return <Empty>This account has earned no reward yet.</Empty>;
  const claimed = BigInt(rewards.claim.claimed);
  const live = rewards.claim.epoch == null ? null : BigInt(rewards.claim.epoch);
  const state = (r) => {
    if (BigInt(r.cumulativeAmount) <= claimed) return 'claimed';
    return live !== null && BigInt(r.epoch) <= live ? 'claimable' : 'not yet live';
  };
  return (
    <div class="table-scroll" tabindex="0" role="region" aria-label="Your rewards per epoch">
      <table>
        <thead>
          <tr><th scope="col">Epoch</th><th scope="col">Earned</th><th scope="col">Cumulative</th><th scope="col">State</th></tr>
        </thead>
        <tbody>
          {rewards.rewards.map((r) => (
            <tr key={r.epoch}>
              <th scope="row">{r.epoch}</th>
              <td><Amount raw={r.amount} token={token} /></td>
              <td><Amount raw={r.cumulativeAmount} token={token} /></td>
              <td>{state(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
