package dev.govengine.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contributions.RollupMapping;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.rewards.distributor.DistributorEvent;
import dev.govengine.rewards.distributor.DistributorHistory;
import dev.govengine.rewards.lifecycle.RewardContractSources;
import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The active deployment's reward contracts indexed from a real chain: the policy in force at any block equals what
 * RewardPolicy answers at that block, rollup events become contributions under the default and a custom mapping,
 * the distributor's root lifecycle and claims are kept, and a reorg under all of it ends equal to a fresh index.
 */
@QuarkusTest
class RewardContractsIndexerTest {
    private static final Credentials VOTER = DevAccounts.account(1);
    private static final Credentials SEQUENCER = DevAccounts.account(2);
    private static final Credentials PROVER = DevAccounts.account(3);
    private static final Credentials CHALLENGER = DevAccounts.account(4);
    private static final String SEQUENCER_ADDRESS = ChecksumAddress.of(SEQUENCER.getAddress()).toString();
    private static final String PROVER_ADDRESS = ChecksumAddress.of(PROVER.getAddress()).toString();
    private static final String CHALLENGER_ADDRESS = ChecksumAddress.of(CHALLENGER.getAddress()).toString();

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ActiveDeployment active;

    @Inject
    RewardContractSources sources;

    @Inject
    PolicyHistory history;

    @Inject
    DistributorHistory distributorHistory;

    @Inject
    ReorgRollback rollback;

    @Inject
    Pool pool;

    @AfterEach
    void restoreDefaultMapping() {
        sources.useRollupMapping(RollupMapping.defaults());
    }

    @Test
    void policyHistoryEqualsTheContractAtEveryVersionsBlock() throws Exception {
        try (DaoOnAnvil dao = votingDao()) {
            active.use(dao.dao);
            coordinator.runCycle();
            List<PolicySnapshot> initial = history.versions().await().indefinitely();
            // 6 from the constructor, then 1 verifier, 3 GPU classes and 3 rollup kinds while the deployer configures it.
            assertEquals(13, initial.size());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L),
                    initial.stream().map(PolicySnapshot::version).toList());
            assertEquals(dao.dao.rewardPolicy().block(), initial.get(5).blockNumber(), "the constructor's six versions");
            for (PolicySnapshot version : initial) {
                assertMatchesChain(dao, version.blockNumber());
            }
            PolicySnapshot beforeVote = initial.get(initial.size() - 1);
            assertEquals(BigInteger.valueOf(25), beforeVote.rollupKindWeight("prover"));

            ChecksumAddress policy = dao.dao.rewardPolicy().address();
            ChecksumAddress newVerifier = ChecksumAddress.of(DevAccounts.account(5).getAddress());
            TransactionReceipt executed = dao.pass(VOTER, List.of(policy.toString(), policy.toString(), policy.toString(),
                            policy.toString(), policy.toString(), policy.toString()),
                    List.of(call("setBudgetPerEpoch", new Uint256(DaoOnAnvil.tokens(25_000))),
                            call("setRollupKindWeight", new Bytes32(Deployer.rollupKind("prover")), new Uint256(0)),
                            call("removeVerifier", new Address(DevAccounts.verifier().getAddress())),
                            call("addVerifier", new Address(newVerifier.toString())),
                            call("setGovernanceMode", new Uint8(1)),
                            call("setGpuClassWeight", new Uint8(9), new Uint256(7))),
                    "# New incentives\nA bigger budget, no more prover rewards, a new verifier.");
            long executedAt = executed.getBlockNumber().longValueExact();
            dao.anvil.mine(2);
            coordinator.runCycle();

