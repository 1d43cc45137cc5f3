package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Issue 7's whole loop on {@code ./engine devnet}, with nobody touching the engine: the DAO votes a bigger reward
 * budget through the Governor (proposed with {@code governance propose-policy}), epoch 1 ends, the engine closes,
 * computes and posts its root by itself, the dispute window passes, the engine finalizes it, and a wallet claims
 * with the proof and calldata GraphQL serves. The test plays only the outside world: the DAO's members, the clock
 * (Anvil's time controls) and a wallet.
 */
class FullLoopSystemIT {
    private static final Pattern RPC_LINE = Pattern.compile("RPC URL\\s+(http://127\\.0\\.0\\.1:\\d+) \\(chain id 31337\\)");
    private static final Pattern DEPLOYMENT_FILE_LINE = Pattern.compile("Deployment file\\s+(\\S+)");
    private static final Pattern PROPOSAL_ID_LINE = Pattern.compile("(?m)^proposal id: (\\d+)$");
    private static final Pattern DESCRIPTION_HASH_LINE = Pattern.compile("(?m)^description hash: (0x[0-9a-f]{64})$");
    private static final Pattern ACTION_LINE = Pattern.compile("(?m)^action \\d+: (0x[0-9a-fA-F]{40}) \\S+ calldata (0x[0-9a-f]+)$");
    private static final Duration ENGINE_WAIT = Duration.ofSeconds(180);
    private static final BigInteger NEW_BUDGET = DeploymentSettings.tokens(12_500);
    private static final BigInteger FOR = BigInteger.ONE;
    private static final BigInteger SUCCEEDED = BigInteger.valueOf(4);
    private static final BigInteger EXECUTED = BigInteger.valueOf(7);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDaoVotesABudgetTheEnginePostsEpochOneAndAWalletClaimsItsReward() throws Exception {
        // A one-second tick only shortens the waits; the lifecycle is the one the default ten seconds runs. Hourly
        // epochs leave the vote below ample time to close within epoch 1, however slowly the machine boots devnet.
        try (ServiceProcess devnet = ServiceProcess.start(List.of("devnet", "--epoch-length", "3600",
                "--dispute-period", "600"), Map.of("gov.rewards.epochs.tick-interval", "1s"))) {
            devnet.awaitReady();
            devnet.awaitPrinted("Press Ctrl-C", Duration.ofSeconds(10));
            String rpcUrl = printed(devnet, RPC_LINE);
            Path deploymentFile = Path.of(printed(devnet, DEPLOYMENT_FILE_LINE));
            Deployment deployment = DeploymentJson.read(deploymentFile);
            HttpService rpc = new HttpService(rpcUrl);
            Web3j web3j = Web3j.build(rpc);
            try {
                Chain chain = new Chain(web3j, new AnvilControl(rpc), new Deployer(web3j, AnvilNode.CHAIN_ID), deployment);
                RewardPolicy policy = chain.policy();
                long epochLength = policy.epochLength().send().longValueExact();
                long epochOneEnd = chain.timestamp(deployment.rewardPolicy().block()) + epochLength;
                Credentials alice = DevAccounts.account(1);

                // 1. The DAO votes a bigger budget.
                assertNotEquals(NEW_BUDGET, policy.budgetPerEpoch().send());
                String proposed = proposePolicy(rpcUrl, deploymentFile, alice);
                BigInteger proposalId = new BigInteger(match(proposed, PROPOSAL_ID_LINE).group(1));
                chain.anvil.mine(deployment.settings().votingDelayBlocks().longValueExact() + 1);
                // Accounts 1, 2 and 5 hold the votes: 3 and 4 delegated theirs to 1 and 2 while the demo was seeded.
                for (int holder : new int[] {1, 2, 5}) {
                    chain.governor(DevAccounts.account(holder)).castVote(proposalId, FOR).send();
                }
                // The seeded DAO voted itself an hour-long voting period after its deployment.
                chain.anvil.mine(chain.governor(alice).votingPeriod().send().longValueExact());
                DaoGovernor governor = chain.governor(alice);
                assertEquals(SUCCEEDED, governor.state(proposalId).send(), "the vote passed");
                Actions actions = Actions.of(proposed);
                governor.queue(actions.targets(), actions.values(), actions.calldatas(), actions.descriptionHash()).send();
                chain.anvil.increaseTime(deployment.settings().timelockDelaySeconds().longValueExact() + 1);
                chain.anvil.mine(1);
                governor.execute(actions.targets(), actions.values(), actions.calldatas(), actions.descriptionHash(),
                        BigInteger.ZERO).send();
                assertEquals(EXECUTED, governor.state(proposalId).send());
                assertEquals(NEW_BUDGET, policy.budgetPerEpoch().send(), "the policy holds the budget the DAO voted");
                // The vote is epoch 1's governance participation only if it closed within epoch 1.
                long deadline = chain.timestamp(governor.proposalDeadline(proposalId).send().longValueExact());
                assertTrue(deadline < epochOneEnd, "the vote closed at " + deadline + ", epoch 1 ends at " + epochOneEnd);
                assertTrue(chain.latestTimestamp() < epochOneEnd, "the new budget is in force before epoch 1 ends");

                // 2. Time passes: epoch 1 ends. Devnet's interval mining keeps producing blocks after this one.
                chain.anvil.increaseTime(epochLength);
                chain.anvil.mine(1);

                // 3. The engine, alone, closes epoch 1, computes it under the policy in force at its end, and posts it.
                JsonNode submitted = awaitEpochOne(devnet, "SUBMITTED");
                assertEquals(NEW_BUDGET.toString(), submitted.path("budget").asText(), "the budget the DAO voted in");
                BigInteger governancePool = NEW_BUDGET.multiply(policy.governanceBps().send()).divide(BPS);
                assertEquals(governancePool.toString(), program(submitted, "GOVERNANCE").path("pool").asText());
                String root = submitted.path("root").asText();
                RewardDistributor distributor = chain.distributor(alice);
                var pending = distributor.pendingRoot().send();
                assertEquals(BigInteger.ONE, pending.component1(), "epoch 1's root is the pending one");
                assertEquals(root, Numeric.toHexString(pending.component2()), "the distributor holds GraphQL's root");
                String proposeTx = submitted.path("proposeTxHash").asText();
                var posted = web3j.ethGetTransactionByHash(proposeTx).send().getTransaction().orElseThrow(
                        () -> new AssertionError("proposeTxHash " + proposeTx + " is not on chain"));
                assertEquals(deployment.settings().updater().lowerCase(), posted.getFrom().toLowerCase(),
                        "posted by the engine's signer");
                assertEquals(deployment.rewardDistributor().address().lowerCase(), posted.getTo().toLowerCase());

                // 4. The dispute window passes undisputed: the engine finalizes the epoch.
                chain.anvil.increaseTime(deployment.settings().disputePeriodSeconds().longValueExact() + 1);
                chain.anvil.mine(1);
                awaitEpochOne(devnet, "FINALIZED");
                assertEquals(root, Numeric.toHexString(distributor.liveRoot().send().component2()));

                // 5. A voter's wallet asks GraphQL for its claim and sends the calldata as it is.
                Map<String, Object> claimQuery = Map.of(
                        "distributor", "eip155:" + AnvilNode.CHAIN_ID + ":" + deployment.rewardDistributor().address(),
                        "account", alice.getAddress());
                JsonNode claim = data(devnet, devnet.operation("Claim", claimQuery).body()).path("claim");
                assertEquals("1", claim.path("epoch").asText(), claim.toString());
                assertEquals(root, claim.path("root").asText());
                assertEquals("0", claim.path("claimed").asText());
                BigInteger claimable = new BigInteger(claim.path("claimable").asText());
                // Epoch 1's only voters with votes are accounts 1, 2 and 5, and none may take more than the recipient
                // cap, a quarter of the pool: three caps leave the pool unexhausted, so each is paid exactly the cap.
                BigInteger cap = governancePool.multiply(policy.recipientCapBps().send()).divide(BPS);
                assertEquals(cap, claimable, claim.toString());
                GovernanceToken token = chain.token(alice);
                BigInteger before = token.balanceOf(alice.getAddress()).send();
                TransactionReceipt claimed = chain.send(alice, deployment.rewardDistributor().address().toString(),
                        claim.path("calldata").asText());
                assertTrue(claimed.isStatusOK(), claimed.toString());
                assertEquals(before.add(claimable), token.balanceOf(alice.getAddress()).send(), "paid exactly the claim");
                JsonNode again = data(devnet, devnet.operation("Claim", claimQuery).body()).path("claim");
                assertEquals("0", again.path("claimable").asText(), again.toString());
                assertEquals(claimable.toString(), again.path("claimed").asText());
            } finally {
                web3j.shutdown();
            }
        }
    }

    /**
     * {@code governance propose-policy} from the packaged service, signed with the proposer's keystore; returns what
     * it printed.
     */
    private String proposePolicy(String rpcUrl, Path deploymentFile, Credentials proposer) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, """
                {
                  "description": "# Raise the reward budget\\n\\n12,500 tokens per epoch instead of 10,000.",
                  "budgetPerEpoch": "%s"
                }""".formatted(NEW_BUDGET));
        String password = "proposer's password";
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Path keystore = dir.resolve(WalletUtils.generateWalletFile(password, proposer.getEcKeyPair(), dir.toFile(), false));
        for (Path secret : List.of(passwordFile, keystore)) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        try (ServiceProcess cli = ServiceProcess.start(List.of("governance", "propose-policy", "--file", file.toString(),
                        "--deployment", deploymentFile.toString()),
                Map.of("gov.chains.devnet.rpc-url", rpcUrl,
                        "gov.chains.devnet.chain-id", Long.toString(AnvilNode.CHAIN_ID),
                        "gov.chains.devnet.confirmations", "0",
                        "gov.submission.keystore-file", keystore.toString(),
                        "gov.submission.keystore-password-file", passwordFile.toString()))) {
            int status = cli.awaitExit();
            String output = cli.output();
            assertEquals(0, status, output);
            assertTrue(output.toLowerCase().contains("proposer: " + proposer.getAddress().toLowerCase()), output);
            return output;
        }
    }

    /**
     * Polls rewardEpoch(number: "1") until it is {@code wanted} or has gone where the loop should not take it, for
     * at most {@link #ENGINE_WAIT}.
     */
    private static JsonNode awaitEpochOne(ServiceProcess devnet, String wanted) {
        List<String> stops = List.of(wanted, "FINALIZED", "DISPUTED", "SUBMIT_FAILED");
        AtomicReference<JsonNode> body = new AtomicReference<>();
        JsonNode epoch;
        try {
            epoch = await().atMost(ENGINE_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        body.set(JSON.readTree(devnet.operation("RewardEpoch", Map.of("number", "1")).body()));
                        return body.get().path("data").path("rewardEpoch");
                    }, answer -> stops.contains(answer.path("status").asText()));
        } catch (ConditionTimeoutException late) {
            return fail("epoch 1 not " + wanted + " within " + ENGINE_WAIT + "; last answer: " + body.get() + "\n"
                    + devnet.output(), late);
        }
        assertEquals(wanted, epoch.path("status").asText(), epoch + "\n" + devnet.output());
        return epoch;
    }

    private static JsonNode data(ServiceProcess devnet, String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        assertTrue(json.path("errors").isMissingNode(), body + "\n" + devnet.output());
        return json.path("data");
    }

    private static JsonNode program(JsonNode epoch, String name) {
        for (JsonNode program : epoch.path("programs")) {
            if (program.path("program").asText().equals(name)) {
                return program;
            }
        }
        return fail("no program " + name + " in " + epoch);
    }

    private static String printed(ServiceProcess devnet, Pattern line) {
        return match(devnet.output(), line).group(1);
    }

    private static Matcher match(String output, Pattern line) {
        Matcher matcher = line.matcher(output);
        assertTrue(matcher.find(), line + " is printed:\n" + output);
        return matcher;
    }

    /** The proposal's actions as the command printed them: what queue and execute name it by. */
    private record Actions(List<String> targets, List<byte[]> calldatas, byte[] descriptionHash) {
        static Actions of(String output) {
            List<String> targets = new ArrayList<>();
            List<byte[]> calldatas = new ArrayList<>();
            Matcher action = ACTION_LINE.matcher(output);
            while (action.find()) {
                targets.add(action.group(1));
                calldatas.add(Numeric.hexStringToByteArray(action.group(2)));
            }
            assertEquals(1, targets.size(), output);
            return new Actions(targets, calldatas,
                    Numeric.hexStringToByteArray(match(output, DESCRIPTION_HASH_LINE).group(1)));
        }

        List<BigInteger> values() {
            return targets.stream().map(target -> BigInteger.ZERO).toList();
        }
    }

    /** The devnet chain as its users reach it: the contracts' wrappers, signed by each user's own key. */
    private record Chain(Web3j web3j, AnvilControl anvil, Deployer deployer, Deployment deployment) {
        RewardPolicy policy() {
            return RewardPolicy.load(deployment.rewardPolicy().address().toString(), web3j,
                    deployer.transactionManager(DevAccounts.account(0)), deployer.gasProvider());
        }

        DaoGovernor governor(Credentials as) {
            return DaoGovernor.load(deployment.governor().address().toString(), web3j, deployer.transactionManager(as),
                    deployer.gasProvider());
        }

        RewardDistributor distributor(Credentials as) {
            return RewardDistributor.load(deployment.rewardDistributor().address().toString(), web3j,
                    deployer.transactionManager(as), deployer.gasProvider());
        }

        GovernanceToken token(Credentials as) {
            return GovernanceToken.load(deployment.token().address().toString(), web3j, deployer.transactionManager(as),
                    deployer.gasProvider());
        }

        long timestamp(long block) throws Exception {
            return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send()
                    .getBlock().getTimestamp().longValueExact();
        }

        long latestTimestamp() throws Exception {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                    .longValueExact();
        }

        /** A plain transaction with the given calldata, as a wallet sends what a dapp hands it; waits for its block. */
        TransactionReceipt send(Credentials from, String to, String calldata) throws Exception {
            TransactionManager wallet = deployer.transactionManager(from);
            String hash = wallet.sendTransaction(deployer.gasProvider().getGasPrice(""), BigInteger.valueOf(500_000), to,
                    calldata, BigInteger.ZERO).getTransactionHash();
            return new PollingTransactionReceiptProcessor(web3j, 100, 600).waitForTransactionReceipt(hash);
        }
    }
}
