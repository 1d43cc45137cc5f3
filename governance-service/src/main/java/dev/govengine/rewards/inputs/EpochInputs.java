package dev.govengine.rewards.inputs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.RollupEvent;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One epoch's complete inputs, as the canonical JSON document {@code govengine-epoch-inputs/1} (docs/REWARDS.md, "An
 * epoch's inputs document"): everything {@link EpochComputation} reads, with every on-chain fact given by reference
 * (transaction hash and log index) beside the value taken from it, so that anyone can check it against the chain and
 * recompute the root. The lifecycle computes the epoch from this document, so nothing it scored can be missing here.
 *
 * <p>Canonical bytes: keys in code-point order at every level, no whitespace, amounts as decimal strings, addresses
 * checksummed, every list in the order of its record's documented key. The same inputs give the same bytes, and the
 * bytes' keccak256 is what the posted {@code dataUri} names.
 */
public record EpochInputs(String format, long chainId, long epoch, Contracts contracts, Window window, Policy policy,
        List<Receipt> receipts, List<RollupSourceMapping> rollupMapping, List<RollupLog> rollupEvents,
        Governance governance, String carryIn, Previous previous) {

    public static final String FORMAT = "govengine-epoch-inputs/1";
    /** Addresses sort by numeric value, as everywhere in the reward tree, not by their mixed-case text. */
    private static final Comparator<String> BY_ADDRESS = Comparator.comparing(ChecksumAddress::of);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /** The deployment's contracts the epoch is scored under. */
    public record Contracts(String rewardPolicy, String rewardDistributor, String governor) {
    }

    /** The epoch's calendar window {@code [startTimestamp, endTimestamp)} and its blocks, both ends included. */
    public record Window(long startTimestamp, long endTimestamp, long firstBlock, long endBlock) {
    }

    /**
     * The RewardPolicy version in force at the epoch's last block: what allocation and scoring read. GPU class
     * weights are keyed by the class in decimal; rollup kind weights by the kind's name (its id in the contract is
     * keccak256 of the name).
     */
    public record Policy(long version, String budgetPerEpoch, int depinBps, int rollupBps, int governanceBps,
            int recipientCapBps, String minPayout, String governanceMode, Map<String, String> gpuClassWeights,
            Map<String, String> rollupKindWeights, List<String> verifiers) {
    }

    /** A counted work receipt, whole: the EIP-712 WorkReceipt, its signature and the verifier it recovers to. */
    public record Receipt(String jobId, String provider, long epoch, int gpuClass, String gpuSeconds, int qualityBps,
            String signature, String verifier) {
    }

    /** A contract the rollup mapping reads and its kinds, by name. */
    public record RollupSourceMapping(String contract, List<RollupKind> kinds) {
    }

    /** One kind: the event declaration (with indexed flags and names), and the parameters it reads. */
    public record RollupKind(String kind, String event, String contributor, String amount, String when) {
    }

    /** A mapped rollup log, by reference, and the contribution decoded from it. */
    public record RollupLog(long blockNumber, int logIndex, String txHash, String contract, String kind,
            String contributor, String amount) {
    }

    /** The counted proposals of the deployment's Governor, and the vote logs cast in them. */
    public record Governance(String governor, List<Proposal> proposals, List<VoteLog> votes,
            List<VoteLog> voteReductions) {
    }

    /**
     * A counted proposal and the facts it counted on: its deadline (extended, if it was), its quorum at its snapshot,
     * and its tallies, as the index held them.
     */
    public record Proposal(String proposalId, String deadline, String quorum, String forVotes, String againstVotes,
            String abstainVotes) {
    }

    /**
     * A VoteCast, VoteCastWithParams or OverrideVoteCast log ({@code votes}), or a VoteReduced log
     * ({@code voteReductions}, where {@code voter} is the delegate whose weight was taken back).
     */
    public record VoteLog(long blockNumber, int logIndex, String txHash, String proposalId, String voter, int support,
            String weight) {
    }

    /**
     * The cumulative amounts the epoch adds to: those of the newest stored epoch before it ({@code epoch}, null while
     * there is none), whose tree has {@code root}.
     */
    public record Previous(Long epoch, String root, List<Amount> cumulative) {
    }

    public record Amount(String account, String amount) {
    }

    public EpochInputs {
        receipts = List.copyOf(receipts);
        rollupMapping = List.copyOf(rollupMapping);
        rollupEvents = List.copyOf(rollupEvents);
    }

    /** The document in the canonical order of every list, as {@link #bytes()} writes it. */
    public EpochInputs sorted() {
        Governance g = new Governance(governance.governor(),
                governance.proposals().stream().sorted(Comparator.comparing(p -> new BigInteger(p.proposalId()))).toList(),
                sortLogs(governance.votes()), sortLogs(governance.voteReductions()));
        List<RollupSourceMapping> mapping = rollupMapping.stream()
                .map(m -> new RollupSourceMapping(m.contract(),
                        m.kinds().stream().sorted(Comparator.comparing(RollupKind::kind)).toList()))
                .sorted(Comparator.comparing(RollupSourceMapping::contract, BY_ADDRESS)).toList();
        Policy p = new Policy(policy.version(), policy.budgetPerEpoch(), policy.depinBps(), policy.rollupBps(),
                policy.governanceBps(), policy.recipientCapBps(), policy.minPayout(), policy.governanceMode(),
                new TreeMap<>(policy.gpuClassWeights()), new TreeMap<>(policy.rollupKindWeights()),
                policy.verifiers().stream().sorted(BY_ADDRESS).toList());
        return new EpochInputs(format, chainId, epoch, contracts, window, p,
                receipts.stream().sorted(Comparator.comparing(Receipt::jobId)).toList(), mapping,
                rollupEvents.stream().sorted(Comparator.comparingLong(RollupLog::blockNumber)
                        .thenComparingInt(RollupLog::logIndex)).toList(), g, carryIn,
                new Previous(previous.epoch(), previous.root(), previous.cumulative().stream()
                        .sorted(Comparator.comparing(Amount::account, BY_ADDRESS)).toList()));
    }

    private static List<VoteLog> sortLogs(List<VoteLog> logs) {
        return logs.stream().sorted(Comparator.comparingLong(VoteLog::blockNumber).thenComparingInt(VoteLog::logIndex))
                .toList();
    }

    /** The canonical bytes: UTF-8, no whitespace, no trailing newline. */
    public byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(sorted());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the inputs document does not serialize", e);
        }
    }

    /** keccak256 of {@code bytes}, as 0x and 64 lower-case hex digits. */
    public static String keccak(byte[] bytes) {
        return Numeric.toHexString(Hash.sha3(bytes));
    }

    /**
     * Parses a document; throws {@link InvalidEpochInputsException} for malformed JSON, an unknown or missing field,
     * another format, or bytes that are not the canonical form of what they hold (a copy re-indented or re-ordered
     * is not the document whose keccak was posted).
     */
    public static EpochInputs parse(byte[] bytes) {
        EpochInputs inputs;
        byte[] canonical;
        try {
            inputs = JSON.readValue(bytes, EpochInputs.class);
            if (!FORMAT.equals(inputs.format())) {
                throw new InvalidEpochInputsException("format is '" + inputs.format() + "', expected '" + FORMAT + "'");
            }
            canonical = inputs.bytes();
        } catch (IOException e) {
            throw new InvalidEpochInputsException("not a " + FORMAT + " document: " + (e instanceof
                    JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        } catch (RuntimeException e) {
            if (e instanceof InvalidEpochInputsException) {
                throw e;
            }
            throw new InvalidEpochInputsException("not a " + FORMAT + " document: " + e.getMessage());
        }
        if (!Arrays.equals(bytes, canonical)) {
            throw new InvalidEpochInputsException("the document is not in canonical form (key order, list order,"
                    + " whitespace): its bytes are not those whose keccak256 a dataUri names");
        }
        return inputs;
    }

    /** The allocation rules of the policy, with the split's leftover as {@link EpochComputation} assigns it. */
    public AllocationPolicy allocationPolicy() {
        return EpochComputation.allocationPolicy(policy.depinBps(), policy.rollupBps(), policy.governanceBps(),
                policy.recipientCapBps(), new BigInteger(policy.minPayout()));
    }

    public ScoringPolicy scoringPolicy() {
        Map<Integer, BigInteger> gpu = new TreeMap<>();
        policy.gpuClassWeights().forEach((gpuClass, weight) -> gpu.put(Integer.parseInt(gpuClass), new BigInteger(weight)));
        Map<String, BigInteger> kinds = new TreeMap<>();
        policy.rollupKindWeights().forEach((kind, weight) -> kinds.put(kind, new BigInteger(weight)));
        return new ScoringPolicy(gpu, kinds, mode(policy.governanceMode()));
    }

    /** The policy's governance mode by its name in the document: {@code linear} or {@code squareRoot}. */
    public static String modeName(GovernanceMode mode) {
        return mode == GovernanceMode.LINEAR ? "linear" : "squareRoot";
    }

    static GovernanceMode mode(String name) {
        return switch (name) {
            case "linear" -> GovernanceMode.LINEAR;
            case "squareRoot" -> GovernanceMode.SQUARE_ROOT;
            default -> throw new InvalidEpochInputsException("policy.governanceMode '" + name
                    + "' is neither linear nor squareRoot");
        };
    }

    /**
     * What scoring reads: the receipts, the rollup contributions, and per counted proposal and voter the weight its
     * vote logs cast less what VoteReduced logs took back from it.
     */
    public EpochComputation.Contributions contributions() {
        return contributions(receipts, rollupEvents, governance.votes(), governance.voteReductions());
    }

    /** As above, from the document's lists; the lifecycle and this document derive scoring's input alike. */
    public static EpochComputation.Contributions contributions(List<Receipt> receipts, List<RollupLog> rollupEvents,
            List<VoteLog> voteLogs, List<VoteLog> voteReductions) {
        List<DepinReceipt> depin = receipts.stream().map(r -> new DepinReceipt(ChecksumAddress.of(r.provider()),
                r.gpuClass(), new BigInteger(r.gpuSeconds()), r.qualityBps())).toList();
        List<RollupEvent> rollup = rollupEvents.stream().map(e -> new RollupEvent(ChecksumAddress.of(e.contributor()),
                e.kind(), new BigInteger(e.amount()))).toList();
        Map<List<String>, BigInteger> weights = new HashMap<>();
        voteLogs.forEach(v -> weights.merge(List.of(v.proposalId(), v.voter()),
                new BigInteger(v.weight()), BigInteger::add));
        Map<List<String>, BigInteger> takenBack = new HashMap<>();
        voteReductions.forEach(r -> takenBack.merge(List.of(r.proposalId(), r.voter()),
                new BigInteger(r.weight()), BigInteger::add));
        List<GovernanceVote> votes = new ArrayList<>(weights.size());
        weights.forEach((key, weight) -> votes.add(new GovernanceVote(new BigInteger(key.get(0)),
                ChecksumAddress.of(key.get(1)), weight.subtract(takenBack.getOrDefault(key, BigInteger.ZERO)))));
        // Scoring does not depend on the order; readers of the list get one: by proposal, then voter.
        votes.sort(Comparator.comparing(GovernanceVote::proposalId).thenComparing(GovernanceVote::voter));
        return new EpochComputation.Contributions(depin, rollup, votes);
    }

    public CumulativeAmounts previousCumulative() {
        Map<ChecksumAddress, BigInteger> amounts = new HashMap<>();
        previous.cumulative().forEach(a -> amounts.put(ChecksumAddress.of(a.account()), new BigInteger(a.amount())));
        return CumulativeAmounts.of(amounts);
    }

    /** The epoch computed from this document alone. */
    public EpochComputation.Result compute() {
        return allocate().withTree();
    }

    /** {@link #compute()} but the tree, which the caller builds beside other work. */
    public EpochComputation.Allocated allocate() {
        return EpochComputation.allocate(allocationPolicy(), scoringPolicy(), new BigInteger(policy.budgetPerEpoch()),
                new BigInteger(carryIn), previousCumulative(), contributions());
    }
}
