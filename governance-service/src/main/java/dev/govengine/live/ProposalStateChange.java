package dev.govengine.live;

import dev.govengine.governance.ProposalState;
import java.math.BigInteger;

/**
 * A proposal's derived state moved as the indexed head advanced to {@code headBlock}, where the Governor's clock reads
 * {@code timepoint}. {@code from} is null for a proposal seen for the first time.
 */
public record ProposalStateChange(
        String governorId,
        BigInteger proposalId,
        ProposalState from,
        ProposalState to,
        long headBlock,
        BigInteger timepoint) {
}
