// The test's wallet: an EIP-1193 provider on window.ethereum, injected before the app's own scripts run. It answers
// the account requests with one Anvil dev account and forwards every other request to Anvil, whose dev accounts are
// unlocked, so eth_sendTransaction is signed by the node as a wallet would sign it. Like a wallet, it keeps its own
// network: a test may start it on another chain (sessionStorage 'testWallet.chainId'), and it answers that chain id
// until the page asks it to switch to Anvil's. A test may also have it decline transactions (sessionStorage
// 'testWallet.decline'), as a person who presses Reject does: EIP-1193's error 4001.
(() => {
  const rpcUrl = __RPC_URL__;
  const account = __ACCOUNT__;
  const listeners = new Map();
  let nextId = 1;

  async function forward(method, params) {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: params ?? [] }),
    });
    const body = await response.json();
    if (body.error) {
      const error = new Error(body.error.message);
      error.code = body.error.code;
      error.data = body.error.data;
      throw error;
    }
    return body.result;
  }

  const provider = {
    async request({ method, params }) {
      if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account];
      const otherChain = sessionStorage.getItem('testWallet.chainId');
      if (method === 'eth_chainId' && otherChain) return otherChain;
      if (method === 'eth_sendTransaction' && sessionStorage.getItem('testWallet.decline')) {
        const error = new Error('User rejected the request.');
        error.code = 4001;
        throw error;
      }
      if (method === 'wallet_switchEthereumChain') {
        const anvilChain = await forward('eth_chainId');
        if (Number(params?.[0]?.chainId) !== Number(anvilChain)) {
          const error = new Error(`Unrecognized chain ID ${params?.[0]?.chainId}`);
          error.code = 4902;
          throw error;
        }
        sessionStorage.removeItem('testWallet.chainId');
        (listeners.get('chainChanged') ?? []).forEach((listener) => listener(anvilChain));
        return null;
      }
      return forward(method, params);
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return provider;
    },
    removeListener(event, listener) {
      listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener));
      return provider;
    },
  };
  window.ethereum = provider;
})();
