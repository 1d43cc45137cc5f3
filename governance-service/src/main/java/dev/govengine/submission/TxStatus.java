package dev.govengine.submission;

/** The states of one signed transaction (one attempt); the V6 migration's CHECK lists the same names. */
public enum TxStatus {
    SENT, REPLACED, MINED, DROPPED, REVERTED, CONFIRMED;

    /** Whether an attempt in this state may still end up in a block. */
    boolean candidate() {
        return this == SENT || this == REPLACED || this == MINED;
    }
}
