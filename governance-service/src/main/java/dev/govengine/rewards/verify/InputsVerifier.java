package dev.govengine.rewards.verify;

import dev.govengine.chain.ChainLog;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contributions.InvalidSignatureException;
import dev.govengine.contributions.ReceiptSignature;
import dev.govengine.contributions.RollupKindMapping;
import dev.govengine.contributions.RollupMapping;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.contributions.WorkReceiptDomain;
import dev.govengine.contributions.WorkReceiptHasher;
import dev.govengine.deployment.Deployment;
import dev.govengine.governance.GovernanceEvent;
import dev.govengine.governance.GovernanceLogDecoder;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.inputs.InvalidEpochInputsException;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * {@code epoch verify --inputs}: checks an epoch's published inputs document against the chain, recomputes the epoch
 * from it, and compares the result with the root the distributor holds; no database, no index, no engine. What it
 * checks, in order (docs/REWARDS.md, "Verifying from the inputs document"):
 * <ol>
 *   <li>the document is canonical, for this epoch, this chain and the deployment's contracts, and its keccak256 is
 *       the one the posted {@code dataUri} names, if it names one;</li>
 *   <li>the window's blocks: the last block before the end, and the first after the previous epoch's last;</li>
 *   <li>the policy values against {@code getPolicy()} at the epoch's last block;</li>
 *   <li>every receipt's EIP-712 signature recovers to its verifier, which is in the policy's verifier set then;</li>
 *   <li>the rollup events are exactly the mapped logs of the epoch's blocks ({@code eth_getLogs}), decoded alike;</li>
 *   <li>each counted proposal's deadline, quorum and tallies ({@code eth_call} at the last block), that it counts,
 *       that no proposal that counts is missing, that every vote log is on chain as given
 *       ({@code eth_getTransactionReceipt}), and that the vote logs add up to the tallies, so none is missing;</li>
 *   <li>the previous cumulative amounts rebuild the root the distributor holds for that epoch, when it holds one.</li>
 * </ol>
 * Blocking; one instance per run.
 */
public final class InputsVerifier {
    private static final Pattern KECCAK = Pattern.compile("#keccak256=(0x[0-9a-f]{64})$");
    private static final String ROOT_PROPOSED = EventEncoder.encode(RewardDistributor.ROOTPROPOSED_EVENT);
    private static final String PROPOSAL_CREATED = EventEncoder.encode(DaoGovernor.PROPOSALCREATED_EVENT);
    private static final int CANCELED = 2;
    private static final int SHOWN = 5;

    private final Web3j web3j;
    private final Deployment deployment;
    private final Map<String, TransactionReceipt> receipts = new HashMap<>();

    /** The outcome: the verdict, its reason, what could not be checked, and the recomputation if there was one. */
    public record Result(long epoch, EpochVerification.Verdict verdict, String reason, List<String> notes,
            Optional<EpochComputation.Result> recomputed, Optional<Bytes32> onChainRoot,
            Optional<BigInteger> onChainTotal, String keccak) {
    }

    public InputsVerifier(Web3j web3j, Deployment deployment) {
        this.web3j = web3j;
        this.deployment = deployment;
    }

