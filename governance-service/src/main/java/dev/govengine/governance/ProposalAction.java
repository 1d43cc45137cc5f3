package dev.govengine.governance;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.Optional;

/** One call a proposal makes when executed; {@code signature} is named when a known ABI declares its selector. */
public record ProposalAction(ChecksumAddress target, BigInteger value, String calldata, Optional<String> signature) {
}
