package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

/**
 * Limits that a query cannot dodge by its shape: aliases do not multiply the receipt batch or the claim count, and
 * lists without {@code first} count the items they may really hold (a proposal indexed with 300 actions; the seven
 * timeline steps) in the complexity, and a proposal count under a state filter the proposals it reads.
 */
@QuarkusTest
class OperationLimitsTest {
    private static final int ACTIONS = 300;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ListBounds bounds;

    @Test
    void aliasesShareOneReceiptBatch() {
        Map<String, Object> receipt = Map.of("provider", "0x0000000000000000000000000000000000000001", "epoch", "1",
                "jobId", "0x" + "00".repeat(32), "gpuClass", 1, "gpuSeconds", "1", "qualityBps", 1,
                "signature", "0x" + "00".repeat(65));
        given().contentType(ContentType.JSON).body(Map.of(
                        "query", "mutation($r: [WorkReceiptInput!]!) { a1: submitWorkReceipts(receipts: $r) { accepted }"
                                + " a2: submitWorkReceipts(receipts: $r) { accepted } }",
                        "variables", Map.of("r", Collections.nCopies(600, receipt))))
                .when().post("/graphql").then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", is("1200 receipts in one operation, counting every submitWorkReceipts in"
                        + " it; at most 1000 (gov.receipts.max-batch)"));
    }

    @Test
    void aliasesShareOneClaimBudget() {
        String claims = IntStream.range(0, 6).mapToObj(i -> "c" + i + ": claim(account: \"0x"
                        + "0".repeat(39) + (i + 1) + "\", distributor: \"eip155:31337:0x" + "0".repeat(40) + "\") { claimable }")
                .collect(Collectors.joining(" "));
        graphql("{ " + claims + " }")
                .body("data", nullValue())
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", is("6 claim fields in one operation; at most 5 (gov.api.max-claims)"));
    }

    @Test
    void listsWithoutFirstCountTheItemsTheyMayHold() throws Exception {
        try (GovernedDao dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO)) {
            String token = dao.deployment.token().address().toString();
            byte[] totalSupply = Numeric.hexStringToByteArray(FunctionEncoder.encode(
                    new Function("totalSupply", List.of(), List.of())));
            BigInteger proposalId = DaoGovernor.getProposalCreatedEvents(dao.governor(GovernedDao.holder(1)).propose(
                    Collections.nCopies(ACTIONS, token), Collections.nCopies(ACTIONS, BigInteger.ZERO),
                    Collections.nCopies(ACTIONS, totalSupply), "# Many actions").send()).get(0).proposalId;
            IndexedGovernor governor = registry.register(IndexedGovernor.of("limits", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.deployment.governor().address(), dao.deployment.startBlock()));
            try {
                coordinator.runCycle();
                bounds.refresh().await().atMost(Duration.ofSeconds(30));
                String id = governor.id();
                String actions = "actions { target value calldata signature }";

                // One proposal: 1 + (1 + 300 × 4); all 300 actions come back.
                graphql("{ proposal(governor: \"" + id + "\", proposalId: \"" + proposalId + "\") { " + actions + " } }")
                        .body("errors", nullValue())
                        .body("data.proposal.actions.size()", is(ACTIONS));
                // Five of them: 1 + 5 × (1 + (1 + 1202)) = 6016, not 1 + 5 × (1 + (1 + 6)) = 41.
                graphql("{ proposals(governor: \"" + id + "\", first: 5) { edges { node { " + actions + " } } } }")
                        .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                        .body("errors[0].message", is("the query's complexity is 6016; the maximum is 5000 (a list's"
                                + " selections count once per item it may return: first, or the list's bound)"));
                // A count costs 1 over its connection's 1, and under a state filter the Governor's 1 proposal more,
                // whose state it derives: 6016 + (1 + 1) and 6016 + (1 + 1 + 1).
                String page = "a: proposals(governor: \"" + id + "\", first: 5) { edges { node { " + actions + " } } }";
                graphql("{ " + page + " b: proposals(governor: \"" + id + "\", first: 0) { totalCount } }")
                        .body("errors[0].message", startsWith("the query's complexity is 6018;"));
                graphql("{ " + page + " b: proposals(governor: \"" + id + "\", states: [ACTIVE], first: 0) { totalCount } }")
                        .body("errors[0].message", startsWith("the query's complexity is 6019;"));
                // Another Governor's proposals are not priced by this one's.
                graphql("{ proposals(governor: \"eip155:31337:0x" + "0".repeat(39) + "1\", first: 5) { edges { node { "
                        + actions + " } } } }")
                        .body("errors[0].extensions.code", not(is("LIMIT_EXCEEDED")));
                // A pass is remembered with the parsed document, for the values of the variables the limits read: the
                // same text with this Governor, or a larger page, is priced again.
                String paged = "query($g: ID!, $n: Int) { proposals(governor: $g, first: $n) { edges { node { "
                        + actions + " } } } }";
                String other = "eip155:31337:0x" + "0".repeat(39) + "1";
                graphql(paged, Map.of("g", other, "n", 5))
                        .body("errors[0].extensions.code", not(is("LIMIT_EXCEEDED")));
                graphql(paged, Map.of("g", id, "n", 1))
                        .body("errors", nullValue());
                graphql(paged, Map.of("g", id, "n", 5))
                        .body("errors[0].message", startsWith("the query's complexity is 6016;"));
                // The depth follows the branches a variable includes.
                String deep = "query($deep: Boolean!) { proposal(governor: \"" + id + "\", proposalId: \"" + proposalId
                        + "\") { votes { edges { node { proposal @include(if: $deep) { votes { edges { node {"
                        + " proposal { votes { edges { node { voter } } } } } } } } } } } } }";
                graphql(deep, Map.of("deep", false))
                        .body("errors", nullValue());
                graphql(deep, Map.of("deep", true))
                        .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                        .body("errors[0].message", containsString("maximum depth is 10"));
                // The timeline has at most 7 steps: 1 + 100 × (1 + (1 + 2 × (1 + 7 × 5))) = 7401.
                String timeline = "timeline { kind timepoint blockNumber txHash reached }";
                graphql("{ proposals(governor: \"" + id + "\", first: 100) { edges { node { t1: " + timeline + " t2: "
                        + timeline + " } } } }")
                        .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                        .body("errors[0].message", startsWith("the query's complexity is 7401;"));
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    private static ValidatableResponse graphql(String query) {
        return graphql(query, Map.of());
    }

    private static ValidatableResponse graphql(String query, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200);
    }
}
