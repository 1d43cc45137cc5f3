import { useState } from 'preact/hooks';
import { Address } from './components.jsx';
import { useWallet } from './useWallet.js';

const CHOICES = [{ support: 1, label: 'For' }, { support: 0, label: 'Against' }, { support: 2, label: 'Abstain' }];

/**
 * Voting from the browser's wallet: connect, check the chain, then castVoteWithReason; the vote itself shows up in
 * the list through the live subscription once it is indexed.
 */
export function VotePanel({ governor, chainId, proposalId }) {
  const { wallet, status, setStatus, run, connect, switchChain, busy } = useWallet('The Governor refused the vote');
  const [reason, setReason] = useState('');
  const expectedChain = Number(chainId);

  const vote = (support) => run(async ({ castVote }) => {
    setStatus({ kind: 'signing' });
    await castVote({
      account: wallet.account, chainId: expectedChain, governor, proposalId, support, reason,
      onSent: (hash) => setStatus({ kind: 'pending', hash }),
    });
    setStatus({ kind: 'done' });
    setReason('');
  });

  return (
    <section class="card vote-panel" aria-labelledby="vote-heading">
      <h2 id="vote-heading">Your vote</h2>
      <WalletGate wallet={wallet} chainId={expectedChain} busy={busy} connect={connect} switchChain={switchChain}>
        <label class="reason-field">Reason (optional)
          <textarea rows="3" value={reason} maxLength={2000} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <div class="choices">
          {CHOICES.map((c) => (
            <button key={c.support} type="button" class="primary" disabled={busy} onClick={() => vote(c.support)}>
              Vote {c.label}
            </button>
          ))}
        </div>
      </WalletGate>
      <p class="vote-status" role="status" aria-live="polite">
        {status.kind === 'signing' ? 'Confirm the vote in your wallet…' : null}
        {status.kind === 'pending' ? <>Vote sent, waiting for its block: <TxHash hash={status.hash} /></> : null}
        {status.kind === 'done' ? 'Vote recorded on chain; it appears in the list once indexed.' : null}
      </p>
      {status.kind === 'error' ? <p class="error" role="alert">{status.message}</p> : null}
    </section>
  );
}

/**
 * "Connect wallet", then, on another chain, the request to switch; the children once connected on the right one.
 * `contract` names what lives on that chain, as the person reads it.
 */
export function WalletGate({ wallet, chainId, busy, connect, switchChain, contract = 'this governor', children }) {
  if (!wallet) return <button type="button" class="primary" onClick={connect} disabled={busy}>Connect wallet</button>;
  if (wallet.chainId !== chainId) {
    return (
      <div role="alert">
        <p>Your wallet is on chain {wallet.chainId}; {contract} is on chain {chainId}.</p>
        <button type="button" class="primary" onClick={() => switchChain(chainId)}>Switch to chain {chainId}</button>
      </div>
    );
  }
  return (
    <>
      <p class="meta">Connected as <Address address={wallet.account} /></p>
      {children}
    </>
  );
}

export const TxHash = ({ hash }) => <code title={hash}>{hash.slice(0, 10)}…</code>;
