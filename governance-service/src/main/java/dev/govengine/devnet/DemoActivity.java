package dev.govengine.devnet;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * Seeds a freshly deployed DAO with the history a wallet expects to see: holders, delegations, and proposals in
 * several states (one executed through the timelock, one defeated, one still open for votes).
 */
public final class DemoActivity {
    public static final BigInteger ONE_TOKEN = BigInteger.TEN.pow(18);
    public static final int FOR = 1;
    public static final int AGAINST = 0;
    public static final int ABSTAIN = 2;

    private final Web3j web3j;
    private final DaoDeployer deployer;
    private final AnvilControl anvil;
    private final DaoDeployment dao;

    public DemoActivity(Web3j web3j, DaoDeployer deployer, AnvilControl anvil, DaoDeployment dao) {
        this.web3j = web3j;
        this.deployer = deployer;
        this.anvil = anvil;
        this.dao = dao;
    }

    /** What the seeding produced, for the devnet summary. */
    public record Summary(BigInteger executedProposal, BigInteger defeatedProposal, BigInteger activeProposal) {
    }

    /**
     * Runs the whole story. {@code owner} must still own the token; ownership passes to the timelock on the way,
     * so that the executed proposal really mints through governance.
     */
    public Summary seed(Credentials owner, BigInteger votingDelay, BigInteger votingPeriod, BigInteger timelockDelay)
            throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        Credentials dave = DevAccounts.account(4);
        Credentials erin = DevAccounts.account(5);
        String grants = DevAccounts.account(6).getAddress();

        GovernanceToken asOwner = token(owner);
        asOwner.mint(alice.getAddress(), tokens(400_000)).send();
        asOwner.mint(bob.getAddress(), tokens(250_000)).send();
        asOwner.mint(carol.getAddress(), tokens(150_000)).send();
        asOwner.mint(dave.getAddress(), tokens(120_000)).send();
        asOwner.mint(erin.getAddress(), tokens(80_000)).send();
        deployer.handTokenToTimelock(owner, dao);

        token(alice).delegate(alice.getAddress()).send();
        token(bob).delegate(bob.getAddress()).send();
        token(carol).delegate(alice.getAddress()).send();
        token(dave).delegate(bob.getAddress()).send();
        token(erin).delegate(erin.getAddress()).send();
        anvil.mine(1);

        Proposal grantsProposal = new Proposal(
                List.of(dao.token().toString()),
                encode(new Function("mint", List.of(new Address(grants), new Uint256(tokens(50_000))), List.of())),
                "# Fund the GPU grants program\n\nMint 50,000 tokens to the grants multisig for Q1 provider grants.");
        BigInteger executed = propose(alice, grantsProposal);
        anvil.mine(votingDelay.longValueExact() + 1);
        vote(alice, executed, FOR, "Providers need the runway.");
        vote(bob, executed, FOR, "");
        vote(erin, executed, AGAINST, "Too large for one quarter.");
        anvil.mine(votingPeriod.longValueExact());
        governor(bob).queue(grantsProposal.targets(), grantsProposal.values(), grantsProposal.calldatas(),
                grantsProposal.descriptionHash()).send();
        anvil.increaseTime(timelockDelay.longValueExact() + 1);
        anvil.mine(1);
        governor(erin).execute(grantsProposal.targets(), grantsProposal.values(), grantsProposal.calldatas(),
                grantsProposal.descriptionHash(), BigInteger.ZERO).send();

        Proposal quorumProposal = new Proposal(
                List.of(dao.governor().toString()),
                encode(new Function("updateQuorumNumerator", List.of(new Uint256(10)), List.of())),
                "# Raise the quorum to 10%\n\nA higher quorum makes capture harder.");
        BigInteger defeated = propose(bob, quorumProposal);
        anvil.mine(votingDelay.longValueExact() + 1);
        vote(alice, defeated, AGAINST, "Turnout would fall below it.");
        vote(bob, defeated, FOR, "");
        vote(erin, defeated, ABSTAIN, "");
        anvil.mine(votingPeriod.longValueExact());

        Proposal delayProposal = new Proposal(
                List.of(dao.governor().toString()),
                encode(new Function("setVotingDelay", List.of(new org.web3j.abi.datatypes.generated.Uint48(2)), List.of())),
                "# Lengthen the voting delay\n\nGive delegates two blocks to read a proposal before votes open.");
        BigInteger active = propose(erin, delayProposal);
        anvil.mine(votingDelay.longValueExact() + 1);
        vote(erin, active, FOR, "Small change, easy win.");
        vote(bob, active, ABSTAIN, "");

        return new Summary(executed, defeated, active);
    }

    private record Proposal(List<String> targets, List<byte[]> calldatas, String description) {
        Proposal(List<String> targets, byte[] calldata, String description) {
            this(targets, List.of(calldata), description);
        }

        List<BigInteger> values() {
            List<BigInteger> values = new ArrayList<>();
            targets.forEach(target -> values.add(BigInteger.ZERO));
            return values;
        }

        byte[] descriptionHash() {
            return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
        }
    }

    private BigInteger propose(Credentials proposer, Proposal proposal) throws Exception {
        DaoGovernor governor = governor(proposer);
        var receipt = governor.propose(proposal.targets(), proposal.values(), proposal.calldatas(),
                proposal.description()).send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    private void vote(Credentials voter, BigInteger proposalId, int support, String reason) throws Exception {
        DaoGovernor governor = governor(voter);
        if (reason.isEmpty()) {
            governor.castVote(proposalId, BigInteger.valueOf(support)).send();
        } else {
            governor.castVoteWithReason(proposalId, BigInteger.valueOf(support), reason).send();
        }
    }

    private GovernanceToken token(Credentials as) {
        return GovernanceToken.load(dao.token().toString(), web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private DaoGovernor governor(Credentials as) {
        return DaoGovernor.load(dao.governor().toString(), web3j, deployer.transactionManager(as), deployer.gasProvider());
    }

    private static byte[] encode(Function function) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    }

    private static BigInteger tokens(long whole) {
        return ONE_TOKEN.multiply(BigInteger.valueOf(whole));
    }
}
