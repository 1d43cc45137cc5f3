import { type Context, type Event, ponder } from "ponder:registry";
import schema from "ponder:schema";

ponder.on("Governor:ProposalCreated", async ({ event, context }) => {
  await context.db.insert(schema.proposal).values({
    id: event.args.proposalId,
    proposer: event.args.proposer,
    description: event.args.description,
    voteStart: event.args.voteStart,
    voteEnd: event.args.voteEnd,
    createdBlock: event.block.number,
    againstVotes: 0n,
    forVotes: 0n,
    abstainVotes: 0n,
    executed: false,
    canceled: false,
  });
});

// VoteCast and VoteCastWithParams carry the same fields the vote row keeps.
const counted = async (
  context: Context<"Governor:VoteCast">,
  event: Event<"Governor:VoteCast"> | Event<"Governor:VoteCastWithParams">,
) => {
  const args = event.args;
  await context.db.insert(schema.vote).values({
    proposalId: args.proposalId,
    voter: args.voter,
    support: args.support,
    weight: args.weight,
    reason: args.reason,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
  await context.db.update(schema.proposal, { id: args.proposalId }).set((row) =>
    args.support === 0
      ? { againstVotes: row.againstVotes + args.weight }
      : args.support === 1
        ? { forVotes: row.forVotes + args.weight }
        : { abstainVotes: row.abstainVotes + args.weight },
  );
};

ponder.on("Governor:VoteCast", async ({ event, context }) => {
  await counted(context, event);
});

ponder.on("Governor:VoteCastWithParams", async ({ event, context }) => {
  await counted(context, event);
});

ponder.on("Governor:ProposalQueued", async ({ event, context }) => {
  await context.db.update(schema.proposal, { id: event.args.proposalId }).set({ queuedEta: event.args.etaSeconds });
});

ponder.on("Governor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(schema.proposal, { id: event.args.proposalId }).set({ executed: true });
});

ponder.on("Governor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(schema.proposal, { id: event.args.proposalId }).set({ canceled: true });
});

ponder.on("Token:DelegateChanged", async ({ event, context }) => {
  await context.db
    .insert(schema.account)
    .values({ address: event.args.delegator, delegate: event.args.toDelegate, votes: 0n })
    .onConflictDoUpdate({ delegate: event.args.toDelegate });
});

ponder.on("Token:DelegateVotesChanged", async ({ event, context }) => {
  await context.db.insert(schema.votingPowerChange).values({
    id: event.id,
    delegate: event.args.delegate,
    previousVotes: event.args.previousVotes,
    newVotes: event.args.newVotes,
    blockNumber: event.block.number,
  });
  await context.db
    .insert(schema.account)
    .values({ address: event.args.delegate, votes: event.args.newVotes })
    .onConflictDoUpdate({ votes: event.args.newVotes });
});
