package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.cli.EngineCommand;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptSigning;
import dev.govengine.contributions.ReceiptSubmission;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.OperatorTokenFile;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import picocli.CommandLine;

/**
 * {@code POST /operator/receipts/invalidate} and the {@code receipts invalidate} command that sends it: refused
 * without the token before the body is looked at, refused with a code for a bad body, and, recorded, the receipts the
 * verifier signed within the range are left out of the epoch computed afterwards, while they stay stored.
 */
@QuarkusTest
class ReceiptInvalidationResourceTest {
    private static final String TOKEN = OperatorTokenFile.TOKEN;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "gov.operator.token-file")
    String tokenFile;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @TestHTTPResource("/")
    URL root;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    RewardLifecycleFixture fixture;

    @Inject
    ReceiptContexts receiptContexts;

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    RewardStore store;

    @Inject
    Pool pool;

    private GovernedDao dao;
    private IndexedGovernor indexed;

    @BeforeEach
    void token() throws Exception {
        OperatorTokenFile.write(tokenFile);
    }

    @AfterEach
    void close() {
        if (dao != null) {
            fixture.forget(indexed);
            dao.close();
        }
    }

    @Test
    void withoutTheTokenNothingIsLookedAtAndABadBodyIsRefusedWithACode() {
        given().body("not json").when().post(ReceiptInvalidationResource.PATH).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("code", is("UNAUTHORIZED"));
        String verifier = DevAccounts.verifier().getAddress();
        operator("{\"verifier\": \"" + verifier + "\", \"from\": \"2026-03-02T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\","
                + " \"reason\": \"r\", \"by\": \"ops\"}").statusCode(400).body("code", is("BAD_INPUT"))
                .body("message", containsString("must be after from"));
        operator("{\"verifier\": \"0x12\", \"from\": 1, \"to\": 2, \"reason\": \"r\", \"by\": \"ops\"}").statusCode(400)
                .body("code", is("BAD_ADDRESS"));
        operator("{\"verifier\": \"" + verifier + "\", \"from\": \"yesterday\", \"to\": 2, \"reason\": \"r\", \"by\": \"ops\"}")
                .statusCode(400).body("code", is("BAD_INPUT")).body("message", containsString("from: 'yesterday'"));
        operator("{\"verifier\": \"" + verifier + "\", \"from\": 1, \"to\": 2, \"reason\": \"\", \"by\": \"ops\"}")
                .statusCode(400).body("message", containsString("reason"));
        operator("{\"verifier\": \"" + verifier + "\", \"from\": 1, \"to\": 2, \"reason\": \"r\", \"by\": \"ops\", \"all\": true}")
                .statusCode(400).body("message", containsString("all: unknown field"));
        operator("{\"reason\": \"" + "r".repeat(ReceiptInvalidationResource.MAX_BODY) + "\"}").statusCode(413)
                .body("code", is("LIMIT_EXCEEDED")).body("message", is("the body is longer than 16384 bytes"));
        operator("[1, 2]").statusCode(400).body("code", is("BAD_INPUT"))
                .body("message", startsWith("the body must be a JSON object with "));
        assertEquals(0L, count("SELECT COUNT(*) FROM receipt_invalidation"), "nothing was recorded");
    }

    @Test
    void invalidatedReceiptsAreLeftOutOfTheEpochsComputedAfterwardsAndKept() throws Exception {
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO, randomAddress());
        indexed = fixture.follow(dao, "invalidation");
        ChecksumAddress honest = randomAddress();
        ChecksumAddress forged = randomAddress();
        coordinator.runCycle();
        submit(ReceiptSigning.receipt(honest, 1, "before the leak " + honest, 1, 3_600, 10_000));
        Instant leak = Instant.now();
        Thread.sleep(20);
        submit(ReceiptSigning.receipt(forged, 1, "after the leak " + forged, 1, 3_600, 10_000));

        String verifier = DevAccounts.verifier().getAddress();
        Run run = cli("--verifier", verifier, "--from", leak.toString(),
                "--to", Long.toString(leak.getEpochSecond() + 86_400), "--reason", "the verifier's key leaked",
                "--by", "alice");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"fromEpoch\" : \"1\""), run.out());
        assertTrue(run.out().contains("\"receipts\" : 1"), run.out());
        assertTrue(run.out().contains("\"by\" : \"alice\""), run.out());

        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();
        operatorStep("/operator/epochs/1/close").statusCode(200).body("to", is("CLOSED"));
        operatorStep("/operator/epochs/1/compute").statusCode(200).body("to", is("COMPUTED"));
        assertTrue(store.leaf(1, honest).await().atMost(WAIT).isPresent(), "signed before the range: paid");
        assertTrue(store.leaf(1, forged).await().atMost(WAIT).isEmpty(), "signed within the range: not paid");
        assertEquals(2L, count("SELECT COUNT(*) FROM work_receipt"), "both receipts are kept");

        // Recorded once epoch 1 is closed, an invalidation leaves it as computed: it starts with epoch 2.
        Run later = cli("--verifier", verifier.toUpperCase().replace("0X", "0x"), "--from", "0",
                "--to", Long.toString(leak.getEpochSecond() + 86_400), "--reason", "everything", "--by", "bob");
        assertEquals(0, later.exitCode(), later.err());
        assertTrue(later.out().contains("\"fromEpoch\" : \"2\""), later.out());
        Run refused = cli("--verifier", verifier, "--from", "10", "--to", "5", "--reason", "x");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("400 BAD_INPUT: to: "), refused.err());
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 6];
        args[0] = "receipts";
        args[1] = "invalidate";
        args[2] = "--url";
        args[3] = root.toString();
        args[4] = "--token-file";
        args[5] = tokenFile;
        System.arraycopy(options, 0, args, 6, options.length);
        int exitCode = new CommandLine(new EngineCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private void submit(WorkReceipt receipt) {
        var context = receiptContexts.current().await().atMost(WAIT);
        ingestion.submit(context, List.of(new ReceiptSubmission(receipt.provider().toString(),
                receipt.epoch().toString(), receipt.jobId().toHex(), (long) receipt.gpuClass(),
                receipt.gpuSeconds().toString(), (long) receipt.qualityBps(),
                ReceiptSigning.signHex(context.hasher().domain(), receipt, DevAccounts.verifier()))))
                .await().atMost(WAIT).forEach(outcome -> assertTrue(outcome.isAccepted(), outcome.toString()));
    }

    private io.restassured.response.ValidatableResponse operator(String body) {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(body)
                .when().post(ReceiptInvalidationResource.PATH).then();
    }

    private io.restassured.response.ValidatableResponse operatorStep(String path) {
        return given().header("Authorization", "Bearer " + TOKEN).when().post(path).then();
    }

    private long count(String sql) {
        return pool.query(sql).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static ChecksumAddress randomAddress() throws Exception {
        return ChecksumAddress.of(Credentials.create(Keys.createEcKeyPair()).getAddress());
    }
}
