package dev.govengine.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.Comp;
import dev.govengine.contracts.generated.CompoundTimelockGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.GovernorAlpha;
import dev.govengine.contracts.generated.GovernorBravoDelegate;
import dev.govengine.contracts.generated.GovernorBravoDelegator;
import dev.govengine.contracts.generated.Timelock;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple10;
import org.web3j.utils.Numeric;

/**
 * Compound's GovernorBravo, deployed from Compound's own sources (contracts/test/compound, solc 0.5.16) with its COMP
 * token and Timelock, and OpenZeppelin's GovernorTimelockCompound behind that Timelock: the index serves what the
 * contracts answer (state(), proposals(id), quorumVotes(), getPriorVotes(), proposalEta()) at the indexed head.
 * Time passes by setting block timestamps (the Timelock's delay and grace period are in seconds). Bravo's voting
 * period is at least 5760 blocks, which Anvil mines in about 40 s, so the test writes a shorter one into the
 * delegator's storage before the first proposal; every state is still computed by Compound's code.
 */
@QuarkusTest
class GovernorBravoIndexerTest {
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials ALICE = DevAccounts.account(1);
    private static final Credentials BOB = DevAccounts.account(2);
    private static final Credentials CAROL = DevAccounts.account(3);
    private static final Credentials DAVE = DevAccounts.account(4);
    private static final Credentials ERIN = DevAccounts.account(5);
    private static final long TIMELOCK_DELAY = 2 * 24 * 3600;
    private static final long GRACE_PERIOD = 14 * 24 * 3600;
    /** GovernorBravoDelegate's MIN_VOTING_PERIOD, in blocks: the least initialize() accepts. */
    private static final long BRAVO_MIN_VOTING_PERIOD = 5760;
    /** The voting period the test runs with, in blocks. */
    private static final long BRAVO_VOTING_PERIOD = 40;
    /** votingPeriod's slot: admin, pendingAdmin, implementation (GovernorBravoDelegatorStorage), votingDelay, then it. */
    private static final long VOTING_PERIOD_SLOT = 4;
    private static final int FOR = 1;
    private static final int AGAINST = 0;
    private static final int ABSTAIN = 2;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    @Inject
    Pool pool;

    private Web3j web3j;
    private Deployer deployer;
    private AnvilControl anvil;

    @BeforeEach
    void connect() {
        HttpService rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void aBravoDaoIsIndexedAsItsContractsAnswer() throws Exception {
        Comp comp = Comp.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                DEPLOYER.getAddress()).send();
        long startBlock = comp.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        List<Long> holdings = List.of(500_000L, 300_000L, 100_000L, 10_000L);
        List<Credentials> holders = List.of(ALICE, BOB, CAROL, DAVE);
        for (int i = 0; i < holders.size(); i++) {
            comp.transfer(holders.get(i).getAddress(), DaoOnAnvil.tokens(holdings.get(i))).send();
            as(comp, holders.get(i)).delegate(holders.get(i).getAddress()).send();
        }
        Timelock timelock = Timelock.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                DEPLOYER.getAddress(), BigInteger.valueOf(TIMELOCK_DELAY)).send();

