package dev.govengine.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.EpochAllocator;
import dev.govengine.rewards.allocation.EpochInput;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The Java allocation and tree end to end on a real chain: two epochs are allocated, their cumulative roots are
 * proposed to a RewardDistributor deployed through the wrappers, and after the dispute period the contract pays
 * claims made with the Java proofs, through {@code claim} and the flattened {@code claimMany}.
 */
@QuarkusTest
class DistributorAcceptsJavaProofsTest {
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final long DISPUTE_PERIOD_SECONDS = 3600;
    private static final AllocationPolicy POLICY = new AllocationPolicy(
            Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000, Program.GOVERNANCE, 2000),
            Program.DEPIN, 6000, TOKEN.divide(BigInteger.valueOf(1000)));

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    private HttpService rpc;
    private Web3j web3j;

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void distributorPaysClaimsMadeWithJavaProofs() throws Exception {
        Credentials engine = DevAccounts.account(0);
        Deployer chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
        GovernanceToken token = GovernanceToken.deploy(web3j, chain.transactionManager(engine), chain.gasProvider(),
                "Reward", "RWD", engine.getAddress()).send();
        RewardDistributor distributor = RewardDistributor.deploy(web3j, chain.transactionManager(engine), chain.gasProvider(),
                token.getContractAddress(), engine.getAddress(), engine.getAddress(), engine.getAddress(),
                BigInteger.valueOf(DISPUTE_PERIOD_SECONDS), BigInteger.valueOf(DISPUTE_PERIOD_SECONDS), TOKEN, TOKEN,
                BigInteger.TEN).send();
        token.mint(distributor.getContractAddress(), TOKEN.multiply(BigInteger.valueOf(1000))).send();

        List<ChecksumAddress> accounts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            accounts.add(ChecksumAddress.of(DevAccounts.account(i).getAddress()));
        }
        EpochAllocation first = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN.multiply(BigInteger.valueOf(100)),
                BigInteger.ZERO, Map.of(
                        Program.DEPIN, List.of(score(accounts.get(0), 7200), score(accounts.get(1), 3600), score(accounts.get(2), 1)),
                        Program.ROLLUP, List.of(score(accounts.get(1), 3), score(accounts.get(3), 1)),
                        Program.GOVERNANCE, List.of(score(accounts.get(0), 10), score(accounts.get(4), 10)))));
        CumulativeAmounts afterFirst = CumulativeAmounts.empty().plus(first.payouts());
        StandardMerkleTree firstTree = StandardMerkleTree.of(afterFirst.leaves());
        goLive(distributor, 1, firstTree, afterFirst);

        ChecksumAddress single = accounts.get(0);
        distributor.claim(single.toString(), afterFirst.amountOf(single), proofBytes(firstTree.proof(single))).send();
        claimMany(distributor, firstTree, afterFirst, accounts.subList(1, 4));
        for (ChecksumAddress account : accounts.subList(0, 4)) {
            assertEquals(afterFirst.amountOf(account), token.balanceOf(account.toString()).send(), account.toString());
        }

        EpochAllocation second = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN.multiply(BigInteger.valueOf(50)),
                first.carryOut(), Map.of(Program.DEPIN, List.of(score(accounts.get(1), 1), score(accounts.get(4), 2)))));
        CumulativeAmounts afterSecond = afterFirst.plus(second.payouts());
        StandardMerkleTree secondTree = StandardMerkleTree.of(afterSecond.leaves());
        goLive(distributor, 2, secondTree, afterSecond);

        claimMany(distributor, secondTree, afterSecond, List.of(accounts.get(1), accounts.get(4)));
        for (ChecksumAddress account : List.of(accounts.get(1), accounts.get(4))) {
            assertEquals(afterSecond.amountOf(account), token.balanceOf(account.toString()).send(),
                    account + " holds all it ever earned, paid as cumulative minus claimed");
        }
        assertEquals(afterSecond.amountOf(single), distributor.claimed(single.toString()).send());
    }

    private void goLive(RewardDistributor distributor, long epoch, StandardMerkleTree tree, CumulativeAmounts amounts)
            throws Exception {
        distributor.proposeRoot(BigInteger.valueOf(epoch), tree.root().toArray(), amounts.total(), "test://epoch/" + epoch).send();
        AnvilControl control = new AnvilControl(rpc);
        control.increaseTime(DISPUTE_PERIOD_SECONDS + 1);
        control.mine(1);
        var live = distributor.liveRoot().send();
        assertEquals(BigInteger.valueOf(epoch), live.component1());
        assertArrayEquals(tree.root().toArray(), live.component2());
        for (int i = 0; i < tree.size(); i++) {
            var value = tree.values().get(i).value();
            assertTrue(distributor.verifyClaim(value.account().toString(), value.amount(), proofBytes(tree.proof(i))).send(),
                    "the contract verifies the Java proof of " + value.account());
        }
    }

    private static void claimMany(RewardDistributor distributor, StandardMerkleTree tree, CumulativeAmounts amounts,
                                  List<ChecksumAddress> accounts) throws Exception {
        List<String> addresses = new ArrayList<>();
        List<BigInteger> cumulative = new ArrayList<>();
        List<byte[]> proofNodes = new ArrayList<>();
        List<BigInteger> proofLengths = new ArrayList<>();
        for (ChecksumAddress account : accounts) {
            List<byte[]> proof = proofBytes(tree.proof(account));
            addresses.add(account.toString());
            cumulative.add(amounts.amountOf(account));
            proofNodes.addAll(proof);
            proofLengths.add(BigInteger.valueOf(proof.size()));
        }
        distributor.claimMany(addresses, cumulative, proofNodes, proofLengths).send();
    }

    private static List<byte[]> proofBytes(List<Bytes32> proof) {
        return proof.stream().map(Bytes32::toArray).toList();
    }

    private static Score score(ChecksumAddress account, long score) {
        return new Score(account, BigInteger.valueOf(score));
    }
}
