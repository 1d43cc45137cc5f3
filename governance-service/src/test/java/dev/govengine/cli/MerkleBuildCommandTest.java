package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.rewards.tree.OzReference;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.utils.Numeric;
import picocli.CommandLine;

/** {@code merkle build} through the real command line, without Quarkus: the command is offline. */
class MerkleBuildCommandTest {
    private static final String A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    private static final String MAX = LeafValue.MAX_UINT256.toString();
    private static final String C_AMOUNT = LeafValue.MAX_UINT256.subtract(BigInteger.TEN.pow(18)).toString();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new EngineCommand())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run build(String csv) throws Exception {
        Path input = dir.resolve("amounts.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        return run("merkle", "build", "--input", input.toString(), "--output", dir.resolve("tree.json").toString());
    }

    @Test
    void writesTheLibrarysDumpAndPrintsTheRoot() throws Exception {
        // Lower-case input is accepted and written checksummed; CRLF line ends and spaces around fields are fine.
        // C's amount brings the total to exactly 2^256 - 1, the most proposeRoot takes.
        Run run = build("account,amount\r\n" + A.toLowerCase() + ",1000000000000000000\r\n" + B + ", 0\r\n" + C + ","
                + C_AMOUNT + "\r\n");

        assertEquals(0, run.exitCode(), run.err());
        String dump = Files.readString(dir.resolve("tree.json"));
        List<LeafValue> values = List.of(leaf(A, "1000000000000000000"), leaf(B, "0"), leaf(C, C_AMOUNT));
        assertEquals(OzReference.dumps(List.of(values)).get(0), dump);
        // Given the same rows with A in lower case, the library keeps that case in its values (and only there): the
        // command writes every address checksummed, as REWARDS.md says, and the tree and root are the same.
        String libraryOfLowerCase = OzReference.dumpsOfRows(List.of(List.of(List.of(A.toLowerCase(), "1000000000000000000"),
                List.of(B, "0"), List.of(C, C_AMOUNT)))).get(0);
        assertFalse(libraryOfLowerCase.equals(dump));
        assertEquals(dump, libraryOfLowerCase.replace(A.toLowerCase(), A));
        String root = dump.substring(dump.indexOf("\"tree\":[\"") + 9, dump.indexOf("\"tree\":[\"") + 9 + 66);
        assertTrue(run.out().contains("root " + root), run.out());
        assertTrue(run.out().contains("3 accounts"), run.out());
    }

    @Test
    void aSingleRowMakesAOneLeafTree() throws Exception {
        Run run = build("account,amount\n" + A + ",5\n");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(OzReference.dumps(List.of(List.of(leaf(A, "5")))).get(0), Files.readString(dir.resolve("tree.json")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad address          | account,amount\\n0x1234,5\\n                                                  | line 2: account '0x1234' is not an address
            bad checksum         | account,amount\\n0x70997970C51812dc3A010C7d01b50e0d17dc79c8,5\\n              | line 2: account '0x70997970C51812dc3A010C7d01b50e0d17dc79c8' has a bad EIP-55 checksum
            negative             | account,amount\\nA,1\\nB,-5\\n                                                  | line 3: amount '-5' is negative
            non-numeric          | account,amount\\nA,12abc\\n                                                     | line 2: amount '12abc' is not a decimal integer
            decimal point        | account,amount\\nA,1.5\\n                                                       | line 2: amount '1.5' is not a decimal integer
            too large            | account,amount\\nA,MAX+1\\n                                                     | line 2: amount '115792089237316195423570985008687907853269984665640564039457584007913129639936' is larger than uint256
            duplicate account    | account,amount\\nA,1\\nB,2\\nA_LOWER,3\\n                                      | line 4: account 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 already appears on line 2
            wrong header         | address,amount\\nA,1\\n                                                         | line 1: the header must be exactly 'account,amount', found 'address,amount'
            header only          | account,amount\\n                                                               | line 1: no rows after the header
            empty file           | ''                                                                              | line 1: the header must be exactly 'account,amount', found an empty file
            missing amount       | account,amount\\nA\\n                                                           | line 2: expected 2 fields (account,amount), found 1
            extra field          | account,amount\\nA,1,2\\n                                                       | line 2: expected 2 fields (account,amount), found 3
            empty row            | account,amount\\nA,1\\n\\nB,2\\n                                                | line 3: empty row
            """)
    void refusesABadRowWithItsLineNumber(String name, String csv, String expected) throws Exception {
        String text = csv.replace("\\n", "\n")
                .replace("A_LOWER", A.toLowerCase()).replace("A,", A + ",").replace("B,", B + ",")
                .replace("MAX+1", LeafValue.MAX_UINT256.add(BigInteger.ONE).toString());
        assertNull(AmountsCsvBytes.read(text.getBytes(StandardCharsets.UTF_8)), "the fast path takes no bad input");
        Run run = build(text);
        assertEquals(MerkleBuildCommand.FAILED, run.exitCode(), name);
        assertTrue(run.err().contains("amounts.csv: " + expected), run.err());
        assertFalse(Files.exists(dir.resolve("tree.json")), "nothing is written for a refused input");
    }

    @Test
    void aLargeFileIsTheLibrarysDump() throws Exception {
        // Enough rows that the fast path hashes on every core and builds the upper tree in parallel bands. Accounts in
        // lower, upper and checksummed case; an amount with its top bit set, and 0; CRLF, and no newline at the end.
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int count = 4_500;
        StringBuilder csv = new StringBuilder(AmountsCsv.HEADER);
        List<List<String>> rows = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            String account = ChecksumAddress.of(Numeric.toHexString(bytes)).toString();
            BigInteger amount = switch (i) {
                case 0 -> LeafValue.MAX_UINT256.subtract(BigInteger.TEN.pow(40));
                case 1 -> BigInteger.ZERO;
                default -> new BigInteger(100, random);
            };
            total = total.add(amount);
            String written = switch (i % 3) {
                case 0 -> account.toLowerCase(Locale.ROOT);
                case 1 -> "0x" + account.substring(2).toUpperCase(Locale.ROOT);
                default -> account;
            };
            csv.append("\r\n").append(written).append(',').append(amount);
            rows.add(List.of(account, amount.toString()));
        }
        Path input = dir.resolve("amounts.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        assertNotNull(AmountsCsvBytes.read(Files.readAllBytes(input)), "the plain form takes the fast path");

        Run run = run("merkle", "build", "--input", input.toString(), "--output", dir.resolve("tree.json").toString());

        assertEquals(0, run.exitCode(), run.err());
        String dump = Files.readString(dir.resolve("tree.json"));
        assertEquals(OzReference.dumpsOfRows(List.of(rows)).get(0), dump, "seed " + seed);
        assertTrue(run.out().contains(count + " accounts, total " + total), run.out());
    }

    @Test
    void missingOptionsAreAUsageError() {
        Run run = run("merkle", "build", "--input", dir.resolve("none.csv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--output"), run.err());
    }

    @Test
    void aMissingInputIsNamedAsNotFound() {
        Path missing = dir.resolve("none.csv");
        Run run = run("merkle", "build", "--input", missing.toString(), "--output", dir.resolve("tree.json").toString());
        assertEquals(MerkleBuildCommand.FAILED, run.exitCode());
        assertEquals(missing + ": not found\n", run.err());
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsIgnored() throws Exception {
        Run run = build("\uFEFFaccount,amount\n" + A + ",5\n");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(StandardTreeDump.write(StandardMerkleTree.of(List.of(leaf(A, "5")))),
                Files.readString(dir.resolve("tree.json")));
    }

    @Test
    void aTotalAbove2To256Minus1IsRefusedNamingIt() throws Exception {
        // Each amount fits in a uint256, but proposeRoot takes the tree's total as one too.
        Run run = build("account,amount\n" + A + "," + MAX + "\n" + B + ",1\n");
        assertEquals(MerkleBuildCommand.FAILED, run.exitCode());
        assertEquals(dir.resolve("amounts.csv") + ": the amounts add up to " + LeafValue.MAX_UINT256.add(BigInteger.ONE)
                + ", larger than uint256 allows (2^256-1)\n", run.err());
        assertFalse(Files.exists(dir.resolve("tree.json")), "nothing is written for a refused input");
    }

    private static LeafValue leaf(String account, String amount) {
        return new LeafValue(ChecksumAddress.of(account), new BigInteger(amount));
    }
}
