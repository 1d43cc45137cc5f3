package dev.govengine.devnet;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.TimelockController;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.crypto.Credentials;

/**
 * Deploys a token, a timelock and a Governor through the generated wrappers and wires them the way a production
 * DAO is wired: the Governor is the only proposer and canceller, anyone may execute, the token's minting belongs to
 * the timelock, and the deployer keeps no admin role.
 */
public final class DaoDeployer {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private final Web3j web3j;
    private final long chainId;

    public DaoDeployer(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    /** Settings of a new DAO; voting delay and period are in blocks (the token's clock). */
    public record Settings(
            String name,
            String tokenSymbol,
            BigInteger timelockDelaySeconds,
            BigInteger votingDelay,
            BigInteger votingPeriod,
            BigInteger proposalThreshold,
            BigInteger quorumNumerator) {
    }

    public TransactionManager transactionManager(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    public ContractGasProvider gasProvider() {
        return new StaticEIP1559GasProvider(chainId, BigInteger.valueOf(20_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(12_000_000L));
    }

    /** Deploys and wires the DAO; {@code deployer} ends with no privileges over it. */
    public DaoDeployment deploy(Credentials deployer, Settings settings) throws Exception {
        TransactionManager tx = transactionManager(deployer);
        ContractGasProvider gas = gasProvider();
        String deployerAddress = deployer.getAddress();

        GovernanceToken token = GovernanceToken.deploy(web3j, tx, gas,
                settings.name(), settings.tokenSymbol(), deployerAddress).send();
        TimelockController timelock = TimelockController.deploy(web3j, tx, gas,
                settings.timelockDelaySeconds(), List.of(), List.of(), deployerAddress).send();
        DaoGovernor governor = DaoGovernor.deploy(web3j, tx, gas, settings.name() + " Governor",
                token.getContractAddress(), timelock.getContractAddress(), settings.votingDelay(),
                settings.votingPeriod(), settings.proposalThreshold(), settings.quorumNumerator()).send();

        timelock.grantRole(timelock.PROPOSER_ROLE().send(), governor.getContractAddress()).send();
        timelock.grantRole(timelock.CANCELLER_ROLE().send(), governor.getContractAddress()).send();
        timelock.grantRole(timelock.EXECUTOR_ROLE().send(), ZERO_ADDRESS).send();
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE().send(), deployerAddress).send();

        long startBlock = token.getTransactionReceipt()
                .map(TransactionReceipt::getBlockNumber)
                .orElseThrow(() -> new IllegalStateException("token deployment has no receipt"))
                .longValueExact();
        return new DaoDeployment(chainId,
                ChecksumAddress.of(token.getContractAddress()),
                ChecksumAddress.of(timelock.getContractAddress()),
                ChecksumAddress.of(governor.getContractAddress()),
                startBlock);
    }

    /** Hands the token's minting to the timelock, so that new supply needs a proposal. */
    public void handTokenToTimelock(Credentials owner, DaoDeployment deployment) throws Exception {
        GovernanceToken.load(deployment.token().toString(), web3j, transactionManager(owner), gasProvider())
                .transferOwnership(deployment.timelock().toString()).send();
    }
}
