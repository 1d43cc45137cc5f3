package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code epoch compute} on a small epoch whose every number is worked out by hand below. */
class EpochComputeCommandTest {
    private static final String A = "0x000000000000000000000000000000000000000a";
    private static final String B = "0x000000000000000000000000000000000000000b";
    private static final String C = "0x000000000000000000000000000000000000000c";
    private static final String D = "0x000000000000000000000000000000000000000d";
    private static final String E = "0x000000000000000000000000000000000000000e";
    private static final String G = "0x0000000000000000000000000000000000000010";

    /*
     * D = budget 1000 + carry 10 = 1010; pools 505 (depin), 303 (rollup), 202 (governance), no leftover.
     * DePIN: A 100 s x class 1 (weight 1) x 10000 + 100 s x class 2 (weight 3) x 5000 = 2,500,000; B 50 x 3 x 10000 =
     *   1,500,000; C's class 9 has no weight: 0. 505 x 2.5/4 = 315.625, 505 x 1.5/4 = 189.375: one unit left, to A.
     * Rollup: B 2 x BatchSubmitted (2) = 4, D 1 x ProofSubmitted (5) = 5. 303 x 4/9 = 134.67, 303 x 5/9 = 168.33:
     *   the unit goes to B (remainder 6/9 > 3/9).
     * Governance, square root per voter and proposal: A sqrt(100) = 10 (proposal 7); E sqrt(15) + sqrt(1) = 3 + 1 = 4
     *   (proposals 7 and 8). 202 x 10/14 = 144.29, 202 x 4/14 = 57.71: the unit goes to E (remainder 10/14 > 4/14).
     * Minimum 60: A 316 + 144 = 460, B 189 + 135 = 324, D 168 are paid (952); E's 58 carries: 952 + 58 = 1010.
     * Cumulative: A 1000 + 460 = 1460, B 324, D 168, G 7 (earlier epochs only); total 1959.
     */
    private static final String INPUT = """
            {
              "epoch": 4,
              "policy": {
                "budgetPerEpoch": "1000",
                "split": {"depin": 5000, "rollup": 3000, "governance": 2000},
                "leftoverProgram": "depin",
                "recipientCapBps": 10000,
                "minPayout": "60",
                "gpuClassWeights": {"1": "1", "2": "3"},
                "rollupKindWeights": {"BatchSubmitted": "2", "ProofSubmitted": "5"},
                "governanceMode": "squareRoot"
              },
              "carryIn": "10",
              "previousCumulative": {"A": "1000", "G": "7"},
              "contributions": {
                "depin": [
                  {"provider": "A", "gpuClass": 1, "gpuSeconds": 100, "qualityBps": 10000},
                  {"provider": "B", "gpuClass": 2, "gpuSeconds": 50, "qualityBps": 10000},
                  {"provider": "C", "gpuClass": 9, "gpuSeconds": 1000, "qualityBps": 10000},
                  {"provider": "A", "gpuClass": 2, "gpuSeconds": 100, "qualityBps": 5000}
                ],
                "rollup": [
                  {"contributor": "B", "kind": "BatchSubmitted"},
                  {"contributor": "D", "kind": "ProofSubmitted"},
                  {"contributor": "B", "kind": "BatchSubmitted"}
                ],
                "governance": [
                  {"proposal": "7", "voter": "E", "weight": "15"},
                  {"proposal": "7", "voter": "A", "weight": "100"},
                  {"proposal": "8", "voter": "E", "weight": "1"}
                ]
              }
            }
            """;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run compute(String json, String outputName) throws Exception {
        Path input = dir.resolve("epoch.json");
        Files.writeString(input, withAddresses(json));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new EngineCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("epoch", "compute", "--input", input.toString(), "--output", dir.resolve(outputName).toString());
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String withAddresses(String json) {
        return json.replace("\"A\"", "\"" + A + "\"").replace("\"B\"", "\"" + B + "\"").replace("\"C\"", "\"" + C + "\"")
                .replace("\"D\"", "\"" + D + "\"").replace("\"E\"", "\"" + E + "\"").replace("\"G\"", "\"" + G + "\"");
    }

    @Test
    void computesTheHandWorkedEpoch() throws Exception {
        Run run = compute(INPUT, "out");
        assertEquals(0, run.exitCode(), run.err());

        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/allocation.json").toFile());
        assertEquals(4, report.get("epoch").intValue());
        assertEquals("952", report.get("paid").textValue());
        assertEquals("58", report.get("carryOut").textValue());
        assertEquals("1959", report.get("totalCumulative").textValue());
        assertEquals(List.of("depin:505", "rollup:303", "governance:202"), programs(report, "pool"));
        assertEquals(List.of(A + ":316", B + ":189", C + ":0"), recipients(report.get("programs").get(0)));
        assertEquals(List.of(B + ":135", D + ":168"), recipients(report.get("programs").get(1)));
        assertEquals(List.of(A + ":144", E + ":58"), recipients(report.get("programs").get(2)));
        assertEquals(List.of(A + ":460", B + ":324", D + ":168"), accounts(report.get("payouts")));
        assertEquals("{\"depin\":\"316\",\"governance\":\"144\"}", report.get("payouts").get(0).get("byProgram").toString());
        assertEquals(List.of(E + ":58"), accounts(report.get("belowMinimum")));
        assertEquals(List.of(A + ":1460", B + ":324", D + ":168", G + ":7"), accounts(report.get("cumulative")));

        StandardMerkleTree expected = StandardMerkleTree.of(List.of(leaf(A, 1460), leaf(B, 324), leaf(D, 168), leaf(G, 7)));
        assertEquals(StandardTreeDump.write(expected), Files.readString(dir.resolve("out/tree.json")));
        assertEquals(expected.root().toHex(), report.get("root").textValue());
        assertTrue(run.out().contains("root " + expected.root()), run.out());
    }

    @Test
    void theOrderOfTheContributionsChangesNoByte() throws Exception {
        assertEquals(0, compute(INPUT, "first").exitCode());
        String reordered = INPUT
                .replace("{\"proposal\": \"7\", \"voter\": \"E\", \"weight\": \"15\"},\n      {\"proposal\": \"7\", \"voter\": \"A\", \"weight\": \"100\"},",
                        "{\"proposal\": \"7\", \"voter\": \"A\", \"weight\": \"100\"},\n      {\"proposal\": \"7\", \"voter\": \"E\", \"weight\": \"15\"},")
                .replace("\"previousCumulative\": {\"A\": \"1000\", \"G\": \"7\"}", "\"previousCumulative\": {\"G\": \"7\", \"A\": \"1000\"}");
        assertFalse(reordered.equals(INPUT));
        assertEquals(0, compute(reordered, "second").exitCode());
        for (String file : List.of("allocation.json", "tree.json")) {
            assertEquals(Files.readString(dir.resolve("first").resolve(file)), Files.readString(dir.resolve("second").resolve(file)), file);
        }
    }

    @Test
    void aRollupEventsAmountScoresAsThatManyEvents() throws Exception {
        assertEquals(0, compute(INPUT, "two-events").exitCode());
        String oneEventOfTwo = INPUT.replace("{\"contributor\": \"B\", \"kind\": \"BatchSubmitted\"},\n      "
                        + "{\"contributor\": \"D\", \"kind\": \"ProofSubmitted\"},\n      "
                        + "{\"contributor\": \"B\", \"kind\": \"BatchSubmitted\"}",
                "{\"contributor\": \"B\", \"kind\": \"BatchSubmitted\", \"amount\": \"2\"},\n      "
                        + "{\"contributor\": \"D\", \"kind\": \"ProofSubmitted\", \"amount\": \"1\"}");
        assertFalse(oneEventOfTwo.equals(INPUT));
        Run run = compute(oneEventOfTwo, "one-event");
        assertEquals(0, run.exitCode(), run.err());
        for (String file : List.of("allocation.json", "tree.json")) {
            assertEquals(Files.readString(dir.resolve("two-events").resolve(file)),
                    Files.readString(dir.resolve("one-event").resolve(file)), file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            quality out of range | "qualityBps": 5000                | "qualityBps": 10001          | contributions.depin[3]: qualityBps 10001 is outside 0..10000
            split not 10000      | "governance": 2000}               | "governance": 1999}          | policy: the split sums to 9999 bps
            unknown field        | "minPayout": "60",                | "minPayout": "60", "cap": 1, | policy.cap: unknown field
            amount as a number   | "budgetPerEpoch": "1000"          | "budgetPerEpoch": 1000       | policy.budgetPerEpoch: expected a decimal string
            negative weight      | "weight": "100"                   | "weight": "-100"             | contributions.governance[1].weight: amount '-100' is negative
            bad address          | {"contributor": "D"               | {"contributor": "0x12"       | contributions.rollup[1].contributor: '0x12' is not an address
            rollup amount number | {"contributor": "D", "kind": "ProofSubmitted"} | {"contributor": "D", "kind": "ProofSubmitted", "amount": 3} | contributions.rollup[1].amount: expected a decimal string
            bad mode             | "squareRoot"                      | "quadratic"                  | policy.governanceMode: expected "linear" or "squareRoot"
            missing carry        | "carryIn": "10",                  | ''                           | $: "carryIn" is missing
            missing in a list    | "gpuClass": 1,                    | ''                           | contributions.depin[0]: "gpuClass" is missing
            GPU class twice      | "2": "3"}                         | "01": "3", "2": "3"}         | policy.gpuClassWeights.01: a GPU class is an integer from 0 to 255, written without leading zeros
            kind as a number     | "kind": "ProofSubmitted"          | "kind": 5                    | contributions.rollup[1].kind: must be a string (line 24, column 77)
            mode as a number     | "squareRoot"                      | 1                            | policy.governanceMode: expected "linear" or "squareRoot", found 1 (line 11, column 23)
            fraction for an int  | "qualityBps": 5000                | "qualityBps": 50.5           | contributions.depin[3].qualityBps: '50.5' is not an integer (line 20, column 114)
            null in a list       | "depin": [                        | "depin": [null,              | contributions.depin[0]: must not be null
            """)
    void refusesABadFieldByItsPath(String name, String from, String to, String expected) throws Exception {
        assertTrue(INPUT.contains(from), name);
        Run run = compute(INPUT.replace(from, to), "out");
        assertEquals(EpochComputeCommand.FAILED, run.exitCode(), name);
        assertTrue(run.err().contains("epoch.json: " + expected), run.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for a refused input");
    }

    @Test
    void malformedJsonIsNamedByLineAndColumnWithoutJacksonsWords() throws Exception {
        Run run = compute(INPUT.replace("\"carryIn\": \"10\",", "\"carryIn\": \"10\""), "out");
        assertEquals(EpochComputeCommand.FAILED, run.exitCode());
        assertEquals(dir.resolve("epoch.json") + ": $: not valid JSON: Unexpected character ('\"' (code 34)): was expecting"
                + " comma to separate Object entries (line 14, column 3)\n", run.err());
        Run truncated = compute(INPUT.substring(0, INPUT.indexOf("\"contributions\"")), "out");
        assertTrue(truncated.err().endsWith("epoch.json: $: not valid JSON: Unexpected end-of-input within/between Object"
                + " entries (line 15, column 3)\n"), truncated.err());
        for (String internal : List.of("Source", "REDACTED", "jackson", "dev.govengine", "reference chain", "`")) {
            assertFalse(run.err().contains(internal) || truncated.err().contains(internal), internal);
        }
    }

    @Test
    void anAccountGivenTwiceInTwoCasesIsRefused() throws Exception {
        // Both keys are the same account: the later one would silently replace the earlier.
        Run run = compute(INPUT.replace("\"G\": \"7\"}", "\"G\": \"7\", \"" + A.toUpperCase().replace("0X", "0x") + "\": \"1\"}"), "out");
        assertEquals(EpochComputeCommand.FAILED, run.exitCode());
        assertTrue(run.err().contains("epoch.json: previousCumulative." + A.toUpperCase().replace("0X", "0x") + ": "
                + ChecksumAddress.of(A) + " appears twice (line 14,"), run.err());
    }

    @Test
    void aCumulativeTotalAboveUint256IsRefusedNamingIt() throws Exception {
        // Each account fits in a uint256 (C is paid nothing this epoch), but proposeRoot takes the total as one too.
        Run run = compute(INPUT.replace("\"G\": \"7\"}", "\"G\": \"7\", \"C\": \"" + LeafValue.MAX_UINT256 + "\"}"), "out");
        assertEquals(EpochComputeCommand.FAILED, run.exitCode(), run.out());
        assertEquals(dir.resolve("epoch.json") + ": the cumulative total " + LeafValue.MAX_UINT256.add(BigInteger.valueOf(1959))
                + " is larger than uint256 allows (2^256-1)\n", run.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for a refused input");
    }

    @Test
    void aMissingInputIsNamedAsNotFound() throws Exception {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("none.json");
        int exitCode = new CommandLine(new EngineCommand()).setErr(new PrintWriter(err, true))
                .execute("epoch", "compute", "--input", missing.toString(), "--output", dir.resolve("out").toString());
        assertEquals(EpochComputeCommand.FAILED, exitCode);
        assertEquals(missing + ": not found\n", err.toString());
    }

    private static List<String> programs(JsonNode report, String field) {
        List<String> values = new ArrayList<>();
        report.get("programs").forEach(p -> values.add(p.get("program").textValue() + ":" + p.get(field).textValue()));
        return values;
    }

    private static List<String> recipients(JsonNode program) {
        return accounts(program.get("recipients"));
    }

    private static List<String> accounts(JsonNode entries) {
        List<String> values = new ArrayList<>();
        entries.forEach(e -> values.add(e.get("account").textValue().toLowerCase() + ":" + e.get("amount").textValue()));
        return values;
    }

    private static LeafValue leaf(String account, long amount) {
        return new LeafValue(ChecksumAddress.of(account), BigInteger.valueOf(amount));
    }
}
