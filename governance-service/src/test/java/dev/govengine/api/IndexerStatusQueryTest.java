package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

@QuarkusTest
class IndexerStatusQueryTest {
    private static final String QUERY = "{\"query\":\"{ indexerStatus { chain chainId headBlock indexedBlock finalizedBlock lagBlocks } }\"}";

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    Pool pool;

    @AfterEach
    void removeCursor() {
        pool.query("DELETE FROM chain_cursor WHERE chain = 'anvil'").execute().await().indefinitely();
    }

    @Test
    void reportsTheHeadBeforeAnythingIsIndexed() throws Exception {
        String head = head();
        given().contentType(ContentType.JSON).body(QUERY).when().post("/graphql")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.indexerStatus", hasSize(1))
                .body("data.indexerStatus[0].chain", is("anvil"))
                .body("data.indexerStatus[0].chainId", is("31337"))
                .body("data.indexerStatus[0].headBlock", is(head))
                .body("data.indexerStatus[0].finalizedBlock", is(head))
                .body("data.indexerStatus[0].indexedBlock", nullValue())
                .body("data.indexerStatus[0].lagBlocks", nullValue());
    }

    @Test
    void reportsTheCursorAndTheLagOnceIndexed() throws Exception {
        long head = Long.parseLong(head());
        long indexed = Math.max(0, head - 3);
        pool.preparedQuery("INSERT INTO chain_cursor (chain, chain_id, indexed_block, indexed_hash) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of("anvil", 31337L, indexed, "0x" + "00".repeat(32))).await().indefinitely();
        given().contentType(ContentType.JSON).body(QUERY).when().post("/graphql")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.indexerStatus[0].indexedBlock", is(Long.toString(indexed)))
                .body("data.indexerStatus[0].lagBlocks", is(Long.toString(head - indexed)));
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
