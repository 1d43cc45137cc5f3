package dev.govengine.rewards.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical form: the same inputs in any order give the same bytes, and only those bytes parse. */
class EpochInputsTest {
    private static final String A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String C = "0x0000000000000000000000000000000000000009";
    private static final String TX = "0x" + "ab".repeat(32);

    @Test
    void theSameInputsInAnyOrderGiveTheSameBytes() {
        byte[] one = document(List.of(vote(1, A, "10"), vote(2, B, "4"), vote(3, A, "5")),
                List.of(new EpochInputs.Amount(A, "7"), new EpochInputs.Amount(C, "1"))).bytes();
        byte[] other = document(List.of(vote(3, A, "5"), vote(1, A, "10"), vote(2, B, "4")),
                List.of(new EpochInputs.Amount(C, "1"), new EpochInputs.Amount(A, "7"))).bytes();
        assertArrayEquals(one, other);
        String text = new String(one, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"carryIn\":\"5\",\"chainId\":31337,\"contracts\":{\"governor\":"), text);
        assertTrue(text.contains("\"cumulative\":[{\"account\":\"" + C + "\",\"amount\":\"1\"},{\"account\":\"" + A),
                "accounts by address value, not by their text: " + text);
        assertTrue(!text.contains(" ") && !text.endsWith("\n"), text);
        assertArrayEquals(one, EpochInputs.parse(one).bytes());
    }

    @Test
    void aCopyNotInCanonicalFormOrOfAnotherShapeIsRefused() throws Exception {
        byte[] bytes = document(List.of(vote(1, A, "10")), List.of()).bytes();
        ObjectMapper json = new ObjectMapper();
        byte[] indented = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(json.readTree(bytes));
        assertTrue(assertThrows(InvalidEpochInputsException.class, () -> EpochInputs.parse(indented)).getMessage()
                .contains("not in canonical form"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(assertThrows(InvalidEpochInputsException.class, () -> EpochInputs.parse(text.replace(
                "\"carryIn\"", "\"extra\":1,\"carryIn\"").getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("extra"));
        assertTrue(assertThrows(InvalidEpochInputsException.class, () -> EpochInputs.parse(text.replace(
                EpochInputs.FORMAT, "govengine-epoch-inputs/2").getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("expected 'govengine-epoch-inputs/1'"));
    }

    @Test
    void aVotersWeightIsItsVoteLogsLessWhatVoteReducedTookBack() {
        EpochInputs inputs = new EpochInputs(EpochInputs.FORMAT, 31337, 2, contracts(), window(), policy(), List.of(),
                List.of(), List.of(), new EpochInputs.Governance(C, List.of(proposal()),
                        List.of(vote(1, A, "10"), vote(2, A, "5"), vote(3, B, "4")), List.of(vote(4, A, "3"))),
                "5", new EpochInputs.Previous(null, null, List.of()));
        assertEquals(List.of(new GovernanceVote(BigInteger.valueOf(42), ChecksumAddress.of(B), BigInteger.valueOf(4)),
                new GovernanceVote(BigInteger.valueOf(42), ChecksumAddress.of(A), BigInteger.valueOf(12))),
                inputs.contributions().governance(), "by proposal, then voter by address value");
    }

    private static EpochInputs document(List<EpochInputs.VoteLog> votes, List<EpochInputs.Amount> previous) {
        return new EpochInputs(EpochInputs.FORMAT, 31337, 2, contracts(), window(), policy(), List.of(), List.of(),
                List.of(), new EpochInputs.Governance(C, List.of(proposal()), votes, List.of()), "5",
                new EpochInputs.Previous(previous.isEmpty() ? null : 1L,
                        previous.isEmpty() ? null : "0x" + "00".repeat(32), previous));
    }

    private static EpochInputs.Contracts contracts() {
        return new EpochInputs.Contracts(A, B, C);
    }

    private static EpochInputs.Window window() {
        return new EpochInputs.Window(1000, 4600, 10, 20);
    }

    private static EpochInputs.Policy policy() {
        return new EpochInputs.Policy(3, "100", 5000, 3000, 2000, 10000, "0", "linear", Map.of("1", "2"),
                Map.of("sequencer", "1"), List.of(B, A));
    }

    private static EpochInputs.Proposal proposal() {
        return new EpochInputs.Proposal("42", "15", "1", "19", "0", "0");
    }

    private static EpochInputs.VoteLog vote(int block, String voter, String weight) {
        return new EpochInputs.VoteLog(block, 0, TX, "42", voter, 1, weight);
    }
}
