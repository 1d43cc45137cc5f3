import { useEffect, useState } from 'preact/hooks';
import { Address } from './components.jsx';

const CHOICES = [{ support: 1, label: 'For' }, { support: 0, label: 'Against' }, { support: 2, label: 'Abstain' }];
const loadWallet = () => import('./wallet.js');

/**
 * Voting from the browser's wallet: connect, check the chain, then castVoteWithReason; the vote itself shows up in
 * the list through the live subscription once it is indexed.
 */
export function VotePanel({ governor, chainId, proposalId }) {
  const [wallet, setWallet] = useState(null);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState({ kind: 'idle' });
  const expectedChain = Number(chainId);

  const run = async (action) => {
    try {
      await action(await loadWallet());
    } catch (error) {
      const { explain } = await loadWallet();
      setStatus({ kind: 'error', message: explain(error) });
    }
  };
  const connect = () => run(async ({ connect: open }) => {
    setStatus({ kind: 'connecting' });
    setWallet(await open());
    setStatus({ kind: 'idle' });
  });
  const switchChain = () => run(async ({ switchChain: change, connect: open }) => {
    await change(expectedChain);
    setWallet(await open());
  });
  const vote = (support) => run(async ({ castVote }) => {
    setStatus({ kind: 'signing' });
    await castVote({
      account: wallet.account, chainId: expectedChain, governor, proposalId, support, reason,
      onSent: (hash) => setStatus({ kind: 'pending', hash }),
    });
    setStatus({ kind: 'done' });
    setReason('');
  });

  // A person may change account or network in the wallet itself: the panel follows.
  const connected = wallet !== null;
  useEffect(() => {
    const provider = window.ethereum;
    if (!connected || !provider?.on) return undefined;
    const refresh = () => run(async ({ connect: open }) => setWallet(await open()));
    provider.on('chainChanged', refresh);
    provider.on('accountsChanged', refresh);
    return () => {
      provider.removeListener?.('chainChanged', refresh);
      provider.removeListener?.('accountsChanged', refresh);
    };
  }, [connected]);

  const busy = ['connecting', 'signing', 'pending'].includes(status.kind);
  return (
    <section class="card vote-panel" aria-labelledby="vote-heading">
      <h2 id="vote-heading">Your vote</h2>
      {!wallet ? (
        <button type="button" class="primary" onClick={connect} disabled={busy}>Connect wallet</button>
      ) : wallet.chainId !== expectedChain ? (
        <div role="alert">
          <p>Your wallet is on chain {wallet.chainId}; this governor is on chain {expectedChain}.</p>
          <button type="button" class="primary" onClick={switchChain}>Switch to chain {expectedChain}</button>
        </div>
      ) : (
        <>
          <p class="meta">Connected as <Address address={wallet.account} /></p>
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
        </>
      )}
      <p class="vote-status" role="status" aria-live="polite">
        {status.kind === 'signing' ? 'Confirm the vote in your wallet…' : null}
        {status.kind === 'pending' ? <>Vote sent, waiting for its block: <code title={status.hash}>{status.hash.slice(0, 10)}…</code></> : null}
        {status.kind === 'done' ? 'Vote recorded on chain; it appears in the list once indexed.' : null}
      </p>
      {status.kind === 'error' ? <p class="error" role="alert">{status.message}</p> : null}
    </section>
  );
}
