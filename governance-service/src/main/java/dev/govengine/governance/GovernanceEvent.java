package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import java.math.BigInteger;
import java.util.List;

/** The Governor, voting-token and timelock events the index understands, decoded. */
public sealed interface GovernanceEvent {
    LogPosition position();

    record ProposalCreated(LogPosition position, BigInteger proposalId, ChecksumAddress proposer,
            List<ChecksumAddress> targets, List<BigInteger> values, List<String> signatures, List<String> calldatas,
            BigInteger voteStart, BigInteger voteEnd, String description) implements GovernanceEvent {
    }

    /** VoteCast, or VoteCastWithParams when {@code params} is present. */
    record VoteCast(LogPosition position, ChecksumAddress voter, BigInteger proposalId, int support,
            BigInteger weight, String reason, String params) implements GovernanceEvent {
    }

    /**
     * GovernorCountingOverridable's VoteReduced: a delegator overrode {@code delegate}'s vote after the delegate cast
     * it, taking back {@code weight} of what the delegate's VoteCast carried.
     */
    record VoteReduced(LogPosition position, ChecksumAddress delegate, BigInteger proposalId, int support,
            BigInteger weight) implements GovernanceEvent {
    }

    record ProposalQueued(LogPosition position, BigInteger proposalId, BigInteger eta) implements GovernanceEvent {
    }

    record ProposalExecuted(LogPosition position, BigInteger proposalId) implements GovernanceEvent {
    }

    record ProposalCanceled(LogPosition position, BigInteger proposalId) implements GovernanceEvent {
    }

    record ProposalExtended(LogPosition position, BigInteger proposalId, BigInteger extendedDeadline)
            implements GovernanceEvent {
    }

    /**
     * VotingDelaySet, VotingPeriodSet, ProposalThresholdSet, QuorumNumeratorUpdated or TimelockChange, or one of
     * GovernorBravo's admin events; {@code account} is the account a per-account setting is for (else null).
     */
    record SettingChanged(LogPosition position, GovernorSetting setting, String newValue, ChecksumAddress account)
            implements GovernanceEvent {
        public SettingChanged(LogPosition position, GovernorSetting setting, String newValue) {
            this(position, setting, newValue, null);
        }
    }

    record DelegateChanged(LogPosition position, ChecksumAddress delegator, ChecksumAddress fromDelegate,
            ChecksumAddress toDelegate) implements GovernanceEvent {
    }

    record DelegateVotesChanged(LogPosition position, ChecksumAddress delegate, BigInteger previousVotes,
            BigInteger newVotes) implements GovernanceEvent {
    }

    /**
     * A Transfer of the votes token: {@code amount} base units of an ERC-20, or one token (whose id is not kept) of
     * an ERC-721. A mint comes from the zero address, a burn goes to it.
     */
    record TokenTransfer(LogPosition position, ChecksumAddress from, ChecksumAddress to, BigInteger amount)
            implements GovernanceEvent {
    }

    /**
     * The governor's TimelockController ran a call of an operation (CallExecuted) or cancelled one (Cancelled), or
     * its Compound Timelock queued, executed or cancelled a transaction, whose id is the timelock's txHash.
     */
    record TimelockOperation(LogPosition position, ChecksumAddress timelock, String operationId, TimelockEvent event)
            implements GovernanceEvent {
    }

    /** The timelock events kept, by their names (the database's). */
    enum TimelockEvent {
        CallExecuted, Cancelled, QueueTransaction, ExecuteTransaction, CancelTransaction
    }
}
