package dev.govengine.cli;

import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.RollupEvent;
import java.math.BigInteger;
import java.util.List;

/** What {@code epoch compute} reads: one epoch's policy, carry, contributions and the previous cumulative amounts. */
record EpochFile(BigInteger epoch, BigInteger budget, BigInteger carryIn, AllocationPolicy allocationPolicy,
                 ScoringPolicy scoringPolicy, CumulativeAmounts previousCumulative, List<DepinReceipt> depin,
                 List<RollupEvent> rollup, List<GovernanceVote> governance) {
}
