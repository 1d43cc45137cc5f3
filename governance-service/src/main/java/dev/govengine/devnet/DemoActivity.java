package dev.govengine.devnet;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * Seeds a freshly deployed DAO with the history a wallet expects to see: holders, delegations, and proposals in
 * several states (one executed through the timelock, one defeated, one still open for votes). The holders' tokens
 * are part of the deployment's initial supply ({@link #initialSupply()}), because the deployer hands minting to the
 * timelock before anything else happens on the chain.
 */
public final class DemoActivity {
    public static final int FOR = 1;
    public static final int AGAINST = 0;
    public static final int ABSTAIN = 2;

    private final Web3j web3j;
    private final Deployer deployer;
    private final AnvilControl anvil;
    private final Deployment dao;

    public DemoActivity(Web3j web3j, Deployer deployer, AnvilControl anvil, Deployment dao) {
        this.web3j = web3j;
        this.deployer = deployer;
        this.anvil = anvil;
        this.dao = dao;
    }

    /**
     * What the seeding produced, for the devnet summary; {@code votingPeriodProposal} is the executed proposal that
     * lengthened the votes, if {@link #seed(BigInteger)} was asked to.
     */
    public record Summary(BigInteger executedProposal, BigInteger defeatedProposal, BigInteger activeProposal,
            Optional<BigInteger> votingPeriodProposal) {
    }

    /** The demo holders (dev accounts 1 to 5) and their tokens, to be minted by the deployment. */
    public static List<DeploymentSettings.Allocation> initialSupply() {
        long[] wholeTokens = {400_000, 250_000, 150_000, 120_000, 80_000};
        List<DeploymentSettings.Allocation> allocations = new ArrayList<>();
        for (int i = 0; i < wholeTokens.length; i++) {
            allocations.add(new DeploymentSettings.Allocation(
                    ChecksumAddress.of(DevAccounts.account(i + 1).getAddress()),
                    DeploymentSettings.tokens(wholeTokens[i])));
        }
        return allocations;
    }

    /**
     * Runs the whole story on a deployment made with {@link #initialSupply()}; the executed proposal mints through
     * governance, since the timelock owns the token.
     */
    public Summary seed() throws Exception {
        return seed(Optional.empty());
    }

    /**
     * The whole story, in which the DAO also votes, before the proposal left open, a voting period of
     * {@code openVotingPeriodBlocks}, which that proposal then keeps. A deployment with that period from the start
     * would have the seeding mine it twice over for the proposals it closes, and Anvil takes seconds and hundreds of
     * megabytes of disk for each thousand blocks past its first few hundred.
     */
    public Summary seed(BigInteger openVotingPeriodBlocks) throws Exception {
        return seed(Optional.of(openVotingPeriodBlocks));
    }

    private Summary seed(Optional<BigInteger> openVotingPeriodBlocks) throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        Credentials dave = DevAccounts.account(4);
        Credentials erin = DevAccounts.account(5);
        String grants = DevAccounts.account(6).getAddress();
        long votingDelay = dao.settings().votingDelayBlocks().longValueExact();
        long votingPeriod = dao.settings().votingPeriodBlocks().longValueExact();
        long timelockDelay = dao.settings().timelockDelaySeconds().longValueExact();

        token(alice).delegate(alice.getAddress()).send();
        token(bob).delegate(bob.getAddress()).send();
        token(carol).delegate(alice.getAddress()).send();
        token(dave).delegate(bob.getAddress()).send();
        token(erin).delegate(erin.getAddress()).send();
        anvil.mine(1);

        Proposal grantsProposal = new Proposal(
                List.of(dao.token().address().toString()),
                encode(new Function("mint", List.of(new Address(grants), new Uint256(DeploymentSettings.tokens(50_000))), List.of())),
                "# Fund the GPU grants program\n\nMint 50,000 tokens to the grants multisig for Q1 provider grants.");
        BigInteger executed = propose(alice, grantsProposal);
        anvil.mine(votingDelay + 1);
        vote(alice, executed, FOR, "Providers need the runway.");
        vote(bob, executed, FOR, "");
        vote(erin, executed, AGAINST, "Too large for one quarter.");
        anvil.mine(votingPeriod);
        governor(bob).queue(grantsProposal.targets(), grantsProposal.values(), grantsProposal.calldatas(),
                grantsProposal.descriptionHash()).send();
        anvil.increaseTime(timelockDelay + 1);
        anvil.mine(1);
        governor(erin).execute(grantsProposal.targets(), grantsProposal.values(), grantsProposal.calldatas(),
                grantsProposal.descriptionHash(), BigInteger.ZERO).send();

        Proposal quorumProposal = new Proposal(
                List.of(dao.governor().address().toString()),
                encode(new Function("updateQuorumNumerator", List.of(new Uint256(10)), List.of())),
                "# Raise the quorum to 10%\n\nA higher quorum makes capture harder.");
        BigInteger defeated = propose(bob, quorumProposal);
        anvil.mine(votingDelay + 1);
        vote(alice, defeated, AGAINST, "Turnout would fall below it.");
        vote(bob, defeated, FOR, "");
        vote(erin, defeated, ABSTAIN, "");
        anvil.mine(votingPeriod);

        Optional<BigInteger> lengthened = Optional.empty();
        if (openVotingPeriodBlocks.isPresent()) {
            Proposal periodProposal = new Proposal(
                    List.of(dao.governor().address().toString()),
                    encode(new Function("setVotingPeriod", List.of(new Uint32(openVotingPeriodBlocks.get())), List.of())),
                    "# Give every vote more time\n\nA longer voting period leaves time to vote from a wallet.");
            BigInteger period = propose(alice, periodProposal);
            anvil.mine(votingDelay + 1);
            vote(alice, period, FOR, "");
            vote(bob, period, FOR, "");
            anvil.mine(votingPeriod);
            governor(alice).queue(periodProposal.targets(), periodProposal.values(), periodProposal.calldatas(),
                    periodProposal.descriptionHash()).send();
            anvil.increaseTime(timelockDelay + 1);
            anvil.mine(1);
            governor(alice).execute(periodProposal.targets(), periodProposal.values(), periodProposal.calldatas(),
                    periodProposal.descriptionHash(), BigInteger.ZERO).send();
            lengthened = Optional.of(period);
        }

        Proposal delayProposal = new Proposal(
                List.of(dao.governor().address().toString()),
                encode(new Function("setVotingDelay", List.of(new Uint48(2)), List.of())),
                "# Lengthen the voting delay\n\nGive delegates two blocks to read a proposal before votes open.");
        BigInteger active = propose(erin, delayProposal);
        anvil.mine(votingDelay + 1);
        vote(erin, active, FOR, "Small change, easy win.");
        vote(bob, active, ABSTAIN, "");

        return new Summary(executed, defeated, active, lengthened);
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
        return GovernanceToken.load(dao.token().address().toString(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private DaoGovernor governor(Credentials as) {
        return DaoGovernor.load(dao.governor().address().toString(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private static byte[] encode(Function function) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    }
}
