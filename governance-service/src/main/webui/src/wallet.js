// Loaded only when someone connects a wallet: viem stays out of the first page's JavaScript.
import {
  BaseError, ContractFunctionRevertedError, UserRejectedRequestError, createPublicClient, createWalletClient, custom,
  decodeFunctionData, getAddress,
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

// The RewardDistributor's claim, its token and its refusals, and what the page reads of the reward token.
const DISTRIBUTOR_ABI = [
  { type: 'function', name: 'claim', stateMutability: 'nonpayable',
    inputs: [{ name: 'account', type: 'address' }, { name: 'cumulativeAmount', type: 'uint256' }, { name: 'proof', type: 'bytes32[]' }],
    outputs: [{ name: 'paid', type: 'uint256' }] },
  { type: 'function', name: 'token', stateMutability: 'view', inputs: [], outputs: [{ type: 'address' }] },
  { type: 'error', name: 'NoLiveRoot', inputs: [] },
  { type: 'error', name: 'InvalidProof', inputs: [{ name: 'account', type: 'address' }] },
  { type: 'error', name: 'NothingToClaim', inputs: [{ name: 'account', type: 'address' }] },
  { type: 'error', name: 'ExceedsRootTotal', inputs: [{ name: 'amount', type: 'uint256' }, { name: 'remaining', type: 'uint256' }] },
  { type: 'error', name: 'EnforcedPause', inputs: [] },
];
const ERC20_ABI = [
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'account', type: 'address' }], outputs: [{ type: 'uint256' }] },
];

const GAS_MARGIN_PERCENT = 125n;

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

/** castVoteWithReason from the connected account. */
export async function castVote({ account, chainId, governor, proposalId, support, reason, onSent }) {
  return send({ account, chainId, onSent, call: { address: governor, abi: GOVERNOR_ABI,
    functionName: 'castVoteWithReason', args: [BigInt(proposalId), support, reason] } });
}

/**
 * Sends the claim calldata the API answered to the distributor, from the connected account. It is decoded first, so
 * that the page sends only a claim that pays this account, and simulated like a vote.
 */
export async function claim({ account, chainId, distributor, calldata, onSent }) {
  const { functionName, args } = decodeFunctionData({ abi: DISTRIBUTOR_ABI, data: calldata });
  if (functionName !== 'claim' || getAddress(args[0]) !== account) {
    throw new Error(`The service answered a call that does not claim for ${account}; nothing was sent.`);
  }
  return send({ account, chainId, onSent, call: { address: distributor, abi: DISTRIBUTOR_ABI, functionName, args } });
}

/** The account's balance of the distributor's reward token, as the connected wallet's node reads it. */
export async function rewardBalance({ account, chainId, distributor }) {
  const { publicClient } = clients(account, chainId);
  const token = await publicClient.readContract({ address: distributor, abi: DISTRIBUTOR_ABI, functionName: 'token' });
  const balance = await publicClient.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [account] });
  return balance.toString();
}

function clients(account, chainId) {
  const transport = custom(provider());
  const chain = { id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } } };
  return { publicClient: createPublicClient({ chain, transport }), wallet: createWalletClient({ account, chain, transport }) };
}

/**
 * Sends a contract call from the connected account: simulated first, so that a refusal comes back decoded before
 * anything is signed. Calls onSent with the hash, then resolves with the mined receipt.
 */
async function send({ account, chainId, call, onSent }) {
  const { publicClient, wallet } = clients(account, chainId);
  await publicClient.simulateContract({ ...call, account });
  // An estimate is exact for the block it was made on; a vote checkpoint written in a later block can cost more
  // (a new slot rather than an update), so the transaction carries a margin over it, as wallets give one.
  const estimate = await publicClient.estimateContractGas({ ...call, account });
  const gas = (estimate * GAS_MARGIN_PERCENT) / 100n;
  const hash = await wallet.writeContract({ ...call, gas });
  onSent(hash);
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 1000 });
  if (receipt.status !== 'success') {
    const ranOut = receipt.gasUsed >= gas;
    throw new Error(`The transaction ${hash} reverted${ranOut ? `: it ran out of its ${gas} gas` : ''}.`);
  }
  return receipt;
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
