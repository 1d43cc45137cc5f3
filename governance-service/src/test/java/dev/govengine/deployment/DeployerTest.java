package dev.govengine.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.config.ConfigPreflight;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/** The whole contract set deployed through the wrappers on a real Anvil, wired as contracts/README.md says. */
@QuarkusTest
class DeployerTest {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final ChecksumAddress HOLDER = ChecksumAddress.of(DevAccounts.account(1).getAddress());
    private static final ChecksumAddress ENGINE = ChecksumAddress.of(DevAccounts.engine().getAddress());
    private static final ChecksumAddress VERIFIER = ChecksumAddress.of(DevAccounts.verifier().getAddress());
    private static final DeploymentSettings SETTINGS = DeploymentSettings.devnet("Wired DAO", "WIRE", ENGINE,
            List.of(VERIFIER), List.of(new DeploymentSettings.Allocation(HOLDER, DeploymentSettings.tokens(1_000))));

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    private Web3j web3j;
    private Deployer deployer;
    private TransactionManager reader;

    @BeforeEach
    void connect() {
        web3j = Web3j.build(new HttpService(rpcUrl));
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        reader = new ReadonlyTransactionManager(web3j, DEPLOYER.getAddress());
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void wiresEveryRoleAndOwnerAndLeavesTheDeployerNothing() throws Exception {
        Deployment deployment = deployer.deploy(DEPLOYER, SETTINGS);
        String self = DEPLOYER.getAddress();
        String timelockAddress = deployment.timelock().address().toString();
        String governorAddress = deployment.governor().address().toString();

        TimelockController timelock = TimelockController.load(timelockAddress, web3j, reader, deployer.gasProvider());
        byte[] admin = timelock.DEFAULT_ADMIN_ROLE().send();
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE().send(), governorAddress).send(), "governor proposes");
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE().send(), governorAddress).send(), "governor cancels");
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE().send(), ZERO_ADDRESS).send(), "anyone executes");
        assertTrue(timelock.hasRole(admin, timelockAddress).send(), "the timelock administers itself");
        assertEquals(SETTINGS.dao().timelockDelaySeconds(), timelock.getMinDelay().send());
        for (byte[] role : List.of(admin, timelock.PROPOSER_ROLE().send(), timelock.CANCELLER_ROLE().send(),
                timelock.EXECUTOR_ROLE().send())) {
            assertFalse(timelock.hasRole(role, self).send(), "deployer holds timelock role " + Numeric.toHexString(role));
        }

        DaoGovernor governor = DaoGovernor.load(governorAddress, web3j, reader, deployer.gasProvider());
        assertEquals("Wired DAO Governor", governor.name().send());
        assertEquals(deployment.token().address(), ChecksumAddress.of(governor.token().send()));
        assertEquals(deployment.timelock().address(), ChecksumAddress.of(governor.timelock().send()));
        assertEquals(SETTINGS.dao().votingDelayBlocks(), governor.votingDelay().send());
        assertEquals(SETTINGS.dao().votingPeriodBlocks(), governor.votingPeriod().send());

        RewardPolicy policy = RewardPolicy.load(deployment.rewardPolicy().address().toString(), web3j, reader,
                deployer.gasProvider());
        assertEquals(deployment.timelock().address(), ChecksumAddress.of(policy.owner().send()), "policy owner");
        assertEquals(ZERO_ADDRESS, policy.setupAdmin().send(), "the deployer's setup is over");
        assertEquals(ZERO_ADDRESS, policy.pendingOwner().send(), "no ownership transfer pending");
        assertEquals(BigInteger.valueOf(600 + 1800), policy.minEpochLength().send(),
                "the epoch's floor is the dispute period plus the resolution period");

        RewardDistributor distributor = RewardDistributor.load(deployment.rewardDistributor().address().toString(),
                web3j, reader, deployer.gasProvider());
        byte[] distributorAdmin = distributor.DEFAULT_ADMIN_ROLE().send();
        byte[] updater = distributor.UPDATER_ROLE().send();
        assertTrue(distributor.hasRole(distributorAdmin, timelockAddress).send(), "the timelock governs the distributor");
        assertTrue(distributor.hasRole(updater, ENGINE.toString()).send(), "the engine posts roots");
        assertFalse(distributor.hasRole(distributorAdmin, self).send(), "deployer is no distributor admin");
        assertFalse(distributor.hasRole(updater, self).send(), "deployer is no updater");
        assertFalse(distributor.hasRole(distributorAdmin, ENGINE.toString()).send(), "the engine cannot rule on disputes");
        assertEquals(deployment.token().address(), ChecksumAddress.of(distributor.token().send()));
        assertEquals(deployment.timelock().address(), ChecksumAddress.of(distributor.treasury().send()));
        assertEquals(SETTINGS.distribution().disputePeriodSeconds(), distributor.disputePeriod().send());
        assertEquals(SETTINGS.distribution().disputeBond(), distributor.disputeBond().send());
        assertEquals(BigInteger.valueOf(1800), distributor.resolutionPeriod().send());
        assertEquals(BigInteger.TEN.pow(17), distributor.minDisputeBond().send());
        assertEquals(BigInteger.valueOf(168), distributor.maxEpochSkip().send());
        assertTrue(distributor.hasRole(distributor.GUARDIAN_ROLE().send(), ENGINE.toString()).send(),
                "the devnet's guardian is the engine's signer");
        assertTrue(RollupContributions.load(deployment.rollupContributions().address().toString(), web3j, reader,
                deployer.gasProvider()).permissionless().send(), "the devnet's rollup stand-in lets anyone report");

        GovernanceToken token = GovernanceToken.load(deployment.token().address().toString(), web3j, reader,
                deployer.gasProvider());
        assertEquals(deployment.timelock().address(), ChecksumAddress.of(token.owner().send()), "minting is governed");
        assertEquals(DeploymentSettings.tokens(100_000), token.balanceOf(deployment.rewardDistributor().address().toString()).send(),
                "the distributor holds ten epochs of rewards");
        assertEquals(DeploymentSettings.tokens(1_000), token.balanceOf(HOLDER.toString()).send());
        assertEquals(DeploymentSettings.tokens(101_000), token.totalSupply().send());
        assertEquals(BigInteger.ZERO, token.balanceOf(self).send());

        var initial = policy.getPolicy().send();
        assertEquals(BigInteger.valueOf(6 + 1 + 3 + 3), initial.component1(),
                "version: six constructor values, a verifier, three GPU classes, three rollup kinds");
        assertEquals(BigInteger.valueOf(3600), initial.component2(), "epoch length");
        assertEquals(DeploymentSettings.tokens(10_000), initial.component3(), "budget per epoch");
        assertEquals(List.of(BigInteger.valueOf(5_000), BigInteger.valueOf(3_000), BigInteger.valueOf(2_000)),
                initial.component4(), "program split");
        assertEquals(BigInteger.valueOf(2_500), initial.component5(), "cap per recipient");
        assertEquals(DeploymentSettings.tokens(1), initial.component6(), "minimum payout");
        assertEquals(BigInteger.ZERO, initial.component7(), "linear governance mode");
        assertEquals(Map.of(1, BigInteger.valueOf(100), 2, BigInteger.valueOf(250), 3, BigInteger.valueOf(600)),
                zip(initial.component8(), initial.component9()), "GPU class weights");
        Map<String, BigInteger> kinds = new HashMap<>();
        for (int i = 0; i < initial.component10().size(); i++) {
            kinds.put(Numeric.toHexString(initial.component10().get(i)), initial.component11().get(i));
        }
        assertEquals(Map.of(
                Numeric.toHexString(Deployer.rollupKind("sequencer")), BigInteger.valueOf(10),
                Numeric.toHexString(Deployer.rollupKind("prover")), BigInteger.valueOf(25),
                Numeric.toHexString(Deployer.rollupKind("challenger")), BigInteger.valueOf(50)), kinds,
                "rollup kind weights keyed by keccak256 of the kind name");
        assertEquals(List.of(VERIFIER), initial.component12().stream().map(ChecksumAddress::of).toList(), "verifiers");
    }

    @Test
    void shorterRewardTimingKeepsTheBudgetsRateAndGivesGovernanceTheRestOfTheEpoch() {
        DeploymentSettings fiveMinutes = SETTINGS.withRewardTiming(BigInteger.valueOf(300), BigInteger.valueOf(120));
        assertEquals(BigInteger.valueOf(300), fiveMinutes.policy().epochLengthSeconds());
        assertEquals(DeploymentSettings.tokens(10_000).divide(BigInteger.valueOf(12)),
                fiveMinutes.policy().budgetPerEpoch(), "10,000 tokens an hour, as the hourly devnet pays");
        assertEquals(BigInteger.valueOf(120), fiveMinutes.distribution().disputePeriodSeconds());
        assertEquals(BigInteger.valueOf(180), fiveMinutes.distribution().resolutionPeriodSeconds());
        assertEquals(BigInteger.valueOf(300), fiveMinutes.distribution().minEpochLength(), "RewardPolicy's floor is met");
        assertEquals(SETTINGS.distribution().funding(), fiveMinutes.distribution().funding(),
                "the same funding, which lasts as long at the same rate");
    }

    @Test
    void refusesAnEpochShorterThanTheDisputeAndResolutionPeriods() {
        DeploymentSettings.Policy policy = SETTINGS.policy();
        DeploymentSettings.Policy shortEpochs = new DeploymentSettings.Policy(BigInteger.valueOf(2_399),
                policy.budgetPerEpoch(), policy.depinBps(), policy.rollupBps(), policy.governanceBps(),
                policy.recipientCapBps(), policy.minPayout(), policy.governanceMode(), policy.gpuClassWeights(),
                policy.rollupKindWeights(), policy.verifiers());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeploymentSettings(SETTINGS.dao(), shortEpochs, SETTINGS.distribution(), SETTINGS.rollup(),
                        SETTINGS.initialSupply()));
        assertEquals("epoch length 2399 s is shorter than the dispute period plus the resolution period (2400 s)",
                e.getMessage());
    }

    @Test
    void theTimestampClockDeploysTheTimestampTokenAndTheGovernorCountsInSeconds() throws Exception {
        DeploymentSettings.Dao blockDao = SETTINGS.dao();
        assertEquals(DeploymentSettings.Clock.BLOCK_NUMBER, blockDao.clock(), "the default clock");
        DeploymentSettings.Dao timestampDao = new DeploymentSettings.Dao(blockDao.name(), blockDao.tokenSymbol(),
                blockDao.timelockDelaySeconds(), BigInteger.valueOf(3_600), BigInteger.valueOf(86_400),
                blockDao.proposalThreshold(), blockDao.quorumNumerator(), DeploymentSettings.Clock.TIMESTAMP);
        Deployment deployment = deployer.deploy(DEPLOYER, SETTINGS.withDao(timestampDao));

        DaoGovernor governor = DaoGovernor.load(deployment.governor().address().toString(), web3j, reader,
                deployer.gasProvider());
        GovernanceToken token = GovernanceToken.load(deployment.token().address().toString(), web3j, reader,
                deployer.gasProvider());
        BigInteger latestTimestamp = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                .getBlock().getTimestamp();
        assertEquals("mode=timestamp", token.CLOCK_MODE().send());
        assertEquals("mode=timestamp", governor.CLOCK_MODE().send(), "the Governor takes the token's clock");
        assertEquals(latestTimestamp, governor.clock().send());
        assertEquals(BigInteger.valueOf(3_600), governor.votingDelay().send(), "seconds");
        assertEquals(BigInteger.valueOf(86_400), governor.votingPeriod().send(), "seconds");
        assertEquals(deployment.timelock().address(), ChecksumAddress.of(token.owner().send()), "minting is governed");
        assertEquals(DeploymentSettings.tokens(1_000), token.balanceOf(HOLDER.toString()).send());

        Deployment byBlocks = deployer.deploy(DEPLOYER, SETTINGS);
        assertEquals("mode=blocknumber&from=default", DaoGovernor.load(byBlocks.governor().address().toString(), web3j,
                reader, deployer.gasProvider()).CLOCK_MODE().send(), "the default deployment is unchanged");
    }

    @Test
    void theDeploymentJsonRoundTripsThroughTheServicesReader(@TempDir Path temp) throws Exception {
        Deployment deployment = deployer.deploy(DEPLOYER, SETTINGS);
        Path file = Files.createTempDirectory(temp, "deployment").resolve("deployment.json");
        DeploymentJson.write(deployment, file);

        Deployment read = withProperties(Map.of(
                "gov.chains.anvil.rpc-url", rpcUrl,
                "gov.chains.anvil.chain-id", Long.toString(AnvilNode.CHAIN_ID),
                "gov.deployment-file", file.toString()),
                () -> new ActiveDeployment(ConfigPreflight.load().engine()).get().orElseThrow());

        assertEquals(deployment, read);
        assertEquals(AnvilNode.CHAIN_ID, read.chainId());
        assertEquals(ENGINE, read.settings().updater());
        assertEquals(List.of(VERIFIER), read.settings().verifiers());
        // Each recorded block and hash is the real creation of the recorded address, in wiring order.
        long previousBlock = -1;
        for (Map.Entry<String, DeployedContract> contract : read.contracts().entrySet()) {
            TransactionReceipt receipt = web3j.ethGetTransactionReceipt(contract.getValue().transactionHash()).send()
                    .getTransactionReceipt().orElseThrow();
            assertEquals(contract.getValue().address(), ChecksumAddress.of(receipt.getContractAddress()), contract.getKey());
            assertEquals(contract.getValue().block(), receipt.getBlockNumber().longValueExact(), contract.getKey());
            assertTrue(contract.getValue().block() > previousBlock, contract.getKey() + " comes after the one before");
            previousBlock = contract.getValue().block();
        }
        assertEquals(read.token().block(), read.startBlock());
        // The documented shape, as a reader in another language sees it.
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("format", "chainId", "contracts", "settings"), fieldNames(json));
        assertEquals(Deployment.CONTRACT_NAMES, fieldNames(json.get("contracts")));
        assertEquals(31337, json.get("chainId").asLong());
        assertEquals(deployment.rewardPolicy().address().toString(), json.at("/contracts/rewardPolicy/address").asText());
        assertEquals(ENGINE.toString(), json.at("/settings/updater").asText());
        assertEquals("1000000000000000000", json.at("/settings/disputeBond").textValue(), "quantities are decimal strings");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<Integer, BigInteger> zip(List<BigInteger> keys, List<BigInteger> values) {
        Map<Integer, BigInteger> zipped = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            zipped.put(keys.get(i).intValueExact(), values.get(i));
        }
        return zipped;
    }

    private static <T> T withProperties(Map<String, String> properties, Callable<T> action)
            throws Exception {
        properties.forEach(System::setProperty);
        try {
            return action.call();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
