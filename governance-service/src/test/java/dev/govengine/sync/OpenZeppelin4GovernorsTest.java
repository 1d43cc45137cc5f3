package dev.govengine.sync;

import static dev.govengine.persistence.Numerics.numeric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.Oz48Governor;
import dev.govengine.contracts.generated.Oz48Timelock;
import dev.govengine.contracts.generated.Oz49Governor;
import dev.govengine.contracts.generated.Oz49Timelock;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ClockMode;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.GovernorRecord;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/**
 * OpenZeppelin 4.9 and 4.8 Governors with their own TimelockControllers, as DAOs deployed before 5.0 still run them.
 * 4.x salts the timelock operation with the description hash alone, so a proposal executed or cancelled directly on
 * the timelock is only seen under that id; 4.8 has no ERC-6372 clock; 4.x's proposalEta answers 0 once executed.
 * The index must equal the Governor's own answers, and, where no answer is stored, derive the same states from the
 * events.
 */
@QuarkusTest
class OpenZeppelin4GovernorsTest {
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials ALICE = DevAccounts.account(1);
    private static final Credentials BOB = DevAccounts.account(2);
    private static final BigInteger TIMELOCK_DELAY = BigInteger.valueOf(60);
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(30);
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    /** The call every proposal makes: the token's name(), which succeeds and changes nothing. */
    private static final byte[] NAME_CALL = Numeric.hexStringToByteArray("0x06fdde03");

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
    void openZeppelin49And48GovernorsAreIndexedAsTheyAnswer() throws Exception {
        GovernanceToken token = GovernanceToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Four", "FOUR", DEPLOYER.getAddress()).send();
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        for (Credentials holder : List.of(ALICE, BOB)) {
            token.mint(holder.getAddress(), DaoOnAnvil.tokens(40)).send();
            GovernanceToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holder),
                    deployer.gasProvider()).delegate(holder.getAddress()).send();
        }

        // 4.8's TimelockController and Governor have 4.9's ABI for everything used here, so 4.9's wrappers drive both.
        Oz49Timelock timelock49 = Oz49Timelock.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), TIMELOCK_DELAY, List.of(), List.of(ZERO_ADDRESS), DEPLOYER.getAddress()).send();
        Oz49Governor governor49 = Oz49Governor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), token.getContractAddress(), timelock49.getContractAddress(), BigInteger.ONE,
                VOTING_PERIOD, BigInteger.TEN).send();
        String timelock48 = Oz48Timelock.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                TIMELOCK_DELAY, List.of(), List.of(ZERO_ADDRESS), DEPLOYER.getAddress()).send().getContractAddress();
        String governor48 = Oz48Governor.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                token.getContractAddress(), timelock48, BigInteger.ONE, VOTING_PERIOD, BigInteger.TEN).send()
                .getContractAddress();
        List<Version> versions = List.of(
                new Version("oz-4.9", governor49.getContractAddress(), timelock49.getContractAddress()),
                new Version("oz-4.8", governor48, timelock48));

        for (Version version : versions) {
            Oz49Timelock asAdmin = timelock(version, DEPLOYER);
            asAdmin.grantRole(asAdmin.PROPOSER_ROLE().send(), version.governor()).send();
            asAdmin.grantRole(asAdmin.CANCELLER_ROLE().send(), DEPLOYER.getAddress()).send();
            version.indexed = registry.register(IndexedGovernor.of(version.name(), AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, ChecksumAddress.of(version.governor()), startBlock));
            for (String description : List.of(version.viaGovernor(), version.onTimelock(), version.vetoed())) {
                governor(version, ALICE).propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                        List.of(NAME_CALL), description).send();
                version.proposals.add(proposalId(version, token, description));
            }
        }
        anvil.mine(2);
        for (Version version : versions) {
            for (BigInteger proposal : version.proposals) {
                governor(version, ALICE).castVote(proposal, BigInteger.ONE).send();
                governor(version, BOB).castVote(proposal, BigInteger.ZERO).send();
            }
        }
        coordinator.runCycle();
        for (Version version : versions) {
            assertIndexEqualsChain(version, ProposalState.ACTIVE, ProposalState.ACTIVE, ProposalState.ACTIVE);
        }

        anvil.mine(VOTING_PERIOD.longValueExact());
        // Alice's for-votes tie Bob's against-votes, so every proposal is defeated: the 4.x timelock salt is proven on
        // a second round below, where Bob abstains.
        coordinator.runCycle();
        for (Version version : versions) {
            assertIndexEqualsChain(version, ProposalState.DEFEATED, ProposalState.DEFEATED, ProposalState.DEFEATED);
            version.proposals.clear();
            for (String description : List.of(version.viaGovernor(), version.onTimelock(), version.vetoed())) {
                governor(version, ALICE).propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                        List.of(NAME_CALL), description + " (again)").send();
                version.proposals.add(proposalId(version, token, description + " (again)"));
            }
        }
        anvil.mine(2);
        for (Version version : versions) {
            for (BigInteger proposal : version.proposals) {
                governor(version, ALICE).castVote(proposal, BigInteger.ONE).send();
                governor(version, BOB).castVote(proposal, BigInteger.TWO).send();
            }
        }
        anvil.mine(VOTING_PERIOD.longValueExact());
        for (Version version : versions) {
            for (String description : version.descriptions()) {
                governor(version, ALICE).queue(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                        List.of(NAME_CALL), descriptionHash(description)).send();
            }
        }
        coordinator.runCycle();
        for (Version version : versions) {
            assertIndexEqualsChain(version, ProposalState.QUEUED, ProposalState.QUEUED, ProposalState.QUEUED);
        }

        anvil.increaseTime(TIMELOCK_DELAY.longValueExact() + 1);
        anvil.mine(1);
        List<String> targets = List.of(token.getContractAddress());
        List<BigInteger> values = List.of(BigInteger.ZERO);
        for (Version version : versions) {
            List<String> descriptions = version.descriptions();
            governor(version, ALICE).execute(targets, values, List.of(NAME_CALL), descriptionHash(descriptions.get(0)),
                    BigInteger.ZERO).send();
            Oz49Timelock timelock = timelock(version, DEPLOYER);
            timelock.executeBatch(targets, values, List.of(NAME_CALL), new byte[32],
                    descriptionHash(descriptions.get(1)), BigInteger.ZERO).send();
            byte[] vetoedId = timelock.hashOperationBatch(targets, values, List.of(NAME_CALL), new byte[32],
                    descriptionHash(descriptions.get(2))).send();
            assertArrayEquals(vetoedId, Numeric.hexStringToByteArray(TimelockOperationId.of(
                    TimelockOperationId.Salt.DESCRIPTION, ChecksumAddress.of(version.governor()),
                    List.of(ChecksumAddress.of(token.getContractAddress())), values,
                    List.of(Numeric.toHexString(NAME_CALL)), descriptions.get(2))),
                    version.name() + ": the index computes the id the Governor queued under");
            timelock.cancel(vetoedId).send();
        }
        coordinator.runCycle();
        for (Version version : versions) {
            assertIndexEqualsChain(version, ProposalState.EXECUTED, ProposalState.EXECUTED, ProposalState.CANCELED);
            for (BigInteger proposal : version.proposals) {
                assertNull(record(version, proposal).eta(),
                        version.name() + ": proposalEta answers 0 once the operation is done or cancelled");
            }
            GovernorRecord governor = queries.governor(version.indexed.id()).await().indefinitely().orElseThrow();
            assertEquals("support=bravo&quorum=for,abstain", governor.countingMode());
            assertEquals(ClockMode.BLOCKNUMBER, governor.clockMode(), version.name());

            // A node that never answered at the indexed blocks (pruned state) leaves only the events and the quorums
            // read at the latest block: the states derived from the Governor's and the timelock's events are the same.
            pool.preparedQuery("DELETE FROM proposal_chain_state WHERE governor_id = $1")
                    .execute(Tuple.of(version.indexed.id())).await().indefinitely();
            for (BigInteger proposal : version.proposals) {
                BigInteger quorum = governor(version, DEPLOYER).quorum(
                        governor(version, DEPLOYER).proposalSnapshot(proposal).send()).send();
                pool.preparedQuery("UPDATE proposal SET quorum = $3 WHERE governor_id = $1 AND proposal_id = $2")
                        .execute(Tuple.of(version.indexed.id(), numeric(proposal), numeric(quorum)))
                        .await().indefinitely();
            }
            assertEquals(List.of(ProposalState.EXECUTED, ProposalState.EXECUTED, ProposalState.CANCELED),
                    version.proposals.stream().map(p -> record(version, p).state()).toList(),
                    version.name() + ": derived from events, the timelock's under 4.x's operation ids");
        }
    }

    /** One Governor under test, with the proposals of its current round. */
    private static final class Version {
        final String name;
        final String governor;
        final String timelock;
        final List<BigInteger> proposals = new ArrayList<>();
        IndexedGovernor indexed;

        Version(String name, String governor, String timelock) {
            this.name = name;
            this.governor = governor;
            this.timelock = timelock;
        }

        String name() {
            return name;
        }

        String governor() {
            return governor;
        }

        String viaGovernor() {
            return "# " + name + ": executed through the Governor";
        }

        String onTimelock() {
            return "# " + name + ": executed directly on the timelock";
        }

        String vetoed() {
            return "# " + name + ": cancelled on the timelock";
        }

        List<String> descriptions() {
            return List.of(viaGovernor() + " (again)", onTimelock() + " (again)", vetoed() + " (again)");
        }
    }

    private void assertIndexEqualsChain(Version version, ProposalState... expected) throws Exception {
        for (int i = 0; i < expected.length; i++) {
            BigInteger proposal = version.proposals.get(i);
            Oz49Governor governor = governor(version, DEPLOYER);
            String what = version.name() + " proposal " + i;
            ProposalState chain = ProposalState.values()[governor.state(proposal).send().intValueExact()];
            assertEquals(expected[i], chain, what + " on chain");
            ProposalRecord record = record(version, proposal);
            assertEquals(chain, record.state(), what);
            Tuple3<BigInteger, BigInteger, BigInteger> votes = governor.proposalVotes(proposal).send();
            assertEquals(votes.component1(), record.tally().against(), what + " against");
            assertEquals(votes.component2(), record.tally().forVotes(), what + " for");
            assertEquals(votes.component3(), record.tally().abstain(), what + " abstain");
            assertEquals(governor.proposalDeadline(proposal).send(), record.voteEnd(), what + " deadline");
            BigInteger eta = governor.proposalEta(proposal).send();
            assertEquals(eta.signum() == 0 ? null : eta, record.eta(), what + " eta");
        }
    }

    private ProposalRecord record(Version version, BigInteger proposal) {
        return queries.proposal(version.indexed.id(), proposal).await().indefinitely().orElseThrow();
    }

    private BigInteger proposalId(Version version, GovernanceToken token, String description) throws Exception {
        return governor(version, DEPLOYER).hashProposal(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(NAME_CALL), descriptionHash(description)).send();
    }

    private Oz49Governor governor(Version version, Credentials as) {
        return Oz49Governor.load(version.governor(), web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private Oz49Timelock timelock(Version version, Credentials as) {
        return Oz49Timelock.load(version.timelock, web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private static byte[] descriptionHash(String description) {
        return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    }
}
