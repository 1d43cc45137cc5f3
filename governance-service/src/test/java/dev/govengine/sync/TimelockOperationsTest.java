package dev.govengine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * OpenZeppelin 5's GovernorTimelockControl reads the timelock: a queued proposal whose operation someone executed
 * directly on the timelock is Executed, and one cancelled there is Canceled. The index follows the timelock's
 * events and agrees with {@code state()}.
 */
@QuarkusTest
class TimelockOperationsTest {
    private static final Credentials VOTER = DevAccounts.account(1);
    private static final Credentials GUARDIAN = DevAccounts.account(2);
    private static final Credentials ANYONE = DevAccounts.account(3);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    @Test
    void operationsExecutedOrCancelledOnTheTimelockDecideTheProposalsState() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(VOTER, 10_000_000)))) {
            dao.token(VOTER).delegate(VOTER.getAddress()).send();
            dao.anvil.mine(1);
            TimelockController timelock = dao.timelock(ANYONE);
            byte[] cancellerRole = timelock.CANCELLER_ROLE().send();
            dao.pass(VOTER, List.of(dao.dao.timelock().address().toString()), List.of(Numeric.hexStringToByteArray(
                            FunctionEncoder.encode(new Function("grantRole", Arrays.<Type>asList(new Bytes32(cancellerRole),
                                    new Address(GUARDIAN.getAddress())), List.of())))),
                    "# A guardian may cancel queued operations");
            IndexedGovernor governor = registry.register(IndexedGovernor.of("timelock-direct", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));

            String direct = "# Executed on the timelock";
            String vetoed = "# Cancelled on the timelock";
            String waiting = "# Still queued";
            List<BigInteger> proposals = List.of(dao.propose(VOTER, direct), dao.propose(VOTER, vetoed),
                    dao.propose(VOTER, waiting));
            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            for (BigInteger proposal : proposals) {
                dao.vote(VOTER, proposal, 1);
            }
            dao.anvil.mine(DaoOnAnvil.VOTING_PERIOD.longValueExact());
            for (String description : List.of(direct, vetoed, waiting)) {
                dao.queue(ANYONE, description);
            }
            coordinator.runCycle();
            for (BigInteger proposal : proposals) {
                assertEquals(ProposalState.QUEUED, indexedState(governor, proposal));
            }

            List<String> targets = List.of(dao.dao.token().address().toString());
            List<BigInteger> values = List.of(BigInteger.ZERO);
            List<byte[]> payloads = List.of(dao.noopCalldata());
            byte[] vetoedId = timelock.hashOperationBatch(targets, values, payloads, new byte[32], dao.timelockSalt(vetoed)).send();
            assertArrayEquals(vetoedId, Numeric.hexStringToByteArray(TimelockOperationId.of(
                    TimelockOperationId.Salt.GOVERNOR_XOR_DESCRIPTION, dao.governorAddress(),
                    List.of(dao.dao.token().address()), values, List.of(Numeric.toHexString(dao.noopCalldata())), vetoed)),
                    "the index computes the id the Governor queued under");
            dao.timelock(GUARDIAN).cancel(vetoedId).send();
            dao.anvil.increaseTime(DaoOnAnvil.TIMELOCK_DELAY.longValueExact() + 1);
            dao.anvil.mine(1);
            timelock.executeBatch(targets, values, payloads, new byte[32], dao.timelockSalt(direct), BigInteger.ZERO).send();
            coordinator.runCycle();

            assertEquals(List.of(ProposalState.EXECUTED, ProposalState.CANCELED, ProposalState.QUEUED),
                    proposals.stream().map(p -> chainState(dao, p)).toList(), "the Governor's own answer");
            assertEquals(List.of(ProposalState.EXECUTED, ProposalState.CANCELED, ProposalState.QUEUED),
                    proposals.stream().map(p -> indexedState(governor, p)).toList());
        }
    }

    private ProposalState indexedState(IndexedGovernor governor, BigInteger proposal) {
        return queries.state(governor.id(), proposal).await().indefinitely().orElseThrow();
    }

    private static ProposalState chainState(DaoOnAnvil dao, BigInteger proposal) {
        try {
            return dao.chainState(proposal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
