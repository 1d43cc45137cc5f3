package dev.govengine.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;

/** The devnet's demo history is real chain state: the proposals end in the states the summary claims. */
@QuarkusTest
class DemoActivityTest {
    private static final BigInteger DELAY = BigInteger.ONE;
    private static final BigInteger PERIOD = BigInteger.valueOf(20);
    private static final BigInteger TIMELOCK_DELAY = BigInteger.valueOf(60);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Test
    void seedsExecutedDefeatedAndActiveProposals() throws Exception {
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            Deployment dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Seeded DAO", "SEED",
                            ChecksumAddress.of(DevAccounts.engine().getAddress()),
                            List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), DemoActivity.initialSupply())
                    .withDao(new DeploymentSettings.Dao("Seeded DAO", "SEED", TIMELOCK_DELAY, DELAY, PERIOD,
                            BigInteger.ZERO, BigInteger.valueOf(4))));
            DemoActivity.Summary seeded = new DemoActivity(web3j, deployer, new AnvilControl(rpc), dao).seed();

            var reader = new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress());
            DaoGovernor governor = DaoGovernor.load(dao.governor().address().toString(), web3j, reader, deployer.gasProvider());
            GovernanceToken token = GovernanceToken.load(dao.token().address().toString(), web3j, reader, deployer.gasProvider());

            assertEquals(BigInteger.valueOf(7), governor.state(seeded.executedProposal()).send(), "Executed");
            assertEquals(BigInteger.valueOf(3), governor.state(seeded.defeatedProposal()).send(), "Defeated");
            assertEquals(BigInteger.ONE, governor.state(seeded.activeProposal()).send(), "Active");

            String alice = DevAccounts.account(1).getAddress();
            String grants = DevAccounts.account(6).getAddress();
            assertEquals(tokens(50_000), token.balanceOf(grants).send(), "the executed proposal minted through the timelock");
            assertEquals(dao.timelock().address().toString().toLowerCase(), token.owner().send().toLowerCase());
            assertEquals(tokens(400_000 + 150_000), token.getVotes(alice).send(), "alice holds her own and carol's votes");

            var executedTally = governor.proposalVotes(seeded.executedProposal()).send();
            assertEquals(tokens(80_000), executedTally.component1(), "against: erin");
            assertEquals(tokens(550_000 + 370_000), executedTally.component2(), "for: alice and bob with their delegators");
            var defeatedTally = governor.proposalVotes(seeded.defeatedProposal()).send();
            assertEquals(tokens(550_000), defeatedTally.component1());
            assertEquals(tokens(370_000), defeatedTally.component2());
            assertEquals(tokens(80_000), defeatedTally.component3());
        } finally {
            web3j.shutdown();
        }
    }

    private static BigInteger tokens(long whole) {
        return DeploymentSettings.tokens(whole);
    }
}
