package dev.govengine.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.api.WalletOperations;
import dev.govengine.contracts.generated.BurnableVotesToken;
import dev.govengine.contracts.generated.SimpleGovernor;
import dev.govengine.contracts.generated.VotesNft;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.GovernorSyncer;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * The votes token through the wallet API against OpenZeppelin's ERC20Votes and ERC721Votes on Anvil, the chain as
 * oracle: balances, supply, metadata, delegates and voting power equal what the token answers by eth_call, after
 * transfers, mints, burns, delegation and a reorg, with balances held before the Governor's start block included.
 */
@QuarkusTest
class TokenIndexTest {
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final List<Credentials> ACCOUNTS = List.of(DevAccounts.account(1), DevAccounts.account(2),
            DevAccounts.account(3), DevAccounts.account(4), DevAccounts.account(5));
    private static final Credentials ALICE = ACCOUNTS.get(0);
    private static final Credentials BOB = ACCOUNTS.get(1);
    private static final Credentials CAROL = ACCOUNTS.get(2);
    private static final Credentials DAVE = ACCOUNTS.get(3);
    private static final Credentials ERIN = ACCOUNTS.get(4);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ReorgRollback rollback;

    @Inject
    GovernorSyncer syncer;

    private Web3j web3j;
    private Deployer deployer;
    private AnvilControl anvil;

