package dev.govengine.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
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
import dev.govengine.rewards.store.Distributor;
import dev.govengine.rewards.store.EpochResult;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.SaveOutcome;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The reward read side end to end: epochs computed as {@code epoch compute} computes them, saved in the store, and
 * served over GraphQL; a wallet account sends the served calldata to a real RewardDistributor on Anvil whose root
 * went live, and receives exactly the claimable amount. Epoch numbers 201 and up are this class's own.
 */
@QuarkusTest
class RewardQueryTest {
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final long DISPUTE_PERIOD_SECONDS = 3600;
    private static final AllocationPolicy POLICY = new AllocationPolicy(
            Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000, Program.GOVERNANCE, 2000),
            Program.DEPIN, 6000, TOKEN.divide(BigInteger.valueOf(1000)));

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    RewardStore store;

    private HttpService rpc;
    private Web3j web3j;
    private Deployer chain;

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void aWalletClaimsWithTheServedCalldataAndReceivesExactlyTheClaimableAmount() throws Exception {
        Credentials engine = DevAccounts.account(0);
        GovernanceToken token = GovernanceToken.deploy(web3j, chain.transactionManager(engine), chain.gasProvider(),
                "Reward", "RWD", engine.getAddress()).send();
        RewardDistributor contract = deployDistributor(engine, token);
        token.mint(contract.getContractAddress(), TOKEN.multiply(BigInteger.valueOf(1000))).send();
        Distributor distributor = new Distributor(AnvilNode.CHAIN_ID, ChecksumAddress.of(contract.getContractAddress()));
        String id = distributor.caip10();

        Credentials wallet = DevAccounts.account(3);
        ChecksumAddress holder = ChecksumAddress.of(wallet.getAddress());
        ChecksumAddress other = ChecksumAddress.of(DevAccounts.account(4).getAddress());
        ChecksumAddress stranger = ChecksumAddress.of("0x000000000000000000000000000000000000bEEF");

        EpochAllocation first = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN.multiply(BigInteger.valueOf(100)),
                BigInteger.ZERO, Map.of(Program.DEPIN, List.of(score(holder, 7200), score(other, 3600)),
                        Program.ROLLUP, List.of(score(holder, 2), score(other, 1)))));
        CumulativeAmounts afterFirst = CumulativeAmounts.empty().plus(first.payouts());
        EpochResult firstResult = computed(distributor, first, afterFirst);
        assertEquals(SaveOutcome.STORED, store.save(201, firstResult).await().indefinitely());
        BigInteger holderFirst = afterFirst.amountOf(holder);

        // Computed but not proposed: nothing is live yet, so nothing is claimable.
        claim(id, holder.lowerCase())
                .body("data.claim.account", is(holder.toString()))
                .body("data.claim.epoch", nullValue())
                .body("data.claim.root", nullValue())
                .body("data.claim.cumulativeAmount", is("0"))
                .body("data.claim.claimable", is("0"))
                .body("data.claim.proof", empty())
                .body("data.claim.calldata", nullValue())
                .body("data.claim.latestEpoch", is("201"))
                .body("data.claim.latestCumulativeAmount", is(holderFirst.toString()));

        contract.proposeRoot(BigInteger.valueOf(201), firstResult.tree().root().toArray(), afterFirst.total(), "test://201").send();
        claim(id, holder.toString())
                .body("data.claim.epoch", nullValue())
                .body("data.claim.claimable", is("0"))
                .body("data.claim.calldata", nullValue());

        passDisputePeriod();
        List<String> proof = firstResult.tree().proof(holder).stream().map(Bytes32::toHex).toList();
        String calldata = claim(id, holder.toString())
                .body("data.claim.distributor", is(id))
                .body("data.claim.epoch", is("201"))
                .body("data.claim.root", is(firstResult.tree().root().toHex()))
                .body("data.claim.cumulativeAmount", is(holderFirst.toString()))
                .body("data.claim.claimed", is("0"))
                .body("data.claim.claimable", is(holderFirst.toString()))
                .body("data.claim.proof", is(proof))
                .body("data.claim.calldata", matchesPattern("0x[0-9a-f]+"))
                .extract().path("data.claim.calldata");
        // The wrapper's own encoding of the same call: the served calldata is what a wallet would build itself.
        assertEquals(contract.claim(holder.toString(), holderFirst,
                firstResult.tree().proof(holder).stream().map(Bytes32::toArray).toList()).encodeFunctionCall(), calldata);

        BigInteger before = token.balanceOf(holder.toString()).send();
        send(wallet, contract.getContractAddress(), calldata);
        assertEquals(before.add(holderFirst), token.balanceOf(holder.toString()).send(),
                "the balance rises by exactly the claimable amount");
        claim(id, holder.toString())
                .body("data.claim.claimed", is(holderFirst.toString()))
                .body("data.claim.claimable", is("0"))
                .body("data.claim.proof", is(proof))
                .body("data.claim.calldata", nullValue());

        claim(id, stranger.toString())
                .body("errors", nullValue())
                .body("data.claim.epoch", is("201"))
                .body("data.claim.cumulativeAmount", is("0"))
                .body("data.claim.claimed", is("0"))
                .body("data.claim.claimable", is("0"))
                .body("data.claim.proof", empty())
                .body("data.claim.calldata", nullValue())
                .body("data.claim.latestEpoch", nullValue())
                .body("data.claim.latestCumulativeAmount", is("0"));

        // A second epoch: the holder's leaf grows, and the claim pays only the difference to what was claimed.
        EpochAllocation second = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN.multiply(BigInteger.valueOf(50)),
                first.carryOut(), Map.of(Program.GOVERNANCE, List.of(score(holder, 9), score(other, 1)))));
        CumulativeAmounts afterSecond = afterFirst.plus(second.payouts());
        EpochResult secondResult = computed(distributor, second, afterSecond);
        assertEquals(SaveOutcome.STORED, store.save(202, secondResult).await().indefinitely());
        contract.proposeRoot(BigInteger.valueOf(202), secondResult.tree().root().toArray(), afterSecond.total(), "test://202").send();
        passDisputePeriod();
        BigInteger holderSecond = afterSecond.amountOf(holder);
        BigInteger delta = holderSecond.subtract(holderFirst);
        assertTrue(delta.signum() > 0);
        String secondCalldata = claim(id, holder.toString())
                .body("data.claim.epoch", is("202"))
                .body("data.claim.cumulativeAmount", is(holderSecond.toString()))
                .body("data.claim.claimed", is(holderFirst.toString()))
                .body("data.claim.claimable", is(delta.toString()))
                .extract().path("data.claim.calldata");
        BigInteger beforeSecond = token.balanceOf(holder.toString()).send();
        // Anyone may send a claim; the tokens always go to the account.
        send(DevAccounts.account(5), contract.getContractAddress(), secondCalldata);
        assertEquals(beforeSecond.add(delta), token.balanceOf(holder.toString()).send());
        claim(id, holder.toString()).body("data.claim.claimable", is("0"));

        WalletOperations.run("AccountRewards", Map.of("distributor", id, "account", holder.toString()))
                .body("errors", nullValue())
                .body("data.rewards.epoch", contains("202", "201"))
                .body("data.rewards.cumulativeAmount", contains(holderSecond.toString(), holderFirst.toString()))
                .body("data.rewards[0].amount", is(delta.toString()))
                .body("data.rewards[0].programs.program", contains("DEPIN", "ROLLUP", "GOVERNANCE"))
                .body("data.rewards[0].programs.amount", contains("0", "0", delta.toString()));
        WalletOperations.run("AccountRewards", Map.of("distributor", id, "account", stranger.toString()))
                .body("errors", nullValue())
                .body("data.rewards", empty());

        WalletOperations.run("RewardEpoch", Map.of("number", "202"))
                .body("errors", nullValue())
                .body("data.rewardEpoch.distributor", is(id))
                .body("data.rewardEpoch.status", is("COMPUTED"))
                .body("data.rewardEpoch.statusDetail", nullValue())
                .body("data.rewardEpoch.root", is(secondResult.tree().root().toHex()))
                .body("data.rewardEpoch.totalCumulative", is(afterSecond.total().toString()))
                .body("data.rewardEpoch.carryIn", is(first.carryOut().toString()))
                .body("data.rewardEpoch.paid", is(second.paid().toString()))
                .body("data.rewardEpoch.carryOut", is(second.carryOut().toString()))
                .body("data.rewardEpoch.programs.program", contains("DEPIN", "ROLLUP", "GOVERNANCE"))
                .body("data.rewardEpoch.programs[2].paid", is(second.paid().toString()))
                .body("data.rewardEpoch.recipientCount", is(2))
                .body("data.rewardEpoch.leafCount", is(2))
                .body("data.rewardEpoch.proposeTxHash", nullValue())
                .body("data.rewardEpoch.disputeDeadline", nullValue())
                // The distributor's and the token's own answers over eth_call.
                .body("data.rewardEpoch.token.address", is(ChecksumAddress.of(contract.token().send()).toString()))
                .body("data.rewardEpoch.token.name", is(token.name().send()))
                .body("data.rewardEpoch.token.symbol", is(token.symbol().send()))
                .body("data.rewardEpoch.token.decimals", is(token.decimals().send().intValueExact()));
        WalletOperations.run("RewardEpoch", Map.of("number", "999999"))
                .body("errors[0].extensions.code", is("NOT_FOUND"))
                .body("data.rewardEpoch", nullValue());
    }

    @Test
    void rewardEpochsPagesNewestFirst() {
        Distributor distributor = new Distributor(AnvilNode.CHAIN_ID, ChecksumAddress.of("0x00000000000000000000000000000000000d1571"));
        for (long epoch = 204; epoch <= 205; epoch++) {
            EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN.multiply(BigInteger.valueOf(epoch)),
                    BigInteger.ZERO, Map.of(Program.DEPIN, List.of(score(distributor.address(), 1)))));
            store.save(epoch, computed(distributor, allocation, CumulativeAmounts.empty().plus(allocation.payouts())))
                    .await().indefinitely();
        }
        ValidatableResponse firstPage = WalletOperations.run("RewardEpochs", Map.of("first", 1))
                .body("errors", nullValue())
                .body("data.rewardEpochs.edges", hasSize(1));
        List<String> all = WalletOperations.run("RewardEpochs", Map.of("first", 100))
                .body("errors", nullValue())
                .body("data.rewardEpochs.pageInfo.hasNextPage", is(false))
                .body("data.rewardEpochs.edges.node.status", everyItem(is("COMPUTED")))
                .extract().path("data.rewardEpochs.edges.node.epoch");
        firstPage.body("data.rewardEpochs.totalCount", is(all.size()));
        WalletOperations.run("RewardEpochs", Map.of("first", 0))
                .body("data.rewardEpochs.edges", hasSize(0))
                .body("data.rewardEpochs.pageInfo.hasNextPage", is(true))
                .body("data.rewardEpochs.pageInfo.endCursor", nullValue())
                .body("data.rewardEpochs.totalCount", is(all.size()));
        assertTrue(all.containsAll(List.of("204", "205")), all::toString);
        String cursor = firstPage.body("data.rewardEpochs.pageInfo.hasNextPage", is(true))
                .extract().path("data.rewardEpochs.pageInfo.endCursor");
        WalletOperations.run("RewardEpochs", Map.of("first", 1, "after", cursor))
                .body("errors", nullValue())
                .body("data.rewardEpochs.edges.node.epoch", contains(all.get(1)))
                .body("data.rewardEpochs.edges.node.epoch", not(hasItem(all.get(0))));
        // No contract answers token() at this distributor's address.
        WalletOperations.run("RewardEpoch", Map.of("number", "205"))
                .body("errors", nullValue())
                .body("data.rewardEpoch.token", nullValue());
        List<Long> numbers = all.stream().map(Long::parseLong).toList();
        assertEquals(numbers.stream().sorted((a, b) -> Long.compare(b, a)).toList(), numbers, "newest first");
    }

    @Test
    void badInputsAreRefusedWithTheirCodes() throws Exception {
        String unknown = "eip155:31337:0x00000000000000000000000000000000000000aa";
        claim(unknown, "0x000000000000000000000000000000000000bEEF")
                .body("data.claim", nullValue())
                .body("errors[0].extensions.code", is("NOT_FOUND"));
        claim("eip155:31337:0x12345", "0x000000000000000000000000000000000000bEEF")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"));
        claim("distributor-1", "0x000000000000000000000000000000000000bEEF")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        claim(unknown, "0xnotanaddress")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"));
        WalletOperations.run("AccountRewards", Map.of("distributor", unknown, "account", "0x000000000000000000000000000000000000bEEF"))
                .body("errors[0].extensions.code", is("NOT_FOUND"));
        WalletOperations.run("RewardEpochs", Map.of("first", 101))
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"));
        WalletOperations.run("RewardEpochs", Map.of("first", 5, "after", "not-a-cursor"))
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        WalletOperations.run("RewardEpoch", Map.of("number", "-1"))
                .body("errors[0].extensions.code", is("BAD_INPUT"));
    }

    @Test
    void aLiveRootThisServiceDidNotStoreIsNotServed() throws Exception {
        Credentials engine = DevAccounts.account(0);
        GovernanceToken token = GovernanceToken.deploy(web3j, chain.transactionManager(engine), chain.gasProvider(),
                "Other", "OTH", engine.getAddress()).send();
        RewardDistributor contract = deployDistributor(engine, token);
        token.mint(contract.getContractAddress(), TOKEN).send();
        Distributor distributor = new Distributor(AnvilNode.CHAIN_ID, ChecksumAddress.of(contract.getContractAddress()));
        ChecksumAddress holder = ChecksumAddress.of(DevAccounts.account(6).getAddress());
        EpochAllocation stored = EpochAllocator.allocate(POLICY, new EpochInput(TOKEN, BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(holder, 1)))));
        EpochResult result = computed(distributor, stored, CumulativeAmounts.empty().plus(stored.payouts()));
        assertEquals(SaveOutcome.STORED, store.save(203, result).await().indefinitely());

        // Another root for the same epoch goes live on chain: a proof from this store would not verify against it.
        byte[] otherRoot = StandardMerkleTree.of(CumulativeAmounts.of(Map.of(holder, BigInteger.TWO)).leaves()).root().toArray();
        contract.proposeRoot(BigInteger.valueOf(203), otherRoot, BigInteger.TWO, "test://other").send();
        passDisputePeriod();
        claim(distributor.caip10(), holder.toString())
                .body("data.claim", nullValue())
                .body("errors[0].extensions.code", is("ROOT_NOT_STORED"));
    }

    private RewardDistributor deployDistributor(Credentials engine, GovernanceToken token) throws Exception {
        return RewardDistributor.deploy(web3j, chain.transactionManager(engine), chain.gasProvider(),
                token.getContractAddress(), engine.getAddress(), engine.getAddress(), engine.getAddress(),
                BigInteger.valueOf(DISPUTE_PERIOD_SECONDS), BigInteger.valueOf(DISPUTE_PERIOD_SECONDS), TOKEN, TOKEN,
                // The test's first epoch is 201.
                BigInteger.valueOf(1_000)).send();
    }

    private void passDisputePeriod() throws Exception {
        AnvilControl control = new AnvilControl(rpc);
        control.increaseTime(DISPUTE_PERIOD_SECONDS + 1);
        control.mine(1);
    }

    /** Sends {@code calldata} as it is, from a funded dev account, and waits for a successful receipt. */
    private void send(Credentials from, String to, String calldata) throws Exception {
        TransactionManager tx = chain.transactionManager(from);
        EthSendTransaction sent = tx.sendEIP1559Transaction(AnvilNode.CHAIN_ID, BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(500_000), to, calldata, BigInteger.ZERO);
        assertTrue(!sent.hasError(), () -> sent.getError().getMessage());
        TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, 100, 600)
                .waitForTransactionReceipt(sent.getTransactionHash());
        assertTrue(receipt.isStatusOK(), "the claim succeeded: " + receipt);
    }

    private static EpochResult computed(Distributor distributor, EpochAllocation allocation, CumulativeAmounts cumulative) {
        return new EpochResult(distributor, null, allocation, cumulative, StandardMerkleTree.of(cumulative.leaves()));
    }

    private static ValidatableResponse claim(String distributor, String account) {
        return WalletOperations.run("Claim", Map.of("distributor", distributor, "account", account));
    }

    private static Score score(ChecksumAddress account, long score) {
        return new Score(account, BigInteger.valueOf(score));
    }
}
