// Loaded only when someone connects a wallet: viem stays out of the first page's JavaScript.
import {
  BaseError, ContractFunctionRevertedError, UserRejectedRequestError, createPublicClient, createWalletClient, custom,
  getAddress,
} from 'viem';

// castVoteWithReason and the Governor's custom errors (OpenZeppelin 5), so that a refusal reads by name.
const GOVERNOR_ABI = [
  { type: 'function', name: 'castVoteWithReason', stateMutability: 'nonpayable',
    inputs: [{ name: 'proposalId', type: 'uint256' }, { name: 'support', type: 'uint8' }, { name: 'reason', type: 'string' }],
    outputs: [{ type: 'uint256' }] },
  { type: 'error', name: 'GovernorAlreadyCastVote', inputs: [{ name: 'voter', type: 'address' }] },
  { type: 'error', name: 'GovernorNonexistentProposal', inputs: [{ name: 'proposalId', type: 'uint256' }] },
  { type: 'error', name: 'GovernorUnexpectedProposalState', inputs: [
    { name: 'proposalId', type: 'uint256' }, { name: 'current', type: 'uint8' }, { name: 'expectedStates', type: 'bytes32' }] },
  { type: 'error', name: 'GovernorInvalidVoteType', inputs: [] },
  { type: 'error', name: 'GovernorInsufficientProposerVotes', inputs: [
    { name: 'proposer', type: 'address' }, { name: 'votes', type: 'uint256' }, { name: 'threshold', type: 'uint256' }] },
];

/** The injected wallet (window.ethereum), or an error a person can act on. */
function provider() {
  if (!window.ethereum) throw new Error('No browser wallet found: install one, or open this page in a wallet’s browser.');
  return window.ethereum;
}

export async function connect() {
  const wallet = createWalletClient({ transport: custom(provider()) });
  const [account] = await wallet.requestAddresses();
  return { account: getAddress(account), chainId: await wallet.getChainId() };
}

export async function switchChain(chainId) {
  await createWalletClient({ transport: custom(provider()) }).switchChain({ id: chainId });
}

// delegate(address) of an ERC20Votes or ERC721Votes token, and the one error OpenZeppelin 5's delegate can raise
// (a checkpoint's clock or votes past their storage width).
const VOTES_TOKEN_ABI = [
  { type: 'function', name: 'delegate', stateMutability: 'nonpayable',
    inputs: [{ name: 'delegatee', type: 'address' }], outputs: [] },
  { type: 'error', name: 'SafeCastOverflowedUintDowncast', inputs: [
    { name: 'bits', type: 'uint8' }, { name: 'value', type: 'uint256' }] },
];

/**
 * Sends a contract call from the connected account: simulated first, so that a refusal comes back decoded before
 * anything is signed. Calls onSent with the hash, then resolves with the mined receipt.
 */
async function send({ account, chainId, call, onSent }) {
  const transport = custom(provider());
  const chain = { id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } } };
  const publicClient = createPublicClient({ chain, transport });
  const wallet = createWalletClient({ account, chain, transport });
  await publicClient.simulateContract({ ...call, account });
  const hash = await wallet.writeContract(call);
  onSent(hash);
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 1000 });
  if (receipt.status !== 'success') throw new Error(`The transaction ${hash} reverted.`);
  return receipt;
}

export function castVote({ account, chainId, governor, proposalId, support, reason, onSent }) {
  return send({ account, chainId, onSent, call: { address: governor, abi: GOVERNOR_ABI,
    functionName: 'castVoteWithReason', args: [BigInt(proposalId), support, reason] } });
}

/** The token's delegate(delegatee) from the connected account: its votes move to the delegatee. */
export function delegate({ account, chainId, token, delegatee, onSent }) {
  return send({ account, chainId, onSent, call: { address: token, abi: VOTES_TOKEN_ABI,
    functionName: 'delegate', args: [delegatee] } });
}

/**
 * What went wrong, in a sentence: the contract's error by name, a refusal in the wallet, or viem's short message.
 * The refusal is told as the refuser's: "The Governor refused the vote", "The token refused the delegation".
 */
export function explain(error, refusal = 'The Governor refused the vote') {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted?.data?.errorName) {
      const args = reverted.data.args?.length ? `(${reverted.data.args.map(String).join(', ')})` : '';
      return `${refusal}: ${reverted.data.errorName}${args}`;
    }
    if (reverted?.reason) return `${refusal}: ${reverted.reason}`;
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return 'You declined the request in your wallet.';
    return error.shortMessage;
  }
  return error?.message ?? String(error);
}