    public Result verify(long epoch, byte[] document) throws Exception {
        String keccak = EpochInputs.keccak(document);
        List<String> notes = new ArrayList<>();
        EpochInputs inputs;
        try {
            inputs = EpochInputs.parse(document);
        } catch (InvalidEpochInputsException e) {
            return mismatch(epoch, List.of("the document is refused: " + e.getMessage()), notes, keccak);
        }
        List<String> differences = new ArrayList<>();
        identity(epoch, inputs, differences);
        if (!differences.isEmpty()) {
            return mismatch(epoch, differences, notes, keccak);
        }
        RewardDistributor distributor = RewardDistributor.load(deployment.rewardDistributor().address().toString(),
                web3j, new ReadonlyTransactionManager(web3j, deployment.rewardDistributor().address().toString()),
                new DefaultGasProvider());
        var onChain = distributor.epochRoot(BigInteger.valueOf(epoch)).send();
        if (new BigInteger(1, onChain.component1()).signum() == 0) {
            return new Result(epoch, EpochVerification.Verdict.CANNOT_VERIFY, "the distributor "
                    + deployment.rewardDistributor().address() + " holds no root for epoch " + epoch, notes,
                    Optional.empty(), Optional.empty(), Optional.empty(), keccak);
        }
        Bytes32 root = Bytes32.wrap(onChain.component1());
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        EpochInputs.Window window = inputs.window();
        if (window.endBlock() + 1 > head) {
            return new Result(epoch, EpochVerification.Verdict.CANNOT_VERIFY, "the node's head " + head
                    + " is not past the epoch's last block " + window.endBlock(), notes, Optional.empty(),
                    Optional.empty(), Optional.empty(), keccak);
        }
        dataUri(epoch, root, keccak, differences, notes);
        blocks(epoch, window, differences);
        Set<String> verifiers = policy(inputs, differences);
        receipts(epoch, inputs, verifiers, differences);
        rollup(inputs, differences);
        governance(inputs, differences);
        previous(epoch, inputs, distributor, differences, notes);
        notes.add("carryIn " + inputs.carryIn() + " is epoch " + (epoch - 1) + "'s carryOut, which only that epoch's"
                + " own inputs document shows");

        EpochComputation.Result result = inputs.compute();
        BigInteger total = result.cumulative().total();
        if (result.root().isEmpty()) {
            differences.add("nobody has earned anything up to epoch " + epoch + ", so it has no tree, but the"
                    + " distributor holds root " + root);
        } else if (!result.root().get().equals(root)) {
            differences.add("the distributor holds root " + root + ", the document gives " + result.root().get());
        }
        if (!total.equals(onChain.component2())) {
            differences.add("the distributor's totalCumulative is " + onChain.component2() + ", the document's "
                    + total);
        }
        if (!differences.isEmpty()) {
            return new Result(epoch, EpochVerification.Verdict.MISMATCH, String.join("; ", differences), notes,
                    Optional.of(result), Optional.of(root), Optional.of(onChain.component2()), keccak);
        }
        return new Result(epoch, EpochVerification.Verdict.MATCH, "the document agrees with the chain, and the"
                + " distributor holds the root and total computed from it", notes, Optional.of(result),
                Optional.of(root), Optional.of(onChain.component2()), keccak);
    }

    private static Result mismatch(long epoch, List<String> differences, List<String> notes, String keccak) {
        return new Result(epoch, EpochVerification.Verdict.MISMATCH, String.join("; ", differences), notes,
                Optional.empty(), Optional.empty(), Optional.empty(), keccak);
    }

    private void identity(long epoch, EpochInputs inputs, List<String> differences) {
        if (inputs.epoch() != epoch) {
            differences.add("the document is for epoch " + inputs.epoch() + ", not " + epoch);
        }
        if (inputs.chainId() != deployment.chainId()) {
            differences.add("the document is for chain id " + inputs.chainId() + ", the deployment's is "
                    + deployment.chainId());
        }
        EpochInputs.Contracts expected = new EpochInputs.Contracts(deployment.rewardPolicy().address().toString(),
                deployment.rewardDistributor().address().toString(), deployment.governor().address().toString());
        if (!expected.equals(inputs.contracts())) {
            differences.add("the document names contracts " + inputs.contracts() + ", the deployment's are " + expected);
        }
        if (!inputs.governance().governor().equals(expected.governor())) {
            differences.add("governance.governor " + inputs.governance().governor() + " is not the deployment's");
        }
    }

