package dev.govengine.governance;

import dev.govengine.chain.ContractCall;
import dev.govengine.types.ChecksumAddress;
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
 * {@link ProposalReading}s. For an OpenZeppelin Governor these are IGovernor's own functions (and
 * GovernorCountingSimple's and GovernorCountingFractional's {@code proposalVotes}), so any Governor built from
 * OpenZeppelin's modules answers them, whatever its counting, timelock, quorum or clock. A GovernorBravo has no
 * {@code proposalVotes}: its {@code proposals(id)} getter holds the tallies, the end block (its deadline) and the
 * eta, and its quorum is {@code quorumVotes()}, the same for every proposal. {@code state(id)} has the same
 * numbering in both.
 */
public final class GovernorCalls {
    /** What is asked of one proposal: its id, and its snapshot when the quorum is still unknown. */
    public record Question(BigInteger proposalId, BigInteger quorumSnapshot) {
    }

    private static final int CALLS_PER_PROPOSAL = 4;
    private static final int BRAVO_CALLS_PER_PROPOSAL = 2;
    private static final String PROPOSALS = selector("proposals");
    private static final String QUORUM_VOTES = FunctionEncoder.encode(new Function("quorumVotes", List.of(), List.of()));
    /** Bravo's {@code proposals(id)} answers id, proposer, eta, startBlock, endBlock, for, against, abstain, ... */
    private static final int BRAVO_PROPOSAL_WORDS = 10;
    private static final int BRAVO_ETA = 2;
    private static final int BRAVO_END_BLOCK = 4;
    private static final int BRAVO_FOR = 5;
    private static final int BRAVO_AGAINST = 6;
    private static final int BRAVO_ABSTAIN = 7;
    private static final String STATE = selector("state");
    private static final String PROPOSAL_VOTES = selector("proposalVotes");
    private static final String PROPOSAL_DEADLINE = selector("proposalDeadline");
    private static final String PROPOSAL_ETA = selector("proposalEta");
    private static final String QUORUM = selector("quorum");
    private static final ProposalState[] STATES = ProposalState.values();

    private GovernorCalls() {
    }

    /**
     * The calls for {@code questions}, in order: four per proposal, then the quorums asked for; for a Bravo two per
     * proposal, then {@code quorumVotes()} once if any quorum is asked for.
     */
    public static List<ContractCall> calls(GovernorFamily family, ChecksumAddress governor, List<Question> questions) {
        if (family == GovernorFamily.BRAVO) {
            return bravoCalls(governor, questions);
        }
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
    public static List<ProposalReading> readings(GovernorFamily family, List<Question> questions,
            List<String> answers) {
        if (family == GovernorFamily.BRAVO) {
            return bravoReadings(questions, answers);
        }
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

    private static List<ContractCall> bravoCalls(ChecksumAddress governor, List<Question> questions) {
        List<ContractCall> calls = new ArrayList<>(questions.size() * BRAVO_CALLS_PER_PROPOSAL + 1);
        for (Question question : questions) {
            String id = word(question.proposalId());
            calls.add(new ContractCall(governor, STATE + id));
            calls.add(new ContractCall(governor, PROPOSALS + id));
        }
        if (questions.stream().anyMatch(question -> question.quorumSnapshot() != null)) {
            calls.add(new ContractCall(governor, QUORUM_VOTES));
        }
        return calls;
    }

    private static List<ProposalReading> bravoReadings(List<Question> questions, List<String> answers) {
        BigInteger quorumVotes = answers.size() > questions.size() * BRAVO_CALLS_PER_PROPOSAL
                ? uint(answers.get(questions.size() * BRAVO_CALLS_PER_PROPOSAL)) : null;
        List<ProposalReading> readings = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            int at = i * BRAVO_CALLS_PER_PROPOSAL;
            BigInteger state = uint(answers.get(at));
            if (state == null || state.compareTo(BigInteger.valueOf(STATES.length)) >= 0) {
                readings.add(null);
                continue;
            }
            List<BigInteger> proposal = uints(answers.get(at + 1), BRAVO_PROPOSAL_WORDS);
            BigInteger eta = proposal == null ? null : proposal.get(BRAVO_ETA);
            readings.add(new ProposalReading(STATES[state.intValueExact()],
                    proposal == null ? null : proposal.get(BRAVO_AGAINST),
                    proposal == null ? null : proposal.get(BRAVO_FOR),
                    proposal == null ? null : proposal.get(BRAVO_ABSTAIN),
                    questions.get(i).quorumSnapshot() == null ? null : quorumVotes,
                    proposal == null ? null : proposal.get(BRAVO_END_BLOCK),
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
