import { useEffect, useState } from 'preact/hooks';

// viem loads with wallet.js, on the first wallet action: the pages that only read never fetch it.
const loadWallet = () => import('./wallet.js');

/**
 * The browser wallet as a panel uses it: the connected {account, chainId} (null until connected), the status of the
 * action under way, and run(action), which hands the action wallet.js and shows a failure in a sentence, told as
 * `refusal` when the contract refused. The wallet follows the account and network a person picks in the wallet itself.
 */
export function useWallet(refusal) {
  const [wallet, setWallet] = useState(null);
  const [status, setStatus] = useState({ kind: 'idle' });

  const run = async (action) => {
    try {
      await action(await loadWallet());
    } catch (error) {
      const { explain } = await loadWallet();
      setStatus({ kind: 'error', message: explain(error, refusal) });
    }
  };
  const connect = () => run(async ({ connect: open }) => {
    setStatus({ kind: 'connecting' });
    setWallet(await open());
    setStatus({ kind: 'idle' });
  });
  const switchChain = (chainId) => run(async ({ switchChain: change, connect: open }) => {
    await change(chainId);
    setWallet(await open());
  });

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
  return { wallet, status, setStatus, run, connect, switchChain, busy };
}