    @BeforeEach
    void connect() {
        HttpService rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void anErc20VotesTokenIsServedAsItAnswersThroughTransfersMintsBurnsDelegationAndAReorg() throws Exception {
        BurnableVotesToken token = BurnableVotesToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider()).send();
        // Minted and moved before the start block: Erin's tokens never move again, so no indexed log names her.
        token.mint(ALICE.getAddress(), units(1_000)).send();
        token.mint(BOB.getAddress(), units(500)).send();
        token.mint(ERIN.getAddress(), units(300)).send();
        as(token, ALICE).transfer(CAROL.getAddress(), units(100)).send();
        token.burn(BOB.getAddress(), units(20)).send();
        SimpleGovernor governor = SimpleGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Balances Governor", token.getContractAddress(), BigInteger.ONE,
                BigInteger.TEN, BigInteger.valueOf(4)).send();
        long startBlock = governor.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("balances", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(governor.getContractAddress()), startBlock));
        try {
            as(token, ALICE).delegate(ALICE.getAddress()).send();
            as(token, BOB).delegate(ALICE.getAddress()).send();
            as(token, CAROL).delegate(CAROL.getAddress()).send();
            as(token, ALICE).transfer(BOB.getAddress(), units(250)).send();
            token.mint(DAVE.getAddress(), units(42)).send();
            token.burn(CAROL.getAddress(), units(30)).send();
            as(token, BOB).delegate(CAROL.getAddress()).send();
            coordinator.runCycle();
            assertServedAsTheTokenAnswers(indexed, token);

            JsonPath alice = accountPage(indexed, ALICE, 20);
            assertEquals("Burnable Votes", alice.getString("data.governor.votesToken.name"));
            assertEquals("BVT", alice.getString("data.governor.votesToken.symbol"));
            assertEquals(18, alice.getInt("data.governor.votesToken.decimals"));
            // Alice's power moved with her self-delegation, Bob's delegation to her and Bob's move to Carol; not with
            // her transfer to Bob, whose votes she held then.
            assertEquals(3, alice.getInt("data.account.votingPowerHistory.totalCount"));
            assertEquals("0", alice.getString("data.account.votingPowerHistory.edges[2].node.previousVotes"));
            assertEquals(token.getVotes(ALICE.getAddress()).send().toString(),
                    alice.getString("data.account.votingPowerHistory.edges[0].node.newVotes"));
            assertTrue(alice.getString("data.account.votingPowerHistory.edges[0].node.timestamp").endsWith("Z"));
            // Alice took part in her own delegation and Bob's two; Carol in her own and Bob's move to her.
            assertEquals(3, alice.getInt("data.account.delegationHistory.totalCount"));
            assertEquals(ALICE.getAddress(), alice.getString("data.account.delegationHistory.edges[0].node.fromDelegate")
                    .toLowerCase());
            assertEquals(BOB.getAddress(), alice.getString("data.account.delegationHistory.edges[0].node.delegator")
                    .toLowerCase());
            JsonPath carol = accountPage(indexed, CAROL, 1);
            assertEquals(2, carol.getInt("data.account.delegators.totalCount"));
            assertEquals(2, carol.getInt("data.account.delegationHistory.totalCount"));
            assertTrue(carol.getBoolean("data.account.delegationHistory.pageInfo.hasNextPage"));
            JsonPath next = WalletOperations.run("AccountToken", Map.of("governor", indexed.id(),
                    "address", CAROL.getAddress(), "first", 1,
                    "delegationsAfter", carol.getString("data.account.delegationHistory.pageInfo.endCursor")))
                    .extract().jsonPath();
            assertEquals(CAROL.getAddress(), next.getString("data.account.delegationHistory.edges[0].node.delegator")
                    .toLowerCase(), "her own delegation, older than Bob's move");
            assertEquals(false, next.getBoolean("data.account.delegationHistory.pageInfo.hasNextPage"));

            SimpleGovernor asAlice = SimpleGovernor.load(governor.getContractAddress(), web3j,
                    deployer.transactionManager(ALICE), deployer.gasProvider());
            BigInteger proposal = SimpleGovernor.getProposalCreatedEvents(asAlice.propose(
                    List.of(token.getContractAddress()), List.of(BigInteger.ZERO), List.of(new byte[0]),
                    "# Balances\nand a vote").send()).get(0).proposalId;
            anvil.mine(2);
            asAlice.castVote(proposal, BigInteger.ONE).send();
            coordinator.runCycle();
            for (Credentials account : List.of(ALICE, ERIN)) {
                JsonPath voted = WalletOperations.run("AccountVote", Map.of("governor", indexed.id(),
                        "address", account.getAddress(), "proposalId", proposal.toString())).extract().jsonPath();
                boolean hasVoted = governor.hasVoted(proposal, account.getAddress()).send();
                assertEquals(hasVoted, voted.getBoolean("data.account.hasVoted"), "hasVoted " + account.getAddress());
                assertEquals(hasVoted ? 1 : 0, voted.getList("data.votes.edges").size());
                if (hasVoted) {
                    assertEquals("FOR", voted.getString("data.account.vote.support"));
                    assertEquals(governor.getVotes(account.getAddress(), governor.proposalSnapshot(proposal).send())
                            .send().toString(), voted.getString("data.account.vote.weight"));
                } else {
                    assertNull(voted.get("data.account.vote"));
                }
            }
            JsonPath unknown = WalletOperations.run("AccountVote", Map.of("governor", indexed.id(),
                    "address", ALICE.getAddress(), "proposalId", "12345")).extract().jsonPath();
            assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"));

            String beforeFork = anvil.snapshot();
            as(token, ALICE).transfer(DAVE.getAddress(), units(600)).send();
            token.burn(ERIN.getAddress(), units(300)).send();
            as(token, DAVE).delegate(DAVE.getAddress()).send();
            coordinator.runCycle();
            assertServedAsTheTokenAnswers(indexed, token);

            anvil.revert(beforeFork);
            as(token, CAROL).transfer(ERIN.getAddress(), units(5)).send();
            token.mint(BOB.getAddress(), units(7)).send();
            anvil.mine(3);
            coordinator.runCycle();
            assertServedAsTheTokenAnswers(indexed, token);

            rollback.rollBack(syncer.source(indexed), null);
            coordinator.runCycle();
            assertServedAsTheTokenAnswers(indexed, token);
        } finally {
            registry.unregister(indexed.id());
        }
    }

    @Test
    void anErc721VotesTokenCountsTokens() throws Exception {
        VotesNft nft = VotesNft.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider()).send();
        nft.mint(ALICE.getAddress(), BigInteger.valueOf(3)).send();
        nft.mint(BOB.getAddress(), BigInteger.TWO).send();
        SimpleGovernor governor = SimpleGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "NFT Governor", nft.getContractAddress(), BigInteger.ONE, BigInteger.TEN,
                BigInteger.valueOf(4)).send();
        long startBlock = governor.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("nft-balances", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(governor.getContractAddress()), startBlock));
        try {
            nft.mint(CAROL.getAddress(), BigInteger.ONE).send();
            VotesNft.load(nft.getContractAddress(), web3j, deployer.transactionManager(ALICE), deployer.gasProvider())
                    .transferFrom(ALICE.getAddress(), CAROL.getAddress(), BigInteger.ONE).send();
            anvil.mine(1);
            coordinator.runCycle();
            JsonPath page = accountPage(indexed, CAROL, 20);
            assertEquals("Votes NFT", page.getString("data.governor.votesToken.name"));
            assertEquals("VNFT", page.getString("data.governor.votesToken.symbol"));
            assertNull(page.get("data.governor.votesToken.decimals"), "ERC-721 has no decimals()");
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            assertEquals(nft.getPastTotalSupply(BigInteger.valueOf(head - 1)).send().toString(),
                    page.getString("data.governor.votesToken.totalSupply"), "getPastTotalSupply before the head");
            for (Credentials account : List.of(ALICE, BOB, CAROL)) {
                assertEquals(nft.balanceOf(account.getAddress()).send().toString(),
                        accountPage(indexed, account, 1).getString("data.account.balance"), "balanceOf " + account.getAddress());
            }
            assertEquals(List.of("2", "2", "2"), holders(indexed).stream().map(holder -> holder.get(1)).toList());
        } finally {
            registry.unregister(indexed.id());
        }
    }

    /** Every balance, the supply, the holders, delegates, voting power and delegators equal the token's answers. */
    private void assertServedAsTheTokenAnswers(IndexedGovernor indexed, BurnableVotesToken token) throws Exception {
        Map<String, String> delegateOf = new HashMap<>();
        Map<String, JsonPath> pages = new HashMap<>();
        List<List<String>> expectedHolders = new ArrayList<>();
        for (Credentials account : ACCOUNTS) {
            String address = account.getAddress();
            BigInteger balance = token.balanceOf(address).send();
            JsonPath page = accountPage(indexed, account, 20);
            pages.put(address, page);
            assertEquals(token.totalSupply().send().toString(), page.getString("data.governor.votesToken.totalSupply"));
            assertEquals(balance.toString(), page.getString("data.account.balance"), "balanceOf " + address);
            assertEquals(token.getVotes(address).send().toString(), page.getString("data.account.votingPower"),
                    "getVotes " + address);
            String delegate = token.delegates(address).send();
            String served = page.getString("data.account.delegate");
            assertEquals(delegate.equals("0x0000000000000000000000000000000000000000") ? null : delegate,
                    served == null ? null : served.toLowerCase(), "delegates " + address);
            delegateOf.put(address, delegate);
            if (balance.signum() > 0) {
                expectedHolders.add(List.of(address, balance.toString()));
            }
        }
        expectedHolders.sort(Comparator.<List<String>, BigInteger>comparing(h -> new BigInteger(h.get(1))).reversed()
                .thenComparing(h -> h.get(0)));
        assertEquals(expectedHolders, holders(indexed));
        for (Credentials account : ACCOUNTS) {
            JsonPath page = pages.get(account.getAddress());
            List<String> expected = ACCOUNTS.stream().map(Credentials::getAddress)
                    .filter(a -> delegateOf.get(a).equals(account.getAddress())).sorted().toList();
            List<String> served = page.<String>getList("data.account.delegators.edges.node.address").stream()
                    .map(String::toLowerCase).sorted().toList();
            assertEquals(expected, served, "the accounts delegating to " + account.getAddress());
            assertEquals(expected.size(), page.getInt("data.account.delegators.totalCount"));
        }
    }

    /** The holders list, walked two at a time, as (lower-case address, balance). */
    private List<List<String>> holders(IndexedGovernor indexed) {
        List<List<String>> holders = new ArrayList<>();
        String after = null;
        int total;
        do {
            Map<String, Object> variables = new HashMap<>(Map.of("governor", indexed.id(), "first", 2));
            if (after != null) {
                variables.put("after", after);
            }
            JsonPath page = WalletOperations.run("Holders", variables).extract().jsonPath();
            assertNull(page.get("errors"), () -> page.prettify());
            total = page.getInt("data.holders.totalCount");
            List<String> addresses = page.getList("data.holders.edges.node.address");
            List<String> balances = page.getList("data.holders.edges.node.balance");
            for (int i = 0; i < addresses.size(); i++) {
                holders.add(List.of(addresses.get(i).toLowerCase(), balances.get(i)));
            }
            after = page.getBoolean("data.holders.pageInfo.hasNextPage")
                    ? page.getString("data.holders.pageInfo.endCursor") : null;
        } while (after != null);
        assertEquals(total, holders.size(), "totalCount is the whole list");
        return holders;
    }

    private static JsonPath accountPage(IndexedGovernor indexed, Credentials account, int first) {
        JsonPath page = WalletOperations.run("AccountToken", Map.of("governor", indexed.id(),
                "address", account.getAddress(), "first", first)).extract().jsonPath();
        assertNull(page.get("errors"), () -> page.prettify());
        return page;
    }

    private BurnableVotesToken as(BurnableVotesToken token, Credentials holder) {
        return BurnableVotesToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holder),
                deployer.gasProvider());
    }

    private static BigInteger units(long whole) {
        return DaoOnAnvil.tokens(whole);
    }
}
