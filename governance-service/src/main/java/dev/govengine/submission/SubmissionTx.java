package dev.govengine.submission;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/** One row of {@code submission_tx}: a signed transaction, stored before it is broadcast (see V6). */
@Entity
@Table(name = "submission_tx")
public class SubmissionTx {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public String sender;

    @Column(nullable = false)
    public String purpose;

    public Long epoch;

    @Column(nullable = false)
    public long nonce;

    @Column(name = "to_address", nullable = false)
    public String toAddress;

    @Column(nullable = false)
    public String calldata;

    @Column(name = "gas_limit", nullable = false, precision = 78)
    public BigInteger gasLimit;

    @Column(name = "max_fee_per_gas", nullable = false, precision = 78)
    public BigInteger maxFeePerGas;

    @Column(name = "max_priority_fee_per_gas", nullable = false, precision = 78)
    public BigInteger maxPriorityFeePerGas;

    @Column(name = "tx_hash", nullable = false)
    public String txHash;

    @Column(name = "raw_tx", nullable = false)
    public String rawTx;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TxStatus status;

    @Column(nullable = false)
    public int broadcasts;

    @Column(name = "block_number")
    public Long blockNumber;

    @Column(name = "block_hash")
    public String blockHash;

    @Column(name = "gas_used", precision = 78)
    public BigInteger gasUsed;

    @Column(name = "revert_reason")
    public String revertReason;

    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "broadcast_at")
    public Instant broadcastAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    TxPurpose purposeKey() {
        return new TxPurpose(purpose, epoch);
    }
}
