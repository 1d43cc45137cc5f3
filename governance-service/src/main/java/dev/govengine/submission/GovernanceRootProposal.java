package dev.govengine.submission;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code governance_root_proposal} (V10, V26): the proposal carrying an epoch's root in Mode B, one row per
 * attempt.
 */
@Entity
@Table(name = "governance_root_proposal")
@IdClass(GovernanceRootProposal.Key.class)
public class GovernanceRootProposal {
    @Id
    @Column(name = "chain_id")
    public long chainId;

    @Id
    public String governor;

    @Id
    public long epoch;

    @Id
    public int attempt;

    @Column(name = "proposal_id", nullable = false, precision = 78)
    public BigInteger proposalId;

    @Column(nullable = false)
    public String distributor;

    @Column(nullable = false)
    public String root;

    @Column(name = "total_cumulative", nullable = false, precision = 78)
    public BigInteger totalCumulative;

    @Column(name = "data_uri", nullable = false)
    public String dataUri;

    @Column(nullable = false)
    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static class Key implements Serializable {
        public long chainId;
        public String governor;
        public long epoch;
        public int attempt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && chainId == that.chainId && epoch == that.epoch
                    && attempt == that.attempt && Objects.equals(governor, that.governor);
        }

        @Override
        public int hashCode() {
            return Objects.hash(chainId, governor, epoch, attempt);
        }
    }
}
