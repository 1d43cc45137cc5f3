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

/**
 * Sends castVoteWithReason from the connected account: simulated first, so that a refusal comes back decoded before
 * anything is signed. Calls onSent with the hash, then resolves with the mined receipt.
 */
export async function castVote({ account, chainId, governor, proposalId, support, reason, onSent }) {
  const transport = custom(provider());
  const chain = { id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } } };
  const publicClient = createPublicClient({ chain, transport });
  const wallet = createWalletClient({ account, chain, transport });
  const call = { address: governor, abi: GOVERNOR_ABI, functionName: 'castVoteWithReason',
    args: [BigInt(proposalId), support, reason] };
  await publicClient.simulateContract({ ...call, account });
  const hash = await wallet.writeContract(call);
  onSent(hash);
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 1000 });
  if (receipt.status !== 'success') throw new Error(`The transaction ${hash} reverted.`);
  return receipt;
}

/** What went wrong, in a sentence: the Governor's error by name, a refusal in the wallet, or viem's short message. */
export function explain(error) {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted?.data?.errorName) {
      const args = reverted.data.args?.length ? `(${reverted.data.args.map(String).join(', ')})` : '';
      return `The Governor refused the vote: ${reverted.data.errorName}${args}`;
    }
    if (reverted?.reason) return `The Governor refused the vote: ${reverted.reason}`;
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return 'You declined the request in your wallet.';
    return error.shortMessage;
  }
  return error?.message ?? String(error);
}
