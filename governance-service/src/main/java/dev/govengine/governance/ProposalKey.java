package dev.govengine.governance;

import java.math.BigInteger;

/** A proposal's identity: proposal ids are unique per Governor only. */
public record ProposalKey(String governorId, BigInteger proposalId) {
}