            List<PolicySnapshot> all = history.versions().await().indefinitely();
            assertEquals(19, all.size(), "six changes, six versions");
            PolicySnapshot latest = all.get(all.size() - 1);
            assertEquals(executedAt, latest.blockNumber());
            assertMatchesChain(dao, executedAt);
            assertMatchesChain(dao, executedAt - 1);
            assertEquals(DaoOnAnvil.tokens(25_000), latest.budgetPerEpoch());
            assertEquals(BigInteger.ZERO, latest.rollupKindWeight("prover"), "weight 0 removes the kind");
            assertEquals(new TreeSet<>(List.of(newVerifier)), latest.verifiers());
            assertEquals(GovernanceMode.SQUARE_ROOT, latest.governanceMode());
            assertEquals(BigInteger.valueOf(7), latest.gpuClassWeights().get(9));

            assertEquals(Optional.of(beforeVote), history.inForceAtBlock(executedAt - 1).await().indefinitely());
            assertEquals(Optional.of(latest), history.inForceAtBlock(executedAt + 1).await().indefinitely());
            long executedTimestamp = latest.blockTimestamp();
            assertEquals(Optional.of(latest), history.inForceAtTimestamp(executedTimestamp).await().indefinitely());
            assertEquals(Optional.of(beforeVote), history.inForceAtTimestamp(executedTimestamp - 1).await().indefinitely());
            assertEquals(Optional.empty(), history.inForceAtBlock(dao.dao.rewardPolicy().block() - 1).await().indefinitely());
            assertEquals(OptionalLong.of(dao.blockNumber()), history.indexedThroughBlock().await().indefinitely());
        }
    }

    @Test
    void rollupEventsBecomeContributionsUnderTheDefaultAndACustomMapping() throws Exception {
        try (DaoOnAnvil dao = votingDao()) {
            active.use(dao.dao);
            RollupContributions asSequencer = rollup(dao, SEQUENCER);
            asSequencer.submitBatch(BigInteger.valueOf(120), new byte[32]).send();
            asSequencer.submitBatch(BigInteger.valueOf(80), new byte[32]).send();
            rollup(dao, PROVER).submitProof(BigInteger.ZERO).send();
            rollup(dao, PROVER).resolveChallenge(BigInteger.ZERO, CHALLENGER.getAddress(), true).send();
            rollup(dao, PROVER).resolveChallenge(BigInteger.ONE, SEQUENCER.getAddress(), false).send();
            coordinator.runCycle();
            assertEquals(List.of(
                    "sequencer " + SEQUENCER_ADDRESS + " 1", "sequencer " + SEQUENCER_ADDRESS + " 1",
                    "prover " + PROVER_ADDRESS + " 1", "challenger " + CHALLENGER_ADDRESS + " 1"),
                    contributions(dao), "the challenge the challenger lost earns nothing");

            sources.useRollupMapping(RollupMapping.parse(new TreeMap<>(Map.of(
                    "batch-tx", new RollupMapping.Spec(Optional.empty(), "BatchSubmitted(uint256 indexed batchIndex,"
                            + "address indexed submitter,uint txCount,bytes32 dataHash)", "submitter",
                            Optional.of("txCount"), Optional.empty()),
                    "defended", new RollupMapping.Spec(Optional.of(dao.dao.rollupContributions().address()),
                            "ChallengeResolved(uint256 indexed batchIndex,address indexed challenger,bool challengerWon)",
                            "challenger", Optional.empty(), Optional.of("challengerWon=false"))))));
            coordinator.runCycle();
            assertEquals(List.of("batch-tx " + SEQUENCER_ADDRESS + " 120", "batch-tx " + SEQUENCER_ADDRESS + " 80",
                    "defended " + SEQUENCER_ADDRESS + " 1"), contributions(dao),
                    "a new mapping re-reads the contract and replaces the old kinds' rows");
            assertEquals(1L, pool.preparedQuery("SELECT count(*) FROM source_cursor WHERE starts_with(source_id, $1)")
                    .execute(Tuple.of("rollup:eip155:" + dao.dao.chainId() + ":" + dao.dao.rollupContributions().address()))
                    .await().indefinitely().iterator().next().getLong(0), "the old mapping's cursor is gone");
        }
    }

    @Test
    void distributorRootsDisputesAndClaimsAreKept() throws Exception {
        try (DaoOnAnvil dao = votingDao()) {
            active.use(dao.dao);
            ChecksumAddress alice = ChecksumAddress.of(DevAccounts.account(6).getAddress());
            StandardMerkleTree tree = StandardMerkleTree.of(List.of(new LeafValue(alice, BigInteger.valueOf(700)),
                    new LeafValue(ChecksumAddress.of(SEQUENCER.getAddress()), BigInteger.valueOf(300))));
            RewardDistributor asEngine = distributor(dao, DevAccounts.engine());
            asEngine.proposeRoot(BigInteger.ONE, tree.root().toArray(), BigInteger.valueOf(1000), "test://1").send();
            dao.anvil.increaseTime(601);
            dao.anvil.mine(1);
            distributor(dao, DevAccounts.account(6)).claim(alice.toString(), BigInteger.valueOf(700),
                    tree.proof(alice).stream().map(b -> b.toArray()).toList()).send();
            asEngine.proposeRoot(BigInteger.TWO, Numeric.hexStringToByteArray("0x" + "02".repeat(32)), BigInteger.valueOf(2000),
                    "test://2").send();
            distributor(dao, CHALLENGER).dispute("wrong total", BigInteger.TEN.pow(18)).send();
            ChecksumAddress distributorAddress = dao.dao.rewardDistributor().address();
            dao.pass(VOTER, List.of(distributorAddress.toString()), List.of(call("resolveDispute", new Bool(false))),
                    "# Reject the root of epoch 2");
            coordinator.runCycle();

            assertEquals(BigInteger.valueOf(700), distributorHistory.claimed(alice).await().indefinitely());
            assertEquals(BigInteger.ZERO, distributorHistory.claimed(ChecksumAddress.of(SEQUENCER.getAddress()))
                    .await().indefinitely());
            List<DistributorEvent.RootEvent> first = distributorHistory.rootEvents(BigInteger.ONE).await().indefinitely();
            assertEquals(List.of("RootProposed", "RootActivated"), first.stream().map(DistributorEvent.RootEvent::event).toList(),
                    "the claim activated the matured root");
            assertEquals(tree.root().toHex(), first.get(0).root());
            assertEquals("test://1", first.get(0).dataUri());
            assertEquals(BigInteger.valueOf(1000), first.get(1).totalCumulative());
            List<DistributorEvent.RootEvent> second = distributorHistory.rootEvents(BigInteger.TWO).await().indefinitely();
            assertEquals(List.of("RootProposed", "RootDisputed", "DisputeResolved"),
                    second.stream().map(DistributorEvent.RootEvent::event).toList());
            assertEquals(ChecksumAddress.of(CHALLENGER.getAddress()), second.get(1).disputer());
            assertEquals("wrong total", second.get(1).reason());
            assertEquals(Boolean.FALSE, second.get(2).valid());
            assertEquals(ChecksumAddress.of(CHALLENGER.getAddress()), second.get(2).bondRecipient(),
                    "a rejected root's bond goes back to the disputer");
            assertEquals(BigInteger.TEN.pow(18), second.get(2).bond());

            // Epoch 3: a dispute governance leaves unruled expires after the resolution period (1800 s on devnets).
            asEngine.proposeRoot(BigInteger.valueOf(3), Numeric.hexStringToByteArray("0x" + "03".repeat(32)),
                    BigInteger.valueOf(2000), "test://3").send();
            distributor(dao, CHALLENGER).dispute("still wrong", BigInteger.TEN.pow(18)).send();
            dao.anvil.increaseTime(1800);
            dao.anvil.mine(1);
            distributor(dao, VOTER).expireDispute().send();
            // Epoch 4: the guardian (the devnet engine) pauses claims; governance cancels the pending root, unpauses,
            // sweeps five tokens of surplus and widens the epoch skip.
            asEngine.proposeRoot(BigInteger.valueOf(4), Numeric.hexStringToByteArray("0x" + "04".repeat(32)),
                    BigInteger.valueOf(2000), "test://4").send();
            asEngine.pause().send();
            String voter = ChecksumAddress.of(VOTER.getAddress()).toString();
            dao.pass(VOTER, List.of(distributorAddress.toString(), distributorAddress.toString(),
                            distributorAddress.toString(), distributorAddress.toString()),
                    List.of(call("cancelPendingRoot"), call("unpause"),
                            call("sweep", new Address(dao.dao.token().address().toString()), new Address(voter),
                                    new Uint256(5)),
                            call("setMaxEpochSkip", new Uint256(50))),
                    "# Cancel the root of epoch 4\nAnd sweep what no root can pay.");
            coordinator.runCycle();

            List<DistributorEvent.RootEvent> third = distributorHistory.rootEvents(BigInteger.valueOf(3)).await().indefinitely();
            assertEquals(List.of("RootProposed", "RootDisputed", "DisputeExpired"),
                    third.stream().map(DistributorEvent.RootEvent::event).toList());
            assertEquals(ChecksumAddress.of(CHALLENGER.getAddress()), third.get(2).bondRecipient(),
                    "an expired dispute's bond goes back to the disputer");
            assertEquals(BigInteger.TEN.pow(18), third.get(2).bond());
            List<DistributorEvent.RootEvent> fourth = distributorHistory.rootEvents(BigInteger.valueOf(4)).await().indefinitely();
            assertEquals(List.of("RootProposed", "RootCanceled"), fourth.stream().map(DistributorEvent.RootEvent::event).toList());
            assertEquals(null, fourth.get(1).disputer(), "an undisputed root was canceled");
            assertEquals(BigInteger.ZERO, fourth.get(1).bond());

            String timelock = dao.dao.timelock().address().toString();
            assertEquals(List.of(
                            "DisputePeriodSet null null 600", "ResolutionPeriodSet null null 1800",
                            "DisputeBondSet null null " + BigInteger.TEN.pow(18), "MaxEpochSkipSet null null 168",
                            "TreasurySet " + timelock + " null null",
                            "Paused " + ChecksumAddress.of(DevAccounts.engine().getAddress()) + " null null",
                            "Unpaused " + timelock + " null null",
                            "Swept " + voter + " " + dao.dao.token().address() + " 5",
                            "MaxEpochSkipSet null null 50"),
                    distributorHistory.controlEvents().await().indefinitely().stream()
                            .map(e -> e.event() + " " + e.account() + " " + e.token() + " " + e.amount()).toList(),
                    "the constructor's settings, then the guardian's pause and governance's controls");
        }
    }

    @Test
    void aReorgUnderTheRewardContractsEndsEqualToAFreshIndex() throws Exception {
        try (DaoOnAnvil dao = votingDao()) {
            active.use(dao.dao);
            rollup(dao, SEQUENCER).submitBatch(BigInteger.TEN, new byte[32]).send();
            coordinator.runCycle();
            ChecksumAddress policy = dao.dao.rewardPolicy().address();

            String beforeFork = dao.anvil.snapshot();
            dao.pass(VOTER, List.of(policy.toString()), List.of(call("setMinPayout", new Uint256(5))), "# Orphaned change");
            rollup(dao, PROVER).submitProof(BigInteger.ZERO).send();
            distributor(dao, DevAccounts.engine()).proposeRoot(BigInteger.ONE, Numeric.hexStringToByteArray("0x" + "07".repeat(32)),
                    BigInteger.ONE, "orphan").send();
            coordinator.runCycle();
            List<String> orphaned = RewardIndex.of(pool, dao);
            assertEquals(14, history.versions().await().indefinitely().size());

            dao.anvil.revert(beforeFork);
            dao.pass(VOTER, List.of(policy.toString(), policy.toString()),
                    List.of(call("setRecipientCap", new Uint16(5000)),
                            call("setEpochLength", new Uint64(7200))),
                    "# Canonical change");
            rollup(dao, CHALLENGER).submitBatch(BigInteger.ONE, new byte[32]).send();
            dao.anvil.mine(3);
            coordinator.runCycle();
            List<String> followed = RewardIndex.of(pool, dao);
            assertNotEquals(orphaned, followed);
            assertEquals(15, history.versions().await().indefinitely().size(), "the orphaned version is gone");
            assertMatchesChain(dao, dao.blockNumber());

            for (LogSource source : sources.sources()) {
                rollback.rollBack(source, null);
            }
            assertEquals(List.of(), history.versions().await().indefinitely(), "the fresh index starts empty");
            coordinator.runCycle();
            assertEquals(followed, RewardIndex.of(pool, dao), "following the reorg equals a fresh index");
            assertTrue(followed.size() > 15);
        }
    }

    /** A DAO whose only holder, {@link #VOTER}, holds enough (beside the distributor's funding) to pass any proposal alone. */
    private DaoOnAnvil votingDao() throws Exception {
        DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(VOTER, 10_000_000)));
        dao.token(VOTER).delegate(VOTER.getAddress()).send();
        dao.anvil.mine(1);
        return dao;
    }

    /** The policy the contract itself reports at {@code block}, with the indexed version's position. */
    private void assertMatchesChain(DaoOnAnvil dao, long block) throws Exception {
        PolicySnapshot indexed = history.inForceAtBlock(block).await().indefinitely().orElseThrow();
        RewardPolicy contract = RewardPolicy.load(dao.dao.rewardPolicy().address().toString(), dao.web3j,
                dao.deployer.transactionManager(DevAccounts.account(0)), dao.deployer.gasProvider());
        contract.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
        var p = contract.getPolicy().send();
        Map<Integer, BigInteger> gpu = new TreeMap<>();
        for (int i = 0; i < p.component8().size(); i++) {
            gpu.put(p.component8().get(i).intValueExact(), p.component9().get(i));
        }
        Map<String, BigInteger> kinds = new TreeMap<>();
        for (int i = 0; i < p.component10().size(); i++) {
            kinds.put(Numeric.toHexString(p.component10().get(i)), p.component11().get(i));
        }
        TreeSet<ChecksumAddress> verifiers = new TreeSet<>();
        contract.verifiers().send().forEach(v -> verifiers.add(ChecksumAddress.of((String) v)));
        PolicySnapshot onChain = new PolicySnapshot(dao.dao.chainId(), dao.dao.rewardPolicy().address(),
                p.component1().longValueExact(), indexed.blockNumber(), indexed.blockTimestamp(),
                p.component2().longValueExact(), p.component3(), p.component4().get(0).intValueExact(),
                p.component4().get(1).intValueExact(), p.component4().get(2).intValueExact(), gpu, kinds,
                p.component5().intValueExact(), p.component6(), GovernanceMode.values()[p.component7().intValueExact()],
                verifiers);
        assertEquals(onChain, indexed, "policy at block " + block);
        assertEquals(verifiers, new TreeSet<>(p.component12().stream().map(ChecksumAddress::of).toList()));
    }

    private List<String> contributions(DaoOnAnvil dao) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("""
                        SELECT kind, contributor, amount FROM rollup_contribution WHERE chain_id = $1 AND contract = $2
                        ORDER BY block_number, log_index""")
                .execute(Tuple.of(dao.dao.chainId(), dao.dao.rollupContributions().address().toString()))
                .await().indefinitely()
                .forEach(row -> rows.add(row.getString(0) + " " + row.getString(1) + " " + row.getNumeric(2)));
        return rows;
    }

    private static RollupContributions rollup(DaoOnAnvil dao, Credentials as) {
        return RollupContributions.load(dao.dao.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(as), dao.deployer.gasProvider());
    }

    private static RewardDistributor distributor(DaoOnAnvil dao, Credentials as) {
        return RewardDistributor.load(dao.dao.rewardDistributor().address().toString(), dao.web3j,
                dao.deployer.transactionManager(as), dao.deployer.gasProvider());
    }

    private static byte[] call(String name, Type<?>... arguments) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function(name, Arrays.<Type>asList(arguments), List.of())));
    }
}
