package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.lifecycle.EpochLedger;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The operator endpoints with the token file the test profile names: refusals without the token, with a wrong one,
 * with a token file too short to trust and with one other users may read; no validation before the token; bad paths,
 * each refused with a code; the token looked at on the operator paths only; and an epoch taken through close and
 * compute by hand, a step repeated out of order refused, and a submission that is off leaving the epoch COMPUTED with
 * the reason.
 */
@QuarkusTest
class OperatorEpochResourceTest {
    private static final String TOKEN = "operator-token-for-tests-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "gov.operator.token-file")
    String tokenFile;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    EpochLedger ledger;

    @Inject
    RewardLifecycleFixture fixture;

    private GovernedDao dao;
    private IndexedGovernor indexed;

    @BeforeEach
    void deploy() throws Exception {
        writeToken(TOKEN + "\n");
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO,
                ChecksumAddress.of(Credentials.create(Keys.createEcKeyPair()).getAddress()));
        indexed = fixture.follow(dao, "operator");
    }

    @AfterEach
    void close() {
        fixture.forget(indexed);
        dao.close();
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        for (String path : List.of("/operator/epochs/zero/close", "/operator/epochs/0/close", "/operator/epochs/1/finalize",
                "/operator/epochs/1/close/extra", "/operator/epochs")) {
            given().when().post(path).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                    .body("code", is("UNAUTHORIZED"));
        }
        given().contentType("application/json").body("{not json").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        given().when().get("/operator/epochs/1/close").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        given().when().post("/operator/epochs/1/close").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", is("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + TOKEN + "x").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        given().header("Authorization", TOKEN).when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));

        Files.setPosixFilePermissions(Path.of(tokenFile), PosixFilePermissions.fromString("rw-r--r--"));
        given().header("Authorization", "Bearer " + TOKEN).when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        Files.setPosixFilePermissions(Path.of(tokenFile), PosixFilePermissions.fromString("rw-------"));
        operator("/operator/epochs/zero/close").statusCode(400).body("code", is("BAD_INPUT"));

        writeToken("short");
        given().header("Authorization", "Bearer short").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        assertEquals(EpochStatus.OPEN, ledger.get(1).await().atMost(WAIT).map(r -> r.status()).orElse(EpochStatus.OPEN),
                "nothing ran");
    }

    @Test
    void badPathsAreRefusedWithACode() {
        operator("/operator/epochs/zero/close").statusCode(400).body("code", is("BAD_INPUT"))
                .body("message", is("the epoch is a number from 1, not 'zero'"));
        operator("/operator/epochs/0/close").statusCode(400).body("code", is("BAD_INPUT"));
        operator("/operator/epochs/1/finalize").statusCode(404).body("code", is("NOT_FOUND"))
                .body("message", is("unknown step 'finalize': expected one of close, compute, submit, watch, retry,"
                        + " recompute"));
        operator("/operator/epochs/1/close/extra").statusCode(404).body("code", is("NOT_FOUND"));
        operator("/operator/elsewhere").statusCode(404).body("code", is("NOT_FOUND"));
        given().header("Authorization", "Bearer " + TOKEN).when().get("/operator/epochs/1/close").then()
                .statusCode(405).body("code", is("METHOD_NOT_ALLOWED"));
    }

    /** The token belongs to the operator paths: elsewhere an Authorization header, right or wrong, changes nothing. */
    @Test
    void aBearerTokenIsLookedAtOnlyOnTheOperatorPaths() {
        for (String authorization : List.of("Bearer wrong", "Bearer " + TOKEN, "Basic b3BlcmF0b3I6eA==")) {
            given().header("Authorization", authorization).contentType("application/json")
                    .body("{\"query\": \"{ governors { id } }\"}").when().post("/graphql").then()
                    .statusCode(200).body("errors", nullValue());
            given().header("Authorization", authorization).when().get("/epochs/999999/inputs").then()
                    .statusCode(404).body("code", is("NOT_FOUND"));
        }
    }

    @Test
    void anOperatorTakesAnEpochThroughItsStepsOneAtATime() throws Exception {
        coordinator.runCycle();
        operator("/operator/epochs/1/close").statusCode(200)
                .body("moved", is(false))
                .body("to", is("OPEN"))
                .body("detail", containsString("the epoch ends at"));

        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();
        operator("/operator/epochs/1/compute").statusCode(409).body("code", is("CONFLICT"))
                .body("message", is("epoch 1 is OPEN; this step starts from CLOSED"));
        operator("/operator/epochs/1/close").statusCode(200)
                .body("epoch", is("1"))
                .body("from", is("OPEN"))
                .body("to", is("CLOSED"))
                .body("moved", is(true));
        operator("/operator/epochs/1/close").statusCode(409).body("code", is("CONFLICT"));
        operator("/operator/epochs/1/compute").statusCode(200)
                .body("to", is("FINALIZED"))
                .body("detail", containsString("nobody has been paid yet"));
        operator("/operator/epochs/advance").statusCode(200).body("steps", empty());

        // Epoch 2 has work; with no signing key in the test configuration, submission is off and the epoch waits.
        RollupContributions.load(dao.deployment.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(GovernedDao.holder(4)), dao.deployer.gasProvider())
                .submitBatch(BigInteger.TEN, new byte[32]).send();
        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();
        operator("/operator/epochs/2/close").statusCode(200).body("to", is("CLOSED"));
        operator("/operator/epochs/2/compute").statusCode(200).body("to", is("COMPUTED"));
        operator("/operator/epochs/2/submit").statusCode(200)
                .body("moved", is(false))
                .body("to", is("COMPUTED"))
                .body("detail", containsString("submission is off"));
        assertEquals(EpochStatus.COMPUTED, ledger.get(2).await().atMost(WAIT).orElseThrow().status());
        operator("/operator/epochs/3/submit").statusCode(409).body("code", is("CONFLICT"));
    }

    /** The token file as an operator keeps it: readable by its owner only. */
    private void writeToken(String content) throws Exception {
        Path file = Path.of(tokenFile);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private ValidatableResponse operator(String path) {
        return given().header("Authorization", "Bearer " + TOKEN).when().post(path).then();
    }
}
