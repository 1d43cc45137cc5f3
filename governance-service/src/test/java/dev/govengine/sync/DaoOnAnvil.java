package dev.govengine.sync;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DaoDeployer;
import dev.govengine.devnet.DaoDeployment;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
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
    final DaoDeployer deployer;
    final AnvilControl anvil;
    final DaoDeployment dao;

    DaoOnAnvil(String rpcUrl) throws Exception {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new DaoDeployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
        dao = deployer.deploy(DevAccounts.account(0), new DaoDeployer.Settings("Indexed DAO", "IDX", TIMELOCK_DELAY,
                VOTING_DELAY, VOTING_PERIOD, BigInteger.ZERO, BigInteger.valueOf(4)));
    }

    DemoActivity.Summary seedDemo() throws Exception {
        return new DemoActivity(web3j, deployer, anvil, dao).seed(DevAccounts.account(0), VOTING_DELAY, VOTING_PERIOD,
                TIMELOCK_DELAY);
    }

    /** A proposal that mints nothing: its action is harmless to execute. */
    BigInteger propose(Credentials proposer, String description) throws Exception {
        var receipt = governor(proposer).propose(List.of(dao.token().toString()), List.of(BigInteger.ZERO),
                List.of(noopCalldata()), description).send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    void vote(Credentials voter, BigInteger proposalId, int support) throws Exception {
        governor(voter).castVote(proposalId, BigInteger.valueOf(support)).send();
    }

    void cancel(Credentials proposer, String description) throws Exception {
        governor(proposer).cancel(List.of(dao.token().toString()), List.of(BigInteger.ZERO), List.of(noopCalldata()),
                descriptionHash(description)).send();
    }

    void queue(Credentials caller, String description) throws Exception {
        governor(caller).queue(List.of(dao.token().toString()), List.of(BigInteger.ZERO), List.of(noopCalldata()),
                descriptionHash(description)).send();
    }

    ProposalState chainState(BigInteger proposalId) throws Exception {
        return ProposalState.values()[governor(null).state(proposalId).send().intValueExact()];
    }

    GovernanceToken token(Credentials as) {
        return GovernanceToken.load(dao.token().toString(), web3j,
                as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                        : deployer.transactionManager(as), deployer.gasProvider());
    }

    DaoGovernor governor(Credentials as) {
        return DaoGovernor.load(dao.governor().toString(), web3j,
                as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                        : deployer.transactionManager(as), deployer.gasProvider());
    }

    long blockNumber() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private byte[] noopCalldata() {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(
                new Function("balanceOf", List.of(new org.web3j.abi.datatypes.Address(dao.timelock().toString())), List.of())));
    }

    private static byte[] descriptionHash(String description) {
        return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    }

    static BigInteger tokens(long whole) {
        return DemoActivity.ONE_TOKEN.multiply(BigInteger.valueOf(whole));
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
