// The test's wallet: an EIP-1193 provider on window.ethereum, injected before the app's own scripts run. It answers
// the account requests with one Anvil dev account and forwards every other request to Anvil, whose dev accounts are
// unlocked, so eth_sendTransaction is signed by the node as a wallet would sign it.
(() => {
  const rpcUrl = __RPC_URL__;
  const account = __ACCOUNT__;
  const listeners = new Map();
  let nextId = 1;
  const provider = {
    async request({ method, params }) {
      if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account];
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
