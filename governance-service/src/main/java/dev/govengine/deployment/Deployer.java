package dev.govengine.deployment;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.contracts.generated.TimestampGovernanceToken;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the whole contract set through the generated wrappers and wires it in the order of contracts/README.md
 * (which test/Wiring.t.sol runs too): the Governor is the only proposer and canceller, anyone executes, the policy,
 * the distributor's administration and the token's minting belong to the timelock, and the deployer keeps nothing.
 */
public final class Deployer {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private final Web3j web3j;
    private final long chainId;

    public Deployer(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    public TransactionManager transactionManager(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    public ContractGasProvider gasProvider() {
        return new StaticEIP1559GasProvider(chainId, BigInteger.valueOf(20_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(12_000_000L));
    }

    /** Deploys and wires the set; {@code deployer} ends with no privileges over any of it. */
    public Deployment deploy(Credentials deployer, DeploymentSettings settings) throws Exception {
        TransactionManager tx = transactionManager(deployer);
        ContractGasProvider gas = gasProvider();
        String self = deployer.getAddress();
        DeploymentSettings.Dao dao = settings.dao();
        DeploymentSettings.Policy initialPolicy = settings.policy();
        DeploymentSettings.Distribution distribution = settings.distribution();

        // 1-3. The timelock starts with the deployer as admin, only so that step 4 can grant the roles.
        Contract deployedToken = switch (dao.clock()) {
            case BLOCK_NUMBER -> GovernanceToken.deploy(web3j, tx, gas, dao.name(), dao.tokenSymbol(), self).send();
            case TIMESTAMP -> TimestampGovernanceToken.deploy(web3j, tx, gas, dao.name(), dao.tokenSymbol(), self).send();
        };
        // The timestamp token only overrides the clock, so GovernanceToken's wrapper drives either in the steps below.
        GovernanceToken token = GovernanceToken.load(deployedToken.getContractAddress(), web3j, tx, gas);
        TimelockController timelock = TimelockController.deploy(web3j, tx, gas,
                dao.timelockDelaySeconds(), List.of(), List.of(), self).send();
        DaoGovernor governor = DaoGovernor.deploy(web3j, tx, gas, dao.name() + " Governor",
                token.getContractAddress(), timelock.getContractAddress(), dao.votingDelayBlocks(),
                dao.votingPeriodBlocks(), dao.proposalThreshold(), dao.quorumNumerator()).send();

        // 4.
        timelock.grantRole(timelock.PROPOSER_ROLE().send(), governor.getContractAddress()).send();
        timelock.grantRole(timelock.CANCELLER_ROLE().send(), governor.getContractAddress()).send();
        timelock.grantRole(timelock.EXECUTOR_ROLE().send(), ZERO_ADDRESS).send();

        // 5. Owned by the timelock from the start (Ownable2Step: a timelock could accept a transfer only through a
        // proposal) and configured by the deployer as its setup admin, so the deployment's own events carry the whole
        // initial policy. The epoch's floor is the distributor's dispute plus resolution period.
        RewardPolicy policy = RewardPolicy.deploy(web3j, tx, gas, timelock.getContractAddress(), self,
                distribution.minEpochLength(), initialPolicy.epochLengthSeconds(), initialPolicy.budgetPerEpoch(),
                BigInteger.valueOf(initialPolicy.depinBps()), BigInteger.valueOf(initialPolicy.rollupBps()),
                BigInteger.valueOf(initialPolicy.governanceBps()), BigInteger.valueOf(initialPolicy.recipientCapBps()),
                initialPolicy.minPayout(), BigInteger.valueOf(initialPolicy.governanceMode().ordinal())).send();
        for (ChecksumAddress verifier : initialPolicy.verifiers()) {
            policy.addVerifier(verifier.toString()).send();
        }
        for (Map.Entry<Integer, BigInteger> weight : initialPolicy.gpuClassWeights().entrySet()) {
            policy.setGpuClassWeight(BigInteger.valueOf(weight.getKey()), weight.getValue()).send();
        }
        for (Map.Entry<String, BigInteger> weight : initialPolicy.rollupKindWeights().entrySet()) {
            policy.setRollupKindWeight(rollupKind(weight.getKey()), weight.getValue()).send();
        }
        policy.finishSetup().send();

        // 6-7. In Mode B the timelock is the updater: a root is posted only by an executed proposal.
        ChecksumAddress updater = distribution.roots() == DeploymentSettings.RootSubmission.GOVERNANCE
                ? ChecksumAddress.of(timelock.getContractAddress()) : distribution.updater();
        RewardDistributor distributor = RewardDistributor.deploy(web3j, tx, gas, token.getContractAddress(),
                timelock.getContractAddress(), updater.toString(), distribution.guardian().toString(),
                distribution.disputePeriodSeconds(), distribution.resolutionPeriodSeconds(),
                distribution.minDisputeBond(), distribution.disputeBond(), distribution.maxEpochSkip()).send();
        RollupContributions rollup = RollupContributions.deploy(web3j, tx, gas, timelock.getContractAddress(),
                settings.rollup().permissionless()).send();

        // 8. The last mints the deployer can make; from here on new supply needs a proposal.
        for (DeploymentSettings.Allocation allocation : settings.initialSupply()) {
            token.mint(allocation.holder().toString(), allocation.amount()).send();
        }
        token.mint(distributor.getContractAddress(), distribution.funding()).send();
        token.transferOwnership(timelock.getContractAddress()).send();

        // 9.
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE().send(), self).send();

        return new Deployment(chainId,
                deployed(deployedToken), deployed(timelock), deployed(governor),
                deployed(policy), deployed(distributor), deployed(rollup),
                new Deployment.Settings(updater, distribution.guardian(), initialPolicy.verifiers(),
                        dao.timelockDelaySeconds(), dao.votingDelayBlocks(), dao.votingPeriodBlocks(),
                        distribution.disputePeriodSeconds(), distribution.resolutionPeriodSeconds(),
                        distribution.minDisputeBond(), distribution.disputeBond(), distribution.maxEpochSkip(),
                        distribution.minEpochLength(), settings.rollup().permissionless(), distribution.funding()));
    }

    /** A rollup contribution kind's key in RewardPolicy: keccak256 of its name, e.g. "sequencer". */
    public static byte[] rollupKind(String name) {
        return Hash.sha3(name.getBytes(StandardCharsets.UTF_8));
    }

    private static DeployedContract deployed(Contract contract) {
        TransactionReceipt receipt = contract.getTransactionReceipt().orElseThrow(() ->
                new IllegalStateException("deployment of " + contract.getContractAddress() + " has no receipt"));
        return new DeployedContract(ChecksumAddress.of(contract.getContractAddress()),
                receipt.getBlockNumber().longValueExact(), receipt.getTransactionHash());
    }
}
