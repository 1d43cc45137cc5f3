package dev.govengine.governance;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.chain.ContractCall;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The eth_calls that ask a Governor about its proposals, and the decoding of their answers into
 * {@link ProposalReading}s. These are IGovernor's own functions (and GovernorCountingSimple's and
 * GovernorCountingFractional's {@code proposalVotes}), so any Governor built from OpenZeppelin's modules answers
 * them, whatever its counting, timelock, quorum or clock.
 */
public final class GovernorCalls {
    /** What is asked of one proposal: its id, and its snapshot when the quorum is still unknown. */
    public record Question(BigInteger proposalId, BigInteger quorumSnapshot) {
    }

    private static final int CALLS_PER_PROPOSAL = 4;
    private static final String STATE = selector("state");
    private static final String PROPOSAL_VOTES = selector("proposalVotes");
    private static final String PROPOSAL_DEADLINE = selector("proposalDeadline");
    private static final String PROPOSAL_ETA = selector("proposalEta");
    private static final String QUORUM = selector("quorum");
    private static final ProposalState[] STATES = ProposalState.values();

    private GovernorCalls() {
    }

    /** The calls for {@code questions}, in order: four per proposal, then the quorums asked for. */
    public static List<ContractCall> calls(ChecksumAddress governor, List<Question> questions) {
        List<ContractCall> calls = new ArrayList<>(questions.size() * (CALLS_PER_PROPOSAL + 1));
        for (Question question : questions) {
            String id = word(question.proposalId());
            calls.add(new ContractCall(governor, STATE + id));
            calls.add(new ContractCall(governor, PROPOSAL_VOTES + id));
            calls.add(new ContractCall(governor, PROPOSAL_DEADLINE + id));
            calls.add(new ContractCall(governor, PROPOSAL_ETA + id));
        }
        for (Question question : questions) {
            if (question.quorumSnapshot() != null) {
                calls.add(new ContractCall(governor, QUORUM + word(question.quorumSnapshot())));
            }
        }
        return calls;
    }

    /**
     * The readings from the answers to {@link #calls}, one per question in order; null for a proposal whose
     * {@code state()} did not answer with a known state.
     */
    public static List<ProposalReading> readings(List<Question> questions, List<String> answers) {
        List<ProposalReading> readings = new ArrayList<>(questions.size());
        int quorumAnswer = questions.size() * CALLS_PER_PROPOSAL;
        for (int i = 0; i < questions.size(); i++) {
            int at = i * CALLS_PER_PROPOSAL;
            BigInteger quorum = null;
            if (questions.get(i).quorumSnapshot() != null) {
                quorum = uint(answers.get(quorumAnswer++));
            }
            BigInteger state = uint(answers.get(at));
            if (state == null || state.compareTo(BigInteger.valueOf(STATES.length)) >= 0) {
                readings.add(null);
                continue;
            }
            List<BigInteger> votes = uints(answers.get(at + 1), 3);
            BigInteger eta = uint(answers.get(at + 3));
            readings.add(new ProposalReading(STATES[state.intValueExact()],
                    votes == null ? null : votes.get(0), votes == null ? null : votes.get(1),
                    votes == null ? null : votes.get(2), quorum, uint(answers.get(at + 2)),
                    eta == null || eta.signum() == 0 ? null : eta));
        }
        return readings;
    }

    private static String selector(String function) {
        return FunctionEncoder.encode(new Function(function, List.of(new Uint256(BigInteger.ZERO)), List.of()))
                .substring(0, 10);
    }

    private static String word(BigInteger value) {
        return FunctionEncoder.encodeConstructor(List.of(new Uint256(value)));
    }

    private static BigInteger uint(String answer) {
        List<BigInteger> words = uints(answer, 1);
        return words == null ? null : words.get(0);
    }

    /** The first {@code count} words of an answer as uint256; null when it has fewer (or none: a revert). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<BigInteger> uints(String answer, int count) {
        if (answer == null || answer.length() < 2 + 64 * count) {
            return null;
        }
        List<TypeReference<Type>> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add((TypeReference) new TypeReference<Uint256>() { });
        }
        List<Type> words = FunctionReturnDecoder.decode(answer.substring(0, 2 + 64 * count), types);
        return words.stream().map(word -> (BigInteger) word.getValue()).toList();
    }
}
