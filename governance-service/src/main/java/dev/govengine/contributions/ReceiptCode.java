package dev.govengine.contributions;

/**
 * Why a work receipt was refused. An item is checked against the rules in this order and refused by the first it
 * breaks: its fields' form (BAD_INPUT, BAD_ADDRESS) and ranges (OUT_OF_RANGE) field by field in the order of the
 * EIP-712 type, then the signature's form, the epoch against the current one (OUT_OF_RANGE), the signer
 * (BAD_SIGNATURE, UNKNOWN_VERIFIER), the epoch's status (EPOCH_CLOSED) and the job id (DUPLICATE_JOB).
 */
public enum ReceiptCode {
    /** A field is missing or not in its format (a bytes32 that is not 0x and 64 hex digits, a non-decimal number). */
    BAD_INPUT,
    /** The provider is not an address, or mixed case with a bad EIP-55 checksum. */
    BAD_ADDRESS,
    /** A field is outside its range, or the epoch is 0 or after the current epoch. */
    OUT_OF_RANGE,
    /** The signature is not 65 bytes, not canonical (v, high s, r or s out of range), or recovers no key. */
    BAD_SIGNATURE,
    /** The signer is not in the verifier set of the policy in force. */
    UNKNOWN_VERIFIER,
    /** The receipt's epoch is no longer OPEN. */
    EPOCH_CLOSED,
    /** The job id is already stored, or came earlier in the same request. */
    DUPLICATE_JOB
}
