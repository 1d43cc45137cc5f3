package dev.govengine.rewards.tree;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The hashes of OpenZeppelin's StandardMerkleTree. A leaf is hashed twice, so that no 64-byte leaf preimage can
 * also be read as the concatenation of two inner nodes (a second-preimage attack on the proof).
 */
public final class StandardHashes {
    private StandardHashes() {
    }

    /** {@code keccak256(bytes.concat(keccak256(abi.encode(account, amount))))}. */
    public static Bytes32 leafHash(LeafValue value) {
        byte[] encoded = new byte[64];
        byte[] address = Numeric.hexStringToByteArray(value.account().lowerCase());
        System.arraycopy(address, 0, encoded, 12, 20);
        System.arraycopy(Numeric.toBytesPadded(value.amount(), 32), 0, encoded, 32, 32);
        return Bytes32.wrap(Hash.sha3(Hash.sha3(encoded)));
    }

    /** {@code keccak256} of the pair in ascending order, so that a proof needs no left/right flags. */
    public static Bytes32 nodeHash(Bytes32 a, Bytes32 b) {
        Bytes32 low = a.compareTo(b) <= 0 ? a : b;
        Bytes32 high = low == a ? b : a;
        byte[] pair = new byte[64];
        System.arraycopy(low.toArray(), 0, pair, 0, 32);
        System.arraycopy(high.toArray(), 0, pair, 32, 32);
        return Bytes32.wrap(Hash.sha3(pair));
    }
}
