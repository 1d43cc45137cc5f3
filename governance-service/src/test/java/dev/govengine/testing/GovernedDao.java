package dev.govengine.testing;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalState;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * A freshly deployed contract set whose DAO is dev accounts 1 to 6, each delegating to itself, with quick voting
 * (1-block delay, 10-block period) and a 60 s timelock, for the tests that take proposals through governance.
 */
public final class GovernedDao implements AutoCloseable {
    public static final long VOTING_DELAY = 1;
    public static final long VOTING_PERIOD = 10;
    public static final long TIMELOCK_DELAY = 60;
    /** Votes of dev accounts 1 to 6, in whole tokens: 1 alone outvotes 2 and 3 together, 2 to 6 together outvote 1. */
    private static final long[] HOLDINGS = {400_000, 150_000, 120_000, 100_000, 90_000, 80_000};

    public final HttpService rpc;
    public final Web3j web3j;
    public final Deployer deployer;
    public final AnvilControl anvil;
    public final Deployment deployment;

    /**
     * @param rootsThroughGovernance Mode B: the timelock is the distributor's updater
     * @param proposalThreshold votes (base units) a proposer needs
     */
    public GovernedDao(String rpcUrl, boolean rootsThroughGovernance, BigInteger proposalThreshold) throws Exception {
        this(rpcUrl, rootsThroughGovernance, proposalThreshold, ChecksumAddress.of(DevAccounts.engine().getAddress()));
    }

    /** @param updater the distributor's updater in Mode A: a test's own key keeps its nonces apart from other tests' */
    public GovernedDao(String rpcUrl, boolean rootsThroughGovernance, BigInteger proposalThreshold,
            ChecksumAddress updater) throws Exception {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
        List<DeploymentSettings.Allocation> supply = new ArrayList<>();
        for (int i = 0; i < HOLDINGS.length; i++) {
            supply.add(new DeploymentSettings.Allocation(ChecksumAddress.of(holder(i + 1).getAddress()),
                    DeploymentSettings.tokens(HOLDINGS[i])));
        }
        DeploymentSettings settings = DeploymentSettings.devnet("Governed DAO", "GOV", updater,
                        List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), supply)
                .withDao(new DeploymentSettings.Dao("Governed DAO", "GOV", BigInteger.valueOf(TIMELOCK_DELAY),
                        BigInteger.valueOf(VOTING_DELAY), BigInteger.valueOf(VOTING_PERIOD), proposalThreshold,
                        BigInteger.valueOf(4)));
        deployment = deployer.deploy(DevAccounts.account(0), rootsThroughGovernance ? settings.withRootsThroughGovernance() : settings);
        for (int i = 1; i <= HOLDINGS.length; i++) {
            GovernanceToken.load(deployment.token().address().toString(), web3j, deployer.transactionManager(holder(i)),
                    deployer.gasProvider()).delegate(holder(i).getAddress()).send();
        }
        anvil.mine(1);
    }

    public static Credentials holder(int account) {
        return DevAccounts.account(account);
    }

    /** A proposal by dev account {@code account} whose one action reads the token's supply; returns its id. */
    public BigInteger propose(int account, String description) throws Exception {
        String token = deployment.token().address().toString();
        TransactionReceipt receipt = governor(holder(account)).propose(List.of(token), List.of(BigInteger.ZERO),
                List.of(Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("totalSupply", List.of(),
                        List.of())))), description).send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    /** Past the voting delay: the proposal is Active. */
    public void openVoting() {
        anvil.mine(VOTING_DELAY + 1);
    }

    public void vote(BigInteger proposalId, int support, int... accounts) throws Exception {
        for (int account : accounts) {
            governor(holder(account)).castVote(proposalId, BigInteger.valueOf(support)).send();
        }
    }

    /** Past the voting period: the proposal is Succeeded or Defeated. */
    public void closeVoting() {
        anvil.mine(VOTING_PERIOD);
    }

    /** Past the timelock delay, with a block at the new time. */
    public void passTimelockDelay() {
        anvil.increaseTime(TIMELOCK_DELAY + 1);
        anvil.mine(1);
    }

    public ProposalState chainState(BigInteger proposalId) throws Exception {
        return ProposalState.values()[governor(null).state(proposalId).send().intValueExact()];
    }

    public DaoGovernor governor(Credentials as) {
        return DaoGovernor.load(deployment.governor().address().toString(), web3j, manager(as), deployer.gasProvider());
    }

    public RewardPolicy policy() {
        return RewardPolicy.load(deployment.rewardPolicy().address().toString(), web3j, manager(null), deployer.gasProvider());
    }

    public RewardDistributor distributor() {
        return RewardDistributor.load(deployment.rewardDistributor().address().toString(), web3j, manager(null),
                deployer.gasProvider());
    }

    private org.web3j.tx.TransactionManager manager(Credentials as) {
        return as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                : deployer.transactionManager(as);
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
