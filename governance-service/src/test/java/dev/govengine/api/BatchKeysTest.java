package dev.govengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalAction;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.VoteQueries;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The views an uncached proposal page builds once per proposal rather than once per page: a proposal action's view,
 * kept by the action, and the batch keys' hashes, taken from their keys alone while equality stays field by field.
 */
class BatchKeysTest {
    private static final String GOVERNOR = "eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    /** transfer(0x7099…79C8, 1000): ERC-20's, which the contracts jar declares. */
    private static final String TRANSFER = "0xa9059cbb"
            + "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
            + "00000000000000000000000000000000000000000000000000000000000003e8";

    private static ProposalAction transfer() {
        // New strings each time, as each page's read gives: the view is found by the action's content.
        return ProposalAction.stored(ChecksumAddress.of(new String(TOKEN)), BigInteger.ZERO, "",
                new String(TRANSFER));
    }

    @Test
    void anActionIsDecodedOnceAndServedTheSameAfter() {
        ProposalActionView first = ProposalActionView.of(transfer());
        assertEquals(TOKEN, first.target());
        assertEquals("0", first.value());
        assertEquals(TRANSFER, first.calldata());
        assertEquals("transfer(address,uint256)", first.signature());
        assertEquals("transfer", first.decoded().function());
        assertEquals(List.of(RECIPIENT, "1000"),
                first.decoded().arguments().stream().map(DecodedCallView.DecodedArgumentView::value).toList());
        assertSame(first, ProposalActionView.of(transfer()), "a second page's equal action finds the first's view");
        ProposalActionView other = ProposalActionView.of(ProposalAction.stored(ChecksumAddress.of(TOKEN),
                BigInteger.ONE, "", TRANSFER));
        assertEquals("1", other.value(), "another action, here another value, has a view of its own");
    }

    private static ProposalView proposal(String proposalId, String forVotes) {
        GovernorView governor = new GovernorView(GOVERNOR, "31337", TOKEN, "Bench", null, null, "blocknumber", "1",
                "50", "0", "4", "100", 1, null, null);
        return new ProposalView(proposalId, governor, RECIPIENT, "Title", "Title\n\nbody", ProposalState.ACTIVE,
                "10", "60", "2026-12-06T11:57:28Z", null, false, null, false, null, forVotes, "0", "0", 1,
                List.of(ProposalActionView.of(transfer())), null, "5", "0x01", false, List.of(), HeadRange.ALWAYS,
                HeadRange.ALWAYS, 1, null);
    }

    @Test
    void aProposalViewHashesByItsKeyAndEqualsFieldByField() {
        ProposalView read = proposal("42", "100");
        assertEquals(read, proposal("42", "100"));
        assertEquals(read.hashCode(), proposal("42", "100").hashCode());
        ProposalView laterTally = proposal("42", "250");
        assertEquals(read.hashCode(), laterTally.hashCode(), "the hash is the key's");
        assertNotEquals(read, laterTally, "equality still compares every field");
        assertNotEquals(read, proposal("43", "100"));
        assertNotEquals(read.hashCode(), proposal("43", "100").hashCode());
    }

    @Test
    void aVoteConnectionHashesByItsScopeAndEndAndEqualsFieldByField() {
        VoteQueries.Scope scope = new VoteQueries.Scope(GOVERNOR, Optional.of(BigInteger.valueOf(42)),
                Optional.empty());
        VoteConnection counted = VoteConnection.of(List.of(), false, scope, 7L);
        assertEquals(counted, VoteConnection.of(List.of(), false, scope, 7L));
        VoteConnection uncounted = VoteConnection.of(List.of(), false, scope, null);
        assertEquals(counted.hashCode(), uncounted.hashCode(), "the hash is the scope's and the page end's");
        assertNotEquals(counted, uncounted, "equality still compares every field");
        VoteConnection otherProposal = VoteConnection.of(List.of(), false, new VoteQueries.Scope(GOVERNOR,
                Optional.of(BigInteger.valueOf(43)), Optional.empty()), 7L);
        assertNotEquals(counted, otherProposal);
        assertNotEquals(counted.hashCode(), otherProposal.hashCode());
    }
}
