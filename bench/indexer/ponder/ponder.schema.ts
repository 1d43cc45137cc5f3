import { index, onchainTable, primaryKey } from "ponder";

// What the governance engine keeps of the same events: proposals with their tallies, every vote, each account's
// delegate and voting power, and the history of voting-power changes.
export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  description: t.text().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  createdBlock: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  forVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  queuedEta: t.bigint(),
  executed: t.boolean().notNull(),
  canceled: t.boolean().notNull(),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.proposalId, table.voter] }),
    voterIndex: index().on(table.voter),
  }),
);

export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
}));

export const votingPowerChange = onchainTable(
  "voting_power_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegate: t.hex().notNull(),
    previousVotes: t.bigint().notNull(),
    newVotes: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ delegateIndex: index().on(table.delegate) }),
);
