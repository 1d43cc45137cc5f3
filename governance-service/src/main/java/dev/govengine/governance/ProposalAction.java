package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One call a proposal makes when executed: {@code calldata} is what the target receives. {@code signature} is the
 * one the proposal declared, or else the one a known ABI declares for the calldata's selector.
 */
public record ProposalAction(ChecksumAddress target, BigInteger value, String calldata, Optional<String> signature) {

    /**
     * The action as a proposal stores it. A GovernorBravo-style proposal that names its function passes only the
     * arguments as calldata, and Compound's Timelock prepends the signature's selector when it executes; that full
     * call is what this serves, so an action reads the same whichever Governor proposed it. OpenZeppelin's proposals
     * leave the signature empty and carry the full calldata already.
     */
    public static ProposalAction stored(ChecksumAddress target, BigInteger value, String declaredSignature,
            String storedCalldata) {
        if (declaredSignature.isEmpty()) {
            return new ProposalAction(target, value, storedCalldata,
                    FunctionSelectors.known().signatureOf(storedCalldata));
        }
        String selector = Numeric.toHexString(Hash.sha3(declaredSignature.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 10);
        return new ProposalAction(target, value, selector + Numeric.cleanHexPrefix(storedCalldata),
                Optional.of(declaredSignature));
    }

    /** The call's arguments by the function's ABI, or its declared signature; empty where neither decodes it. */
    public Optional<DecodedCall> decoded() {
        return FunctionSelectors.known().decode(calldata, signature);
    }
}
