package dev.govengine.api;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

@QuarkusTest
class IndexerStatusQueryTest {

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Test
    void reportsTheHeadAndNoIndexedBlockWhileAGovernorHasNotBeenIndexed() throws Exception {
        registry.register(IndexedGovernor.of("not-yet-indexed", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                ChecksumAddress.of("0x00000000000000000000000000000000000000aa"), 0));
        try {
            String head = head();
            WalletOperations.run("IndexerStatus")
                    .body("errors", nullValue())
                    .body("data.indexerStatus", hasSize(1))
                    .body("data.indexerStatus[0].chain", is("anvil"))
                    .body("data.indexerStatus[0].chainId", is("31337"))
                    .body("data.indexerStatus[0].headBlock", is(head))
                    .body("data.indexerStatus[0].finalizedBlock", is(head))
                    .body("data.indexerStatus[0].indexedBlock", nullValue())
                    .body("data.indexerStatus[0].lagBlocks", nullValue());
        } finally {
            registry.unregister("eip155:31337:0x00000000000000000000000000000000000000AA");
        }
    }

    @Test
    void reportsTheIndexedBlockAndTheLagOnceIndexed() throws Exception {
        try (var web3j = org.web3j.protocol.Web3j.build(new HttpService(rpcUrl))) {
            Deployment dao = new Deployer(web3j, AnvilNode.CHAIN_ID).deploy(DevAccounts.account(0),
                    DeploymentSettings.devnet("Status DAO", "STAT", ChecksumAddress.of(DevAccounts.engine().getAddress()),
                            List.of(), List.of()));
            IndexedGovernor governor = registry.register(IndexedGovernor.of("status", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governor().address(), dao.startBlock()));
            long indexed = coordinator.runCycle().get(governor.id());
            new AnvilControl(new HttpService(rpcUrl)).mine(3);
            WalletOperations.run("IndexerStatus")
                    .body("errors", nullValue())
                    .body("data.indexerStatus[0].indexedBlock", is(Long.toString(indexed)))
                    .body("data.indexerStatus[0].headBlock", is(Long.toString(indexed + 3)))
                    .body("data.indexerStatus[0].lagBlocks", is("3"));
        }
    }

    private String head() throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().toString();
        } finally {
            web3j.shutdown();
        }
    }
}
