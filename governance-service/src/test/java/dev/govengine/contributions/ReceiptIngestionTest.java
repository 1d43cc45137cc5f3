package dev.govengine.contributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.DevAccounts;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Checking and storing receipts against real PostgreSQL, with a context made by hand: every refusal code, per-item
 * results in input order, nothing of a refused receipt stored, and the same job id from concurrent requests
 * accepted exactly once. Each test signs for its own policy address, so its job ids and rows are its own; its epochs
 * lie far above any other test's.
 */
@QuarkusTest
class ReceiptIngestionTest {
    private static final long LENGTH = 60;
    private static final long CURRENT = 5_000_000 + new SecureRandom().nextInt(1_000_000) * 10L;
    private static final long ANCHOR = 1_000_000;
    private static final long HEAD = ANCHOR + (CURRENT - 1) * LENGTH + 7;
    private static final Credentials VERIFIER = DevAccounts.verifier();
    private static final ChecksumAddress PROVIDER = ChecksumAddress.of(DevAccounts.account(2).getAddress());

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private WorkReceiptDomain domain;
    private ReceiptContext context;

    @BeforeEach
    void freshPolicy() {
        byte[] address = new byte[20];
        new SecureRandom().nextBytes(address);
        domain = new WorkReceiptDomain("RewardPolicy", "1", 31337, ChecksumAddress.of(Numeric.toHexString(address)));
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new EpochCalendar.PolicyVersion(ANCHOR, LENGTH)));
        context = new ReceiptContext(new WorkReceiptHasher(domain), java.util.Set.of(ChecksumAddress.of(VERIFIER.getAddress())),
                calendar, calendar.epochAt(HEAD));
        assertEquals(CURRENT, context.currentEpoch());
    }

    @AfterEach
    void dropEpochRows() {
        pool.preparedQuery("DELETE FROM reward_epoch WHERE epoch BETWEEN $1 AND $2")
                .execute(Tuple.of(CURRENT - 10, CURRENT + 10)).await().indefinitely();
    }

    @Test
    void verificationStopsAtItsDeadlineNotJustTheAnswer() throws Exception {
        int count = 40_000;
        String signature = ReceiptSigning.signHex(domain, receipt("deadline", CURRENT, 1, 60, 10_000), VERIFIER);
        // One signature for every receipt: each recovery is real work, and recovers some key other than the verifier.
        List<ReceiptRules.Checked<ReceiptRules.Candidate>> parsed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parsed.add(ReceiptRules.parse(ReceiptSigning.submission(receipt("deadline " + i, CURRENT, 1, 60, 10_000),
                    signature)));
        }
        double before = verified();
        Duration budget = Duration.ofMillis(300);
        long start = System.nanoTime();
        ReceiptsTimeoutException stopped = assertThrows(ReceiptsTimeoutException.class, () -> ingestion.verifyAll(context,
                parsed, System.nanoTime() + budget.toNanos(), budget).await().atMost(Duration.ofSeconds(60)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("verifying the receipts ran out of its PT0.3S budget (gov.receipts.verify-timeout); nothing was"
                + " stored", stopped.getMessage());
        double atFailure = verified() - before;
        Thread.sleep(500);
        double after = verified() - before;
        assertTrue(tookMillis < 3_000, "failed after " + tookMillis + " ms");
        assertTrue(after < count / 2.0, after + " of " + count + " verified");
        assertTrue(after - atFailure <= Runtime.getRuntime().availableProcessors(),
                "each slice stops within one receipt of the deadline: " + atFailure + " then " + after);
    }

    private double verified() {
        return registry.get("gov.receipts.verified").counter().count();
    }

    @Test
    void eachItemGetsItsOwnResultInInputOrderAndOnlyAcceptedOnesAreStored() {
        setStatus(CURRENT - 2, "CLOSED");
        WorkReceipt good = receipt("good", CURRENT, 1, 3_600, 9_000);
        WorkReceipt unweighted = receipt("class without weight", CURRENT - 1, 200, 1, 0);
        WorkReceipt closed = receipt("closed", CURRENT - 2, 1, 60, 10_000);
        WorkReceipt future = receipt("future", CURRENT + 1, 1, 60, 10_000);
        WorkReceipt unknown = receipt("unknown signer", CURRENT, 1, 60, 10_000);
        WorkReceipt malleable = receipt("malleable", CURRENT, 1, 60, 10_000);
        String goodSignature = sign(good);
        List<ReceiptSubmission> batch = List.of(
                submission(good, goodSignature),
                new ReceiptSubmission("0x1234", "1", jobHex("bad address"), 1L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "1", "0x12", 1L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "one", jobHex("epoch words"), 1L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "01", jobHex("leading zero"), 1L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "0", jobHex("epoch 0"), 1L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "18446744073709551616", jobHex("epoch 2^64"), 1L, "60", 100L,
                        goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "1", jobHex("class 256"), 256L, "60", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "1", jobHex("no seconds"), 1L, "0", 100L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "1", jobHex("quality"), 1L, "60", 10_001L, goodSignature),
                new ReceiptSubmission(PROVIDER.toString(), "1", jobHex("no class"), null, "60", 100L, goodSignature),
                submission(future, sign(future)),
                new ReceiptSubmission(PROVIDER.toString(), "1", jobHex("short signature"), 1L, "60", 100L,
                        goodSignature.substring(0, 130)),
                submission(malleable, Numeric.toHexString(ReceiptSigning.highS(ReceiptSigning.sign(domain, malleable, VERIFIER)))),
                submission(unknown, ReceiptSigning.signHex(domain, unknown, DevAccounts.account(3))),
                submission(closed, sign(closed)),
                submission(good, goodSignature),
                submission(unweighted, sign(unweighted)));

        List<ReceiptOutcome> outcomes = submit(batch);

        assertEquals(List.of("ACCEPTED", "BAD_ADDRESS", "BAD_INPUT", "BAD_INPUT", "BAD_INPUT", "OUT_OF_RANGE",
                        "OUT_OF_RANGE", "OUT_OF_RANGE", "OUT_OF_RANGE", "OUT_OF_RANGE", "BAD_INPUT", "OUT_OF_RANGE",
                        "BAD_SIGNATURE", "BAD_SIGNATURE", "UNKNOWN_VERIFIER", "EPOCH_CLOSED", "DUPLICATE_JOB", "ACCEPTED"),
                codes(outcomes));
        assertEquals(ChecksumAddress.of(VERIFIER.getAddress()), outcomes.get(0).verifier());
        assertEquals(good.jobId().toHex(), outcomes.get(0).jobId());
        assertNull(outcomes.get(1).verifier());
        assertEquals("epoch: " + (CURRENT + 1) + " is after the current epoch " + CURRENT, outcomes.get(11).message());
        assertTrue(outcomes.get(13).message().contains("malleable"), outcomes.get(13).message());
        assertEquals("signed by " + ChecksumAddress.of(DevAccounts.account(3).getAddress())
                + ", which is not a verifier of the policy in force", outcomes.get(14).message());
        assertEquals("epoch " + (CURRENT - 2) + " is CLOSED, not OPEN", outcomes.get(15).message());
        assertEquals("job " + good.jobId().toHex() + " appears earlier in this request", outcomes.get(16).message());

        List<Row> stored = storedRows();
        assertEquals(2, stored.size());
        Row first = stored.stream().filter(r -> r.getString("job_id").equals(good.jobId().toHex())).findFirst().orElseThrow();
        assertEquals(PROVIDER.toString(), first.getString("provider"));
        assertEquals(CURRENT, first.getLong("epoch"));
        assertEquals((short) 1, first.getShort("gpu_class"));
        assertEquals(BigInteger.valueOf(3_600), first.getNumeric("gpu_seconds").bigIntegerValue());
        assertEquals(9_000, first.getInteger("quality_bps"));
        assertEquals(goodSignature.toLowerCase(), first.getString("signature"));
        assertEquals(VERIFIER.getAddress(), first.getString("verifier").toLowerCase());
        assertEquals(31337L, first.getLong("chain_id"));
        assertTrue(first.getOffsetDateTime("received_at") != null);

        Row epoch = pool.preparedQuery("SELECT status, start_timestamp, end_timestamp FROM reward_epoch WHERE epoch = $1")
                .execute(Tuple.of(CURRENT)).await().indefinitely().iterator().next();
        assertEquals("OPEN", epoch.getString(0), "the row a receipt's epoch gets");
        assertEquals(ANCHOR + (CURRENT - 1) * LENGTH, epoch.getLong(1));
        assertEquals(ANCHOR + CURRENT * LENGTH, epoch.getLong(2));
    }

    @Test
    void aJobIdCountsOnceAcrossRequestsAndTheFirstValidOccurrenceWins() {
        WorkReceipt receipt = receipt("job", CURRENT, 2, 100, 5_000);
        String signature = sign(receipt);
        String forged = ReceiptSigning.signHex(domain, receipt, DevAccounts.account(4));
        assertEquals(List.of("UNKNOWN_VERIFIER", "ACCEPTED"), codes(submit(List.of(submission(receipt, forged),
                submission(receipt, signature)))), "a refused first occurrence does not take the job id");
        WorkReceipt sameJobOtherWork = new WorkReceipt(PROVIDER, BigInteger.valueOf(CURRENT), receipt.jobId(), 2,
                BigInteger.valueOf(999), 5_000);
        List<ReceiptOutcome> again = submit(List.of(submission(receipt, signature),
                submission(sameJobOtherWork, sign(sameJobOtherWork))));
        assertEquals(List.of("DUPLICATE_JOB", "DUPLICATE_JOB"), codes(again));
        assertEquals("job " + receipt.jobId().toHex() + " is already stored", again.get(0).message());
        assertEquals("job " + receipt.jobId().toHex() + " appears earlier in this request", again.get(1).message());
        assertEquals(List.of(BigInteger.valueOf(100)), storedRows().stream()
                .map(r -> r.getNumeric("gpu_seconds").bigIntegerValue()).toList());
        assertEquals(List.of(), submit(List.of()));
    }

    @Test
    void concurrentRequestsWithTheSameJobIdsAcceptEachExactlyOnce() {
        List<ReceiptSubmission> forward = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            WorkReceipt receipt = receipt("shared " + i, CURRENT - i % 3, i % 4, 10 + i, 7_500);
            forward.add(submission(receipt, sign(receipt)));
        }
        List<ReceiptSubmission> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        List<List<ReceiptOutcome>> results = Uni.join().all(List.of(
                        ingestion.submit(context, forward), ingestion.submit(context, backward),
                        ingestion.submit(context, forward.subList(100, 200))))
                .andFailFast().await().indefinitely();

        for (int i = 0; i < forward.size(); i++) {
            int accepted = (results.get(0).get(i).isAccepted() ? 1 : 0)
                    + (results.get(1).get(forward.size() - 1 - i).isAccepted() ? 1 : 0)
                    + (i >= 100 && i < 200 && results.get(2).get(i - 100).isAccepted() ? 1 : 0);
            assertEquals(1, accepted, "receipt " + i);
        }
        results.forEach(outcomes -> outcomes.forEach(o -> assertTrue(o.isAccepted()
                || o.code() == ReceiptCode.DUPLICATE_JOB, o.toString())));
        assertEquals(300, storedRows().size());
    }

    private List<ReceiptOutcome> submit(List<ReceiptSubmission> batch) {
        return ingestion.submit(context, batch).await().indefinitely();
    }

    private WorkReceipt receipt(String job, long epoch, int gpuClass, long seconds, int quality) {
        return ReceiptSigning.receipt(PROVIDER, epoch, job + " " + domain.verifyingContract(), gpuClass, seconds, quality);
    }

    private String jobHex(String job) {
        return ReceiptSigning.jobId(job + " " + domain.verifyingContract()).toHex();
    }

    private String sign(WorkReceipt receipt) {
        return ReceiptSigning.signHex(domain, receipt, VERIFIER);
    }

    private static ReceiptSubmission submission(WorkReceipt receipt, String signature) {
        return ReceiptSigning.submission(receipt, signature);
    }

    private static List<String> codes(List<ReceiptOutcome> outcomes) {
        return outcomes.stream().map(o -> o.isAccepted() ? "ACCEPTED" : o.code().name()).collect(Collectors.toList());
    }

    private void setStatus(long epoch, String status) {
        pool.preparedQuery("INSERT INTO reward_epoch (epoch, status, updated_at) VALUES ($1, $2, now())")
                .execute(Tuple.of(epoch, status)).await().indefinitely();
    }

    private List<Row> storedRows() {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM work_receipt WHERE chain_id = 31337 AND policy = $1 ORDER BY job_id")
                .execute(Tuple.of(domain.verifyingContract().toString())).await().indefinitely().forEach(rows::add);
        return rows;
    }
}