    /** The keccak256 named in the dataUri of the distributor's last RootProposed for this epoch and root. */
    private void dataUri(long epoch, Bytes32 root, String keccak, List<String> differences, List<String> notes)
            throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(
                deployment.rewardDistributor().block())), DefaultBlockParameterName.LATEST,
                deployment.rewardDistributor().address().lowerCase());
        filter.addSingleTopic(ROOT_PROPOSED);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        filter.addSingleTopic(root.toHex());
        String dataUri = null;
        for (EthLog.LogResult<?> found : web3j.ethGetLogs(filter).send().getLogs()) {
            Log log = (Log) found.get();
            List<Type> data = FunctionReturnDecoder.decode(log.getData(),
                    RewardDistributor.ROOTPROPOSED_EVENT.getNonIndexedParameters());
            dataUri = ((Utf8String) data.get(data.size() - 1)).getValue();
        }
        if (dataUri == null) {
            notes.add("no RootProposed log of this root was found, so no posted keccak256 was compared");
            return;
        }
        Matcher posted = KECCAK.matcher(dataUri);
        if (!posted.find()) {
            notes.add("the posted dataUri '" + dataUri + "' names no keccak256");
        } else if (!posted.group(1).equals(keccak)) {
            differences.add("the posted dataUri names keccak256 " + posted.group(1) + ", the document's is " + keccak);
        }
    }

    private void blocks(long epoch, EpochInputs.Window window, List<String> differences) throws Exception {
        long first = window.firstBlock();
        long end = window.endBlock();
        if (timestamp(end) >= window.endTimestamp() || timestamp(end + 1) < window.endTimestamp()) {
            differences.add("block " + end + " is not the last block before the window's end "
                    + window.endTimestamp());
        }
        if (epoch == 1) {
            if (first != deployment.rewardPolicy().block()) {
                differences.add("epoch 1 starts with the RewardPolicy's block " + deployment.rewardPolicy().block()
                        + ", not " + first);
            }
        } else if (timestamp(first - 1) >= window.startTimestamp() || timestamp(first) < window.startTimestamp()) {
            differences.add("block " + first + " is not the first block at or after the window's start "
                    + window.startTimestamp());
        }
    }

    private long timestamp(long block) throws Exception {
        EthBlock.Block header = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
                .send().getBlock();
        return header.getTimestamp().longValueExact();
    }

    /** Compares the policy with {@code getPolicy()} at the epoch's last block; returns the verifier set there. */
    private Set<String> policy(EpochInputs inputs, List<String> differences) throws Exception {
        RewardPolicy contract = RewardPolicy.load(deployment.rewardPolicy().address().toString(), web3j,
                new ReadonlyTransactionManager(web3j, deployment.rewardPolicy().address().toString()),
                new DefaultGasProvider());
        contract.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(inputs.window().endBlock())));
        var chain = contract.getPolicy().send();
        EpochInputs.Policy p = inputs.policy();
        List<BigInteger> split = chain.component4();
        Map<String, String> gpu = new TreeMap<>();
        for (int i = 0; i < chain.component8().size(); i++) {
            gpu.put(chain.component8().get(i).toString(), chain.component9().get(i).toString());
        }
        Map<String, BigInteger> kindsById = new HashMap<>();
        for (int i = 0; i < chain.component10().size(); i++) {
            kindsById.put(Numeric.toHexString(chain.component10().get(i)), chain.component11().get(i));
        }
        Map<String, String> kinds = new TreeMap<>();
        p.rollupKindWeights().keySet().forEach(kind -> kinds.put(kind,
                kindsById.getOrDefault(PolicySnapshot.rollupKindId(kind), BigInteger.ZERO).toString()));
        Set<String> verifiers = new HashSet<>();
        chain.component12().forEach(v -> verifiers.add(ChecksumAddress.of(v).toString()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("version", chain.component1().longValueExact());
        expected.put("budgetPerEpoch", chain.component3().toString());
        expected.put("depinBps", split.get(0).intValueExact());
        expected.put("rollupBps", split.get(1).intValueExact());
        expected.put("governanceBps", split.get(2).intValueExact());
        expected.put("recipientCapBps", chain.component5().intValueExact());
        expected.put("minPayout", chain.component6().toString());
        expected.put("governanceMode", chain.component7().signum() == 0 ? "linear" : "squareRoot");
        expected.put("gpuClassWeights", gpu);
        expected.put("rollupKindWeights", kinds);
        expected.put("verifiers", new TreeSet<>(verifiers));
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("version", p.version());
        given.put("budgetPerEpoch", p.budgetPerEpoch());
        given.put("depinBps", p.depinBps());
        given.put("rollupBps", p.rollupBps());
        given.put("governanceBps", p.governanceBps());
        given.put("recipientCapBps", p.recipientCapBps());
        given.put("minPayout", p.minPayout());
        given.put("governanceMode", p.governanceMode());
        Map<String, String> givenGpu = new TreeMap<>(p.gpuClassWeights());
        givenGpu.values().removeIf("0"::equals);
        gpu.values().removeIf("0"::equals);
        given.put("gpuClassWeights", givenGpu);
        given.put("rollupKindWeights", new TreeMap<>(p.rollupKindWeights()));
        given.put("verifiers", new TreeSet<>(p.verifiers()));
        expected.forEach((field, value) -> {
            if (!Objects.equals(value, given.get(field))) {
                differences.add("policy." + field + " is " + given.get(field) + ", RewardPolicy says " + value
                        + " at block " + inputs.window().endBlock());
            }
        });
        return verifiers;
    }

    private void receipts(long epoch, EpochInputs inputs, Set<String> verifiers, List<String> differences)
            throws Exception {
        RewardPolicy contract = RewardPolicy.load(deployment.rewardPolicy().address().toString(), web3j,
                new ReadonlyTransactionManager(web3j, deployment.rewardPolicy().address().toString()),
                new DefaultGasProvider());
        var eip712 = contract.eip712Domain().send();
        WorkReceiptHasher hasher = new WorkReceiptHasher(new WorkReceiptDomain(eip712.component2(),
                eip712.component3(), eip712.component4().longValueExact(), ChecksumAddress.of(eip712.component5())));
        Set<String> jobs = new HashSet<>();
        List<String> bad = new ArrayList<>();
        for (EpochInputs.Receipt r : inputs.receipts()) {
            String at = "receipt " + r.jobId() + ": ";
            if (!jobs.add(r.jobId())) {
                bad.add(at + "listed twice");
            }
            if (r.epoch() != epoch) {
                bad.add(at + "is for epoch " + r.epoch());
            }
            if (!verifiers.contains(r.verifier())) {
                bad.add(at + "verifier " + r.verifier() + " is not in the policy's verifier set at block "
                        + inputs.window().endBlock());
            }
            try {
                WorkReceipt receipt = new WorkReceipt(ChecksumAddress.of(r.provider()), BigInteger.valueOf(r.epoch()),
                        Bytes32.fromHex(r.jobId()), r.gpuClass(), new BigInteger(r.gpuSeconds()), r.qualityBps());
                ChecksumAddress signer = ReceiptSignature.parse(r.signature()).recover(hasher.digest(receipt));
                if (!signer.toString().equals(r.verifier())) {
                    bad.add(at + "its signature recovers to " + signer + ", not to its verifier " + r.verifier()
                            + " (a field differs from what was signed)");
                }
            } catch (InvalidSignatureException | IllegalArgumentException e) {
                bad.add(at + e.getMessage());
            }
        }
        report(bad, differences);
    }

    /** The mapped logs of the epoch's blocks, decoded by the document's mapping, must be the document's list. */
    private void rollup(EpochInputs inputs, List<String> differences) throws Exception {
        Map<ChecksumAddress, List<RollupKindMapping>> mappings = new HashMap<>();
        Set<String> topics = new TreeSet<>();
        for (EpochInputs.RollupSourceMapping source : inputs.rollupMapping()) {
            ChecksumAddress contract = ChecksumAddress.of(source.contract());
            Map<String, RollupMapping.Spec> specs = new TreeMap<>();
            source.kinds().forEach(kind -> specs.put(kind.kind(), new RollupMapping.Spec(Optional.of(contract),
                    kind.event(), kind.contributor(), Optional.ofNullable(kind.amount()), Optional.ofNullable(kind.when()))));
            List<RollupKindMapping> kinds = RollupMapping.parse(specs).kinds();
            mappings.put(contract, kinds);
            kinds.forEach(kind -> topics.add(kind.event().topic()));
        }
        List<EpochInputs.RollupLog> expected = new ArrayList<>();
        if (!mappings.isEmpty() && inputs.window().endBlock() >= inputs.window().firstBlock()) {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(inputs.window().firstBlock())),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(inputs.window().endBlock())),
                    mappings.keySet().stream().map(ChecksumAddress::lowerCase).toList());
            filter.addOptionalTopics(topics.toArray(String[]::new));
            for (EthLog.LogResult<?> found : web3j.ethGetLogs(filter).send().getLogs()) {
                ChainLog log = chainLog((Log) found.get());
                for (RollupKindMapping kind : mappings.getOrDefault(log.address(), List.of())) {
                    Optional<RollupKindMapping.Contribution> c = kind.apply(log);
                    if (c.isPresent()) {
                        expected.add(new EpochInputs.RollupLog(log.blockNumber(), log.logIndex(),
                                log.transactionHash(), log.address().toString(), c.get().kind(),
                                c.get().contributor().toString(), c.get().amount().toString()));
                        break;
                    }
                }
            }
        }
        compare("rollupEvents", expected, inputs.rollupEvents(), differences);
    }

    private void governance(EpochInputs inputs, List<String> differences) throws Exception {
        ChecksumAddress governor = deployment.governor().address();
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(inputs.window().endBlock()));
        boolean timestampClock = call(governor, new Function("CLOCK_MODE", List.of(),
                List.of(new TypeReference<Utf8String>() { })), at).map(v -> v.get(0).getValue().toString()
                .contains("mode=timestamp")).orElse(false);
        long from = timestampClock ? inputs.window().startTimestamp() : inputs.window().firstBlock();
        long to = timestampClock ? inputs.window().endTimestamp() - 1 : inputs.window().endBlock();
        List<String> bad = new ArrayList<>();
        Map<String, BigInteger> cast = new HashMap<>();
        for (EpochInputs.VoteLog vote : inputs.governance().votes()) {
            checkVoteLog(vote, false, governor, bad);
            cast.merge(vote.proposalId(), new BigInteger(vote.weight()), BigInteger::add);
        }
        for (EpochInputs.VoteLog reduction : inputs.governance().voteReductions()) {
            checkVoteLog(reduction, true, governor, bad);
            cast.merge(reduction.proposalId(), new BigInteger(reduction.weight()).negate(), BigInteger::add);
        }
        Set<String> listed = new HashSet<>();
        for (EpochInputs.Proposal p : inputs.governance().proposals()) {
            listed.add(p.proposalId());
            Facts facts = facts(governor, new BigInteger(p.proposalId()), at);
            EpochInputs.Proposal onChain = new EpochInputs.Proposal(p.proposalId(), facts.deadline.toString(),
                    facts.quorum.toString(), facts.forVotes.toString(), facts.against.toString(),
                    facts.abstain.toString());
            if (!onChain.equals(p)) {
                bad.add("proposal " + p.proposalId() + ": the document has " + p + ", the Governor answers " + onChain
                        + " at block " + inputs.window().endBlock());
            }
            if (!facts.counts(from, to)) {
                bad.add("proposal " + p.proposalId() + " does not count in this epoch (deadline " + facts.deadline
                        + ", state " + facts.state + ", quorum " + facts.quorum + ")");
            }
            BigInteger tallied = facts.forVotes.add(facts.against).add(facts.abstain);
            BigInteger logged = cast.getOrDefault(p.proposalId(), BigInteger.ZERO);
            if (!tallied.equals(logged)) {
                bad.add("proposal " + p.proposalId() + ": its vote logs add up to " + logged + ", its tallies to "
                        + tallied + " (a vote is missing or extra)");
            }
        }
        cast.keySet().stream().filter(id -> !listed.contains(id)).forEach(id ->
                bad.add("vote logs of proposal " + id + ", which is not among the counted proposals"));
        EthFilter created = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(deployment.governor().block())),
                at, governor.lowerCase());
        created.addSingleTopic(PROPOSAL_CREATED);
        for (EthLog.LogResult<?> found : web3j.ethGetLogs(created).send().getLogs()) {
            Log log = (Log) found.get();
            BigInteger id = (BigInteger) FunctionReturnDecoder.decode(log.getData(),
                    DaoGovernor.PROPOSALCREATED_EVENT.getNonIndexedParameters()).get(0).getValue();
            if (!listed.contains(id.toString()) && facts(governor, id, at).counts(from, to)) {
                bad.add("proposal " + id + " counts in this epoch but is missing");
            }
        }
        report(bad, differences);
    }

    private void checkVoteLog(EpochInputs.VoteLog given, boolean reduction, ChecksumAddress governor, List<String> bad)
            throws Exception {
        String what = (reduction ? "VoteReduced" : "vote") + " log " + given.txHash() + "#" + given.logIndex() + ": ";
        TransactionReceipt receipt = receipts.get(given.txHash());
        if (receipt == null) {
            receipt = web3j.ethGetTransactionReceipt(given.txHash()).send().getTransactionReceipt().orElse(null);
            if (receipt == null) {
                bad.add(what + "no such transaction");
                return;
            }
            receipts.put(given.txHash(), receipt);
        }
        Optional<Log> log = receipt.getLogs().stream()
                .filter(l -> l.getLogIndex().intValueExact() == given.logIndex()).findFirst();
        Optional<GovernanceEvent> event = log.map(InputsVerifier::chainLog)
                .flatMap(l -> GovernanceLogDecoder.decode(l, 0, governor, null));
        EpochInputs.VoteLog onChain = null;
        if (event.isPresent() && event.get() instanceof GovernanceEvent.VoteCast v && !reduction) {
            onChain = new EpochInputs.VoteLog(v.position().blockNumber(), given.logIndex(), given.txHash(),
                    v.proposalId().toString(), v.voter().toString(), v.support(), v.weight().toString());
        } else if (event.isPresent() && event.get() instanceof GovernanceEvent.VoteReduced r && reduction) {
            onChain = new EpochInputs.VoteLog(r.position().blockNumber(), given.logIndex(), given.txHash(),
                    r.proposalId().toString(), r.delegate().toString(), r.support(), r.weight().toString());
        }
        if (onChain == null) {
            bad.add(what + "is not a " + (reduction ? "VoteReduced" : "vote") + " log of the Governor");
        } else if (!onChain.equals(given)) {
            bad.add(what + "the document has " + given + ", the chain " + onChain);
        }
    }

    /** A proposal as the Governor answers at the epoch's last block. */
    private record Facts(BigInteger deadline, int state, BigInteger quorum, BigInteger against, BigInteger forVotes,
            BigInteger abstain) {
        /** OpenZeppelin's counting: for plus abstain votes count towards quorum. */
        boolean counts(long from, long to) {
            return deadline.compareTo(BigInteger.valueOf(from)) >= 0 && deadline.compareTo(BigInteger.valueOf(to)) <= 0
                    && state != CANCELED && forVotes.add(abstain).compareTo(quorum) >= 0;
        }
    }

    private Facts facts(ChecksumAddress governor, BigInteger id, DefaultBlockParameter at) throws Exception {
        List<Type> proposal = List.of(new Uint256(id));
        BigInteger deadline = uint(governor, "proposalDeadline", proposal, at);
        BigInteger snapshot = uint(governor, "proposalSnapshot", proposal, at);
        int state = uint(governor, "state", proposal, at).intValueExact();
        BigInteger quorum = uint(governor, "quorum", List.of(new Uint256(snapshot)), at);
        List<Type> votes = call(governor, new Function("proposalVotes", proposal, List.of(
                new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { })),
                at).orElseThrow(() -> new IllegalStateException("the Governor " + governor
                        + " does not answer proposalVotes(" + id + ")"));
        return new Facts(deadline, state, quorum, (BigInteger) votes.get(0).getValue(),
                (BigInteger) votes.get(1).getValue(), (BigInteger) votes.get(2).getValue());
    }

    private BigInteger uint(ChecksumAddress contract, String name, List<Type> arguments, DefaultBlockParameter at)
            throws Exception {
        TypeReference<?> out = name.equals("state") ? new TypeReference<Uint8>() { } : new TypeReference<Uint256>() { };
        return (BigInteger) call(contract, new Function(name, arguments, List.of(out)), at)
                .orElseThrow(() -> new IllegalStateException("the Governor " + contract + " does not answer " + name
                        + arguments.stream().map(a -> a.getValue().toString()).toList()))
                .get(0).getValue();
    }

    /** An eth_call's decoded answer; empty when it reverts or answers nothing. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private Optional<List<Type>> call(ChecksumAddress contract, Function function, DefaultBlockParameter at)
            throws Exception {
        EthCall answer = web3j.ethCall(Transaction.createEthCallTransaction(null, contract.lowerCase(),
                FunctionEncoder.encode(function)), at).send();
        if (answer.hasError() || answer.isReverted() || answer.getValue() == null || answer.getValue().equals("0x")) {
            return Optional.empty();
        }
        return Optional.of((List) FunctionReturnDecoder.decode(answer.getValue(), function.getOutputParameters()));
    }

    /** The previous cumulative amounts must rebuild their root, and it must be the distributor's for that epoch. */
    private void previous(long epoch, EpochInputs inputs, RewardDistributor distributor, List<String> differences,
            List<String> notes) throws Exception {
        EpochInputs.Previous previous = inputs.previous();
        if (previous.epoch() == null) {
            if (!previous.cumulative().isEmpty() || previous.root() != null) {
                differences.add("previous: amounts or a root without a previous epoch");
            } else if (epoch > 1) {
                notes.add("the document says no earlier epoch paid anyone");
            }
            return;
        }
        if (previous.epoch() >= epoch || previous.epoch() < 1) {
            differences.add("previous.epoch " + previous.epoch() + " is not an earlier epoch");
            return;
        }
        if (previous.cumulative().isEmpty()) {
            differences.add("previous: epoch " + previous.epoch() + " has a tree, so it has amounts");
            return;
        }
        Bytes32 rebuilt = StandardMerkleTree.of(previous.cumulative().stream().map(a -> new LeafValue(
                ChecksumAddress.of(a.account()), new BigInteger(a.amount()))).toList()).root();
        if (!rebuilt.toHex().equals(previous.root())) {
            differences.add("previous.cumulative rebuilds root " + rebuilt + ", not previous.root " + previous.root());
            return;
        }
        var held = distributor.epochRoot(BigInteger.valueOf(previous.epoch())).send();
        if (new BigInteger(1, held.component1()).signum() == 0) {
            notes.add("the distributor holds no root for epoch " + previous.epoch() + " (covered by a later root),"
                    + " so previous.cumulative was checked against nothing on chain");
        } else if (!Bytes32.wrap(held.component1()).equals(rebuilt)) {
            differences.add("previous.cumulative rebuilds root " + rebuilt + ", the distributor holds "
                    + Bytes32.wrap(held.component1()) + " for epoch " + previous.epoch());
        }
    }

    private static <T> void compare(String field, List<T> expected, List<T> given, List<String> differences) {
        List<String> bad = new ArrayList<>();
        for (T item : given) {
            if (!expected.contains(item)) {
                bad.add(field + ": the document lists " + item + ", which the chain does not show");
            }
        }
        for (T item : expected) {
            if (!given.contains(item)) {
                bad.add(field + ": the chain shows " + item + ", which the document does not list");
            }
        }
        report(bad, differences);
    }

    /** Adds the first few findings, and how many more there were. */
    private static void report(List<String> bad, List<String> differences) {
        differences.addAll(bad.subList(0, Math.min(SHOWN, bad.size())));
        if (bad.size() > SHOWN) {
            differences.add("and " + (bad.size() - SHOWN) + " more like these");
        }
    }

    private static ChainLog chainLog(Log log) {
        return new ChainLog(ChecksumAddress.of(log.getAddress()), log.getTopics(), log.getData(),
                log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getTransactionHash(),
                log.getLogIndex().intValueExact());
    }
}