        // As on mainnet, Bravo continues GovernorAlpha's proposal count (_initiate), and takes the Timelock over
        // from it; here the Timelock's first admin hands it over by a transaction through itself.
        GovernorAlpha alpha = GovernorAlpha.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                timelock.getContractAddress(), comp.getContractAddress(), DEPLOYER.getAddress()).send();
        GovernorAlpha.load(alpha.getContractAddress(), web3j, deployer.transactionManager(ALICE),
                deployer.gasProvider()).propose(List.of(comp.getContractAddress()), List.of(BigInteger.ZERO),
                List.of("approve(address,uint256)"), List.of(args(DAVE, 1)), "Alpha's only proposal").send();
        GovernorBravoDelegate implementation = GovernorBravoDelegate.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider())
                .send();
        GovernorBravoDelegator delegator = GovernorBravoDelegator.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                timelock.getContractAddress(), comp.getContractAddress(), DEPLOYER.getAddress(),
                implementation.getContractAddress(), BigInteger.valueOf(BRAVO_MIN_VOTING_PERIOD), BigInteger.ONE,
                DaoOnAnvil.tokens(1_000)).send();
        String bravoAddress = delegator.getContractAddress();
        anvil.setStorageAt(bravoAddress, VOTING_PERIOD_SLOT, BigInteger.valueOf(BRAVO_VOTING_PERIOD));
        handOver(timelock, bravoAddress);
        GovernorBravoDelegate bravo = bravo(bravoAddress, DEPLOYER);
        assertEquals(BigInteger.valueOf(BRAVO_VOTING_PERIOD), bravo.votingPeriod().send());
        bravo._initiate(alpha.getContractAddress()).send();

        IndexedGovernor indexed = registry.register(IndexedGovernor.of("bravo", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(bravoAddress), startBlock));
        IndexedGovernor alphaIndexed = registry.register(IndexedGovernor.of("alpha", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(alpha.getContractAddress()), startBlock));

        // One live proposal per proposer: four proposers.
        String approveDave = FunctionEncoder.encode(new Function("approve",
                List.of(new Address(DAVE.getAddress()), new Uint256(7)), List.of()));
        BigInteger executed = propose(bravo(bravoAddress, ALICE), List.of(
                action(comp, "approve(address,uint256)", args(DAVE, 7)),
                // Without a signature the calldata is the whole call, as OpenZeppelin's.
                action(comp, "", Numeric.hexStringToByteArray(approveDave))), "# Approve Dave\ntwice");
        BigInteger defeated = propose(bravo(bravoAddress, BOB),
                List.of(action(comp, "approve(address,uint256)", args(CAROL, 1))), "# Defeated");
        BigInteger canceled = propose(bravo(bravoAddress, CAROL),
                List.of(action(comp, "transfer(address,uint256)", args(CAROL, 1))), "# Canceled");
        BigInteger expired = propose(bravo(bravoAddress, DAVE),
                List.of(action(comp, "approve(address,uint256)", args(ALICE, 2))), "# Expired");
        assertEquals(BigInteger.TWO, executed, "Bravo continues Alpha's count");
        anvil.mine(1);

        vote(bravoAddress, ALICE, executed, FOR, "");
        vote(bravoAddress, BOB, executed, AGAINST, "");
        vote(bravoAddress, ALICE, defeated, AGAINST, "");
        vote(bravoAddress, BOB, defeated, FOR, "");
        vote(bravoAddress, ALICE, expired, FOR, "");
        vote(bravoAddress, CAROL, expired, ABSTAIN, "no view");
        vote(bravoAddress, DAVE, canceled, FOR, "");
        bravo(bravoAddress, CAROL).cancel(canceled).send();
        List<BigInteger> proposals = List.of(executed, defeated, canceled, expired);
        coordinator.runCycle();
        assertEquals(ProposalState.ACTIVE, chainState(bravo.state(executed).send()));
        assertEquals(ProposalState.CANCELED, chainState(bravo.state(canceled).send()));
        assertIndexEqualsChain(indexed, bravo, proposals);

        anvil.mine(bravo.proposals(expired).send().component5().longValueExact() + 1 - blockNumber());
        coordinator.runCycle();
        assertEquals(ProposalState.SUCCEEDED, chainState(bravo.state(executed).send()));
        assertEquals(ProposalState.DEFEATED, chainState(bravo.state(defeated).send()));
        assertIndexEqualsChain(indexed, bravo, proposals);

        bravo.queue(executed).send();
        bravo.queue(expired).send();
        coordinator.runCycle();
        assertEquals(ProposalState.QUEUED, chainState(bravo.state(expired).send()));
        assertIndexEqualsChain(indexed, bravo, proposals);

        anvil.setNextBlockTimestamp(bravo.proposals(executed).send().component3().longValueExact());
        bravo.execute(executed, BigInteger.ZERO).send();
        anvil.setNextBlockTimestamp(bravo.proposals(expired).send().component3().longValueExact() + GRACE_PERIOD);
        anvil.mine(1);
        assertEquals(ProposalState.EXECUTED, chainState(bravo.state(executed).send()));
        assertEquals(ProposalState.EXPIRED, chainState(bravo.state(expired).send()));
        assertEquals(BigInteger.valueOf(7), comp.allowance(timelock.getContractAddress(), DAVE.getAddress()).send());

        // A vote still open, with a reason and an abstention; and the admin's changes.
        BigInteger active = propose(bravo(bravoAddress, ALICE),
                List.of(action(comp, "approve(address,uint256)", args(BOB, 3))), "# Active");
        anvil.mine(1);
        vote(bravoAddress, BOB, active, FOR, "for the record");
        vote(bravoAddress, CAROL, active, ABSTAIN, "");
        bravo._setVotingDelay(BigInteger.TWO).send();
        bravo._setWhitelistGuardian(ERIN.getAddress()).send();
        bravo._setWhitelistAccountExpiration(DAVE.getAddress(), BigInteger.valueOf(4_000_000_000L)).send();
        bravo._setPendingAdmin(ERIN.getAddress()).send();
        bravo(bravoAddress, ERIN)._acceptAdmin().send();
        coordinator.runCycle();
        assertEquals(ProposalState.ACTIVE, chainState(bravo.state(active).send()));
        List<BigInteger> all = new ArrayList<>(proposals);
        all.add(active);
        assertIndexEqualsChain(indexed, bravo, all);

        // Actions: the full call the Timelock makes, with the signature the proposal named.
        JsonPath answer = graphql("""
                query($governor: ID!, $proposal: String!) {
                  proposal(governor: $governor, proposalId: $proposal) {
                    actions { target value calldata signature decoded { function arguments { name type value } } }
                  }
                }""", Map.of("governor", indexed.id(), "proposal", executed.toString()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        List<Map<String, Object>> actions = answer.getList("data.proposal.actions");
        assertEquals(2, actions.size());
        for (Map<String, Object> action : actions) {
            assertEquals(approveDave, action.get("calldata"));
            assertEquals("approve(address,uint256)", action.get("signature"));
            assertEquals(ChecksumAddress.of(comp.getContractAddress()).toString(), action.get("target"));
            // The declared signature is an ERC-20 function a known ABI declares: its parameters have names.
            assertEquals(Map.of("function", "approve", "arguments", List.of(
                            Map.of("name", "spender", "type", "address", "value",
                                    ChecksumAddress.of(DAVE.getAddress()).toString()),
                            Map.of("name", "value", "type", "uint256", "value", "7"))),
                    action.get("decoded"));
        }
        var onChainActions = bravo.getActions(executed).send();
        String declared = onChainActions.component3().get(0);
        assertEquals(Numeric.toHexString(Hash.sha3(declared.getBytes(StandardCharsets.UTF_8))).substring(0, 10)
                + Numeric.toHexStringNoPrefix(onChainActions.component4().get(0)), actions.get(0).get("calldata"),
                "the Timelock prepends the signature's selector to the proposed arguments");

        // Voting power at past blocks, as the Comp token's getPriorVotes answers.
        long head = blockNumber() - 1;
        for (Credentials holder : holders) {
            for (long block : List.of(startBlock, startBlock + 3, startBlock + 8, head)) {
                assertEquals(comp.getPriorVotes(holder.getAddress(), BigInteger.valueOf(block)).send(),
                        queries.votingPowerAt(indexed.id(), ChecksumAddress.of(holder.getAddress()),
                                BigInteger.valueOf(block)).await().indefinitely(),
                        "voting power of " + holder.getAddress() + " at " + block);
            }
        }

        assertEquals("bravo", governorColumn(indexed, "family"));
        assertEquals("2", governorColumn(indexed, "voting_delay"));
        assertEquals(List.of(
                "implementation " + ChecksumAddress.of(implementation.getContractAddress()),
                "voting_delay 2",
                "whitelist_guardian " + ChecksumAddress.of(ERIN.getAddress()),
                "whitelist_account_expiration 4000000000 for " + ChecksumAddress.of(DAVE.getAddress()),
                "pending_admin " + ChecksumAddress.of(ERIN.getAddress()),
                "admin " + ChecksumAddress.of(ERIN.getAddress()),
                "pending_admin 0x0000000000000000000000000000000000000000"), settingChanges(indexed));
        // The hand-over; the cancel, which Bravo sends to the Timelock even for an action never queued; then the
        // three queued actions and the two executed.
        assertEquals(List.of("QueueTransaction", "ExecuteTransaction", "CancelTransaction", "QueueTransaction",
                "QueueTransaction", "QueueTransaction", "ExecuteTransaction", "ExecuteTransaction"),
                timelockEvents(indexed));

        assertTrue(governorColumn(alphaIndexed, "sync_error").contains("GovernorAlpha"),
                () -> "Alpha is refused by name: " + governorColumn(alphaIndexed, "sync_error"));
        registry.unregister(alphaIndexed.id());
    }

    @Test
    void aProposalQueuedInACompoundTimelockExpiresAsTheGovernorSays() throws Exception {
        GovernanceToken token = GovernanceToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Expiring", "EXP", DEPLOYER.getAddress()).send();
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        token.mint(ALICE.getAddress(), DaoOnAnvil.tokens(40)).send();
        GovernanceToken.load(token.getContractAddress(), web3j, deployer.transactionManager(ALICE),
                deployer.gasProvider()).delegate(ALICE.getAddress()).send();
        Timelock timelock = Timelock.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                DEPLOYER.getAddress(), BigInteger.valueOf(TIMELOCK_DELAY)).send();
        CompoundTimelockGovernor governor = CompoundTimelockGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                "Compound Timelock Governor", token.getContractAddress(), timelock.getContractAddress(),
                BigInteger.ONE, BigInteger.valueOf(10), BigInteger.valueOf(4)).send();
        handOver(timelock, governor.getContractAddress());
        governor.__acceptAdmin().send();
        CompoundTimelockGovernor asAlice = CompoundTimelockGovernor.load(governor.getContractAddress(), web3j,
                deployer.transactionManager(ALICE), deployer.gasProvider());
        List<String> targets = List.of(token.getContractAddress());
        List<BigInteger> values = List.of(BigInteger.ZERO);
        List<byte[]> calldatas = List.of(Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("approve",
                List.of(new Address(BOB.getAddress()), new Uint256(1)), List.of()))));
        String description = "# Left to expire";
        BigInteger proposal = CompoundTimelockGovernor.getProposalCreatedEvents(
                asAlice.propose(targets, values, calldatas, description).send()).get(0).proposalId;
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("compound-timelock", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(governor.getContractAddress()), startBlock));
        anvil.mine(2);
        asAlice.castVote(proposal, BigInteger.ONE).send();
        anvil.mine(governor.proposalDeadline(proposal).send().longValueExact() + 1 - blockNumber());
        asAlice.queue(targets, values, calldatas, Hash.sha3(description.getBytes(StandardCharsets.UTF_8))).send();
        coordinator.runCycle();
        assertEquals(ProposalState.QUEUED, chainState(governor.state(proposal).send()));
        assertEquals(ProposalState.QUEUED, queries.state(indexed.id(), proposal).await().indefinitely().orElseThrow());

        BigInteger eta = governor.proposalEta(proposal).send();
        anvil.setNextBlockTimestamp(eta.longValueExact() + GRACE_PERIOD);
        anvil.mine(1);
        coordinator.runCycle();
        assertEquals(ProposalState.EXPIRED, chainState(governor.state(proposal).send()));
        ProposalRecord record = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
        assertEquals(ProposalState.EXPIRED, record.state());
        assertEquals(eta, record.eta());
        assertEquals("openzeppelin", governorColumn(indexed, "family"));
        assertEquals(List.of("QueueTransaction", "ExecuteTransaction", "QueueTransaction"), timelockEvents(indexed),
                "the hand-over, then the proposal's one action");
    }

    private void assertIndexEqualsChain(IndexedGovernor indexed, GovernorBravoDelegate bravo,
            List<BigInteger> proposals) throws Exception {
        BigInteger quorumVotes = bravo.quorumVotes().send();
        for (BigInteger id : proposals) {
            ProposalRecord record = queries.proposal(indexed.id(), id).await().indefinitely().orElseThrow();
            Tuple10<BigInteger, String, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger,
                    Boolean, Boolean> onChain = bravo.proposals(id).send();
            assertEquals(chainState(bravo.state(id).send()), record.state(), "state of " + id);
            assertEquals(onChain.component6(), record.tally().forVotes(), "for of " + id);
            assertEquals(onChain.component7(), record.tally().against(), "against of " + id);
            assertEquals(onChain.component8(), record.tally().abstain(), "abstain of " + id);
            assertEquals(onChain.component4(), record.voteStart(), "start block of " + id);
            assertEquals(onChain.component5(), record.voteEnd(), "end block of " + id);
            assertEquals(onChain.component3().signum() == 0 ? null : onChain.component3(), record.eta(), "eta of " + id);
            assertEquals(quorumVotes, record.quorum(), "quorum of " + id);
        }
    }

    /** Sets the Timelock's pending admin by a transaction through itself, the only way its sources allow. */
    private void handOver(Timelock timelock, String newAdmin) throws Exception {
        long now = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact() + 1;
        BigInteger eta = BigInteger.valueOf(now + TIMELOCK_DELAY);
        byte[] data = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(new Address(newAdmin))));
        anvil.setNextBlockTimestamp(now);
        timelock.queueTransaction(timelock.getContractAddress(), BigInteger.ZERO, "setPendingAdmin(address)", data,
                eta).send();
        anvil.setNextBlockTimestamp(eta.longValueExact());
        timelock.executeTransaction(timelock.getContractAddress(), BigInteger.ZERO, "setPendingAdmin(address)", data,
                eta, BigInteger.ZERO).send();
    }

    private record Action(String target, String signature, byte[] calldata) {
    }

    private static Action action(Comp target, String signature, byte[] calldata) {
        return new Action(target.getContractAddress(), signature, calldata);
    }

    private static byte[] args(Credentials account, long amount) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(
                List.of(new Address(account.getAddress()), new Uint256(amount))));
    }

    private static BigInteger propose(GovernorBravoDelegate bravo, List<Action> actions, String description)
            throws Exception {
        TransactionReceipt receipt = bravo.propose(actions.stream().map(Action::target).toList(),
                actions.stream().map(a -> BigInteger.ZERO).toList(), actions.stream().map(Action::signature).toList(),
                actions.stream().map(Action::calldata).toList(), description).send();
        return GovernorBravoDelegate.getProposalCreatedEvents(receipt).get(0).id;
    }

    private void vote(String bravoAddress, Credentials voter, BigInteger proposal, int support, String reason)
            throws Exception {
        GovernorBravoDelegate asVoter = bravo(bravoAddress, voter);
        if (reason.isEmpty()) {
            asVoter.castVote(proposal, BigInteger.valueOf(support)).send();
        } else {
            asVoter.castVoteWithReason(proposal, BigInteger.valueOf(support), reason).send();
        }
    }

    private GovernorBravoDelegate bravo(String address, Credentials as) {
        return GovernorBravoDelegate.load(address, web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private Comp as(Comp comp, Credentials holder) {
        return Comp.load(comp.getContractAddress(), web3j, deployer.transactionManager(holder), deployer.gasProvider());
    }

    private String governorColumn(IndexedGovernor governor, String column) {
        return pool.preparedQuery("SELECT " + column + "::text FROM governor WHERE id = $1")
                .execute(Tuple.of(governor.id())).await().indefinitely().iterator().next().getString(0);
    }

    private List<String> settingChanges(IndexedGovernor governor) {
        List<String> changes = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT setting, new_value, account FROM governor_setting_change WHERE governor_id = $1
                ORDER BY block_number, log_index""").execute(Tuple.of(governor.id())).await().indefinitely()) {
            changes.add(row.getString(0) + " " + row.getString(1)
                    + (row.getString(2) == null ? "" : " for " + row.getString(2)));
        }
        return changes;
    }

    private List<String> timelockEvents(IndexedGovernor governor) {
        List<String> events = new ArrayList<>();
        pool.preparedQuery("""
                SELECT event FROM timelock_operation_event WHERE governor_id = $1 ORDER BY block_number, log_index""")
                .execute(Tuple.of(governor.id())).await().indefinitely().forEach(row -> events.add(row.getString(0)));
        return events;
    }

    private static ProposalState chainState(BigInteger state) {
        return ProposalState.values()[state.intValueExact()];
    }

    private long blockNumber() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private static JsonPath graphql(String query, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
