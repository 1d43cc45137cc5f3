import { createConfig } from "ponder";
import { parseAbi } from "viem";

// The benchmark's governor and token, on the Anvil that bench/indexer/run.sh starts from the saved chain. PGlite by
// default (Ponder's own embedded database); the script sets DATABASE_URL to give it a PostgreSQL server instead.
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/indexer/run.sh sets it)`);
  return value;
};

export const GovernorAbi = parseAbi([
  "event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)",
  "event ProposalQueued(uint256 proposalId, uint256 etaSeconds)",
  "event ProposalExecuted(uint256 proposalId)",
  "event ProposalCanceled(uint256 proposalId)",
  "event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)",
  "event VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)",
]);

export const TokenAbi = parseAbi([
  "event DelegateChanged(address indexed delegator, address indexed fromDelegate, address indexed toDelegate)",
  "event DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)",
]);

const startBlock = Number(env("BENCH_START_BLOCK"));

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: env("PONDER_PGLITE_DIR") },
  chains: {
    bench: { id: 31337, rpc: env("PONDER_RPC_URL") },
  },
  contracts: {
    Governor: {
      chain: "bench",
      abi: GovernorAbi,
      address: env("BENCH_GOVERNOR") as `0x${string}`,
      startBlock,
    },
    Token: {
      chain: "bench",
      abi: TokenAbi,
      address: env("BENCH_TOKEN") as `0x${string}`,
      startBlock,
    },
  },
});
