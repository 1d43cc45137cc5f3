package dev.govengine.sync;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalState;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/** A freshly deployed DAO on the test Anvil, with the moves the indexer tests make on it. */
final class DaoOnAnvil implements AutoCloseable {
    static final BigInteger VOTING_DELAY = BigInteger.ONE;
    static final BigInteger VOTING_PERIOD = BigInteger.valueOf(10);
    static final BigInteger TIMELOCK_DELAY = BigInteger.valueOf(60);

    final HttpService rpc;
    final Web3j web3j;
    final Deployer deployer;
    final AnvilControl anvil;
    final Deployment dao;

    /** Deploys the contract set with the demo holders' supply, and quick voting. */
    DaoOnAnvil(String rpcUrl) throws Exception {
        this(rpcUrl, DemoActivity.initialSupply());
    }

    /** Deploys the contract set minting {@code supply}; afterwards only governance can mint. */
    DaoOnAnvil(String rpcUrl, List<DeploymentSettings.Allocation> supply) throws Exception {
        this(rpcUrl, supply, DeploymentSettings.Clock.BLOCK_NUMBER, VOTING_DELAY, VOTING_PERIOD);
    }

    /** Deploys the contract set on {@code clock}; voting delay and period count in its units (blocks or seconds). */
    DaoOnAnvil(String rpcUrl, List<DeploymentSettings.Allocation> supply, DeploymentSettings.Clock clock,
            BigInteger votingDelay, BigInteger votingPeriod) throws Exception {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
        DeploymentSettings settings = DeploymentSettings.devnet("Indexed DAO", "IDX",
                        ChecksumAddress.of(DevAccounts.engine().getAddress()),
                        List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), supply)
                .withDao(new DeploymentSettings.Dao("Indexed DAO", "IDX", TIMELOCK_DELAY, votingDelay, votingPeriod,
                        BigInteger.ZERO, BigInteger.valueOf(4), clock));
        dao = deployer.deploy(DevAccounts.account(0), settings);
    }

    static DeploymentSettings.Allocation holding(Credentials holder, long wholeTokens) {
        return new DeploymentSettings.Allocation(ChecksumAddress.of(holder.getAddress()), tokens(wholeTokens));
    }

    ChecksumAddress governorAddress() {
        return dao.governor().address();
    }

    DemoActivity.Summary seedDemo() throws Exception {
        return new DemoActivity(web3j, deployer, anvil, dao).seed();
    }

    /** A proposal that mints nothing: its action is harmless to execute. */
    BigInteger propose(Credentials proposer, String description) throws Exception {
        var receipt = governor(proposer).propose(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO),
                List.of(noopCalldata()), description).send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    /**
     * Takes {@code calls} (target, calldata) through the whole of governance: propose, vote for with {@code voter}
     * (who must hold a majority of the delegated votes), queue, wait out the timelock, execute. Returns the receipt
     * of the execution, whose block is where the calls took effect.
     */
    TransactionReceipt pass(Credentials voter, List<String> targets, List<byte[]> calldatas, String description)
            throws Exception {
        List<BigInteger> values = targets.stream().map(t -> BigInteger.ZERO).toList();
        DaoGovernor governor = governor(voter);
        BigInteger proposalId = DaoGovernor.getProposalCreatedEvents(
                governor.propose(targets, values, calldatas, description).send()).get(0).proposalId;
        anvil.mine(VOTING_DELAY.longValueExact() + 1);
        governor.castVote(proposalId, BigInteger.ONE).send();
        anvil.mine(VOTING_PERIOD.longValueExact());
        governor.queue(targets, values, calldatas, descriptionHash(description)).send();
        anvil.increaseTime(TIMELOCK_DELAY.longValueExact() + 1);
        anvil.mine(1);
        return governor.execute(targets, values, calldatas, descriptionHash(description), BigInteger.ZERO).send();
    }

    void vote(Credentials voter, BigInteger proposalId, int support) throws Exception {
        governor(voter).castVote(proposalId, BigInteger.valueOf(support)).send();
    }

    void cancel(Credentials proposer, String description) throws Exception {
        governor(proposer).cancel(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO), List.of(noopCalldata()),
                descriptionHash(description)).send();
    }

    void queue(Credentials caller, String description) throws Exception {
        governor(caller).queue(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO), List.of(noopCalldata()),
                descriptionHash(description)).send();
    }

    void execute(Credentials caller, String description) throws Exception {
        governor(caller).execute(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO), List.of(noopCalldata()),
                descriptionHash(description), BigInteger.ZERO).send();
    }

    ProposalState chainState(BigInteger proposalId) throws Exception {
        return ProposalState.values()[governor(null).state(proposalId).send().intValueExact()];
    }

    GovernanceToken token(Credentials as) {
        return GovernanceToken.load(dao.token().address().toString(), web3j,
                as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                        : deployer.transactionManager(as), deployer.gasProvider());
    }

    DaoGovernor governor(Credentials as) {
        return DaoGovernor.load(dao.governor().address().toString(), web3j,
                as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                        : deployer.transactionManager(as), deployer.gasProvider());
    }

    long blockNumber() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    long latestTimestamp() throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
    }

    long timestampOf(long block) throws Exception {
        return web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block)),
                false).send().getBlock().getTimestamp().longValueExact();
    }

    /** Mines one block at exactly {@code timestamp}, so that timestamp-clock boundaries are hit on the second. */
    void mineAt(long timestamp) {
        anvil.setNextBlockTimestamp(timestamp);
        anvil.mine(1);
    }

    TimelockController timelock(Credentials as) {
        return TimelockController.load(dao.timelock().address().toString(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    /** The salt OpenZeppelin 5's GovernorTimelockControl queues a proposal with: governor address xor description hash. */
    byte[] timelockSalt(String description) {
        byte[] salt = descriptionHash(description);
        byte[] governor = Numeric.hexStringToByteArray(dao.governor().address().lowerCase());
        for (int i = 0; i < governor.length; i++) {
            salt[i] ^= governor[i];
        }
        return salt;
    }

    byte[] noopCalldata() {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(
                new Function("balanceOf", List.of(new org.web3j.abi.datatypes.Address(dao.timelock().address().toString())), List.of())));
    }

    private static byte[] descriptionHash(String description) {
        return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    }

    static BigInteger tokens(long whole) {
        return DeploymentSettings.tokens(whole);
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
