package dev.govengine.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The loop's first step on a real chain, from Java through the wrappers: the DAO votes a RewardPolicy change through
 * Governor and timelock, and the policy (and its events) change only once the proposal executes.
 */
@QuarkusTest
class PolicyGovernanceRoundTripTest {
    private static final BigInteger VOTING_DELAY = BigInteger.ONE;
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(10);
    private static final BigInteger TIMELOCK_DELAY = BigInteger.valueOf(3600);
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials VOTER = DevAccounts.account(1);
    private static final Credentials ANYONE = DevAccounts.account(2);
    private static final BigInteger NEW_BUDGET = DeploymentSettings.tokens(25_000);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    private HttpService rpc;
    private Web3j web3j;
    private Deployer deployer;

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void aPassedProposalChangesBudgetAndSplitAndNothingElseCan() throws Exception {
        DeploymentSettings settings = DeploymentSettings.devnet("Policy DAO", "POL",
                ChecksumAddress.of(DevAccounts.engine().getAddress()),
                List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())),
                List.of(new DeploymentSettings.Allocation(ChecksumAddress.of(VOTER.getAddress()),
                        DeploymentSettings.tokens(1_000_000))))
                .withDao(new DeploymentSettings.Dao("Policy DAO", "POL", TIMELOCK_DELAY, VOTING_DELAY, VOTING_PERIOD,
                        BigInteger.ZERO, BigInteger.valueOf(4)));
        Deployment deployment = deployer.deploy(DEPLOYER, settings);
        String policyAddress = deployment.rewardPolicy().address().toString();
        AnvilControl anvil = new AnvilControl(rpc);
        BigInteger versionBefore = policy(ANYONE, policyAddress).policyVersion().send();

        assertThrows(TransactionException.class,
                () -> policy(DEPLOYER, policyAddress).setBudgetPerEpoch(NEW_BUDGET).send(),
                "the deployer handed the policy to the timelock");

        GovernanceToken.load(deployment.token().address().toString(), web3j, deployer.transactionManager(VOTER),
                deployer.gasProvider()).delegate(VOTER.getAddress()).send();
        anvil.mine(1);

        List<String> targets = List.of(policyAddress, policyAddress);
        List<BigInteger> values = List.of(BigInteger.ZERO, BigInteger.ZERO);
        List<byte[]> calldatas = List.of(
                encode(new Function("setBudgetPerEpoch", List.of(new Uint256(NEW_BUDGET)), List.of())),
                encode(new Function("setProgramSplit",
                        List.of(new Uint16(4_000), new Uint16(4_000), new Uint16(2_000)), List.of())));
        String description = "# Grow the reward budget\n\n25,000 tokens per epoch, and rollups get as much as DePIN.";
        byte[] descriptionHash = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));

        DaoGovernor asVoter = governor(VOTER, deployment);
        TransactionReceipt proposed = asVoter.propose(targets, values, calldatas, description).send();
        BigInteger proposalId = DaoGovernor.getProposalCreatedEvents(proposed).get(0).proposalId;
        assertEquals(BigInteger.ZERO, asVoter.state(proposalId).send(), "Pending");
        anvil.mine(VOTING_DELAY.longValueExact() + 1);
        assertEquals(BigInteger.ONE, asVoter.state(proposalId).send(), "Active");
        asVoter.castVote(proposalId, BigInteger.ONE).send();
        anvil.mine(VOTING_PERIOD.longValueExact());
        assertEquals(BigInteger.valueOf(4), asVoter.state(proposalId).send(), "Succeeded");

        DaoGovernor asAnyone = governor(ANYONE, deployment);
        asAnyone.queue(targets, values, calldatas, descriptionHash).send();
        assertEquals(BigInteger.valueOf(5), asAnyone.state(proposalId).send(), "Queued");
        assertThrows(TransactionException.class,
                () -> asAnyone.execute(targets, values, calldatas, descriptionHash, BigInteger.ZERO).send(),
                "the timelock delay has not passed");
        assertEquals(DeploymentSettings.tokens(10_000), policy(ANYONE, policyAddress).budgetPerEpoch().send(),
                "unchanged while queued");

        anvil.increaseTime(TIMELOCK_DELAY.longValueExact() + 1);
        anvil.mine(1);
        TransactionReceipt executed = asAnyone.execute(targets, values, calldatas, descriptionHash, BigInteger.ZERO).send();
        assertEquals(BigInteger.valueOf(7), asAnyone.state(proposalId).send(), "Executed");

        var policy = policy(ANYONE, policyAddress).getPolicy().send();
        assertEquals(versionBefore.add(BigInteger.TWO), policy.component1(), "two changes, two versions");
        assertEquals(NEW_BUDGET, policy.component3());
        assertEquals(List.of(BigInteger.valueOf(4_000), BigInteger.valueOf(4_000), BigInteger.valueOf(2_000)),
                policy.component4());
        assertEquals(BigInteger.valueOf(3600), policy.component2(), "the epoch length is untouched");
        assertEquals(BigInteger.valueOf(2_500), policy.component5(), "the cap is untouched");

        List<RewardPolicy.BudgetPerEpochSetEventResponse> budgetEvents = RewardPolicy.getBudgetPerEpochSetEvents(executed);
        assertEquals(1, budgetEvents.size());
        assertEquals(versionBefore.add(BigInteger.ONE), budgetEvents.get(0).version, "the first change's version");
        assertEquals(NEW_BUDGET, budgetEvents.get(0).budgetPerEpoch);
        assertEquals(deployment.rewardPolicy().address(), ChecksumAddress.of(budgetEvents.get(0).log.getAddress()));
        List<RewardPolicy.ProgramSplitSetEventResponse> splitEvents = RewardPolicy.getProgramSplitSetEvents(executed);
        assertEquals(1, splitEvents.size());
        assertEquals(versionBefore.add(BigInteger.TWO), splitEvents.get(0).version);
        assertEquals(BigInteger.valueOf(4_000), splitEvents.get(0).rollupBps);
    }

    private RewardPolicy policy(Credentials as, String address) {
        return RewardPolicy.load(address, web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private DaoGovernor governor(Credentials as, Deployment deployment) {
        return DaoGovernor.load(deployment.governor().address().toString(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private static byte[] encode(Function function) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    }
}
