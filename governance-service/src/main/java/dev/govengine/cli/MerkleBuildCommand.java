package dev.govengine.cli;

import dev.govengine.rewards.tree.LeafHashTree;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.Bytes32;
import dev.govengine.types.LeafValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Builds a cumulative reward tree from a CSV and writes its standard-v1 dump.",
            "The CSV has the header 'account,amount' and one row per account, with amounts",
            "in decimal base units. The dump lists the rows in their order, each address",
            "EIP-55 checksummed: byte for byte what @openzeppelin/merkle-tree's",
            "StandardMerkleTree.of(rows, [\"address\",\"uint256\"]).dump() writes for the same",
            "rows with checksummed addresses. Offline: no database, chain or HTTP port.",
            "Exit status: 0 done; 1 the input was refused (the message names the line and",
            "the reason) or a file could not be read or written; 2 bad usage."})
public class MerkleBuildCommand implements Callable<Integer> {
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Accounts and cumulative amounts.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "tree.json", description = "Where to write the dump.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AmountsCsvBytes rows;
        try {
            rows = AmountsCsvBytes.read(Files.readAllBytes(input));
        } catch (IOException e) {
            err.println(InputFiles.problem(input, e));
            return FAILED;
        }
        if (rows == null) {
            return buildFromLines(err);
        }
        LeafHashTree tree = LeafHashTree.of(rows.leafHashes, rows.count);
        try (OutputStream out = Files.newOutputStream(output)) {
            tree.writeDump(out, rows.text, rows.accountAt, rows.amountAt, rows.amountEnd);
        } catch (IOException e) {
            err.println("cannot write " + output + ": " + e.getMessage());
            return FAILED;
        }
        return done(tree.root(), rows.count, rows.total);
    }

    /** The general path, for a file not in the plain form: it takes the whole format and names a bad line. */
    private int buildFromLines(PrintWriter err) {
        List<LeafValue> values;
        try {
            values = AmountsCsv.parse(Files.readAllLines(input, StandardCharsets.UTF_8));
        } catch (InvalidInputFileException e) {
            err.println(input + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println(InputFiles.problem(input, e));
            return FAILED;
        }
        BigInteger total = values.stream().map(LeafValue::amount).reduce(BigInteger.ZERO, BigInteger::add);
        if (total.compareTo(LeafValue.MAX_UINT256) > 0) {
            // RewardDistributor.proposeRoot takes the total as a uint256: such a tree could never be posted.
            err.println(input + ": the amounts add up to " + total + ", larger than uint256 allows (2^256-1)");
            return FAILED;
        }
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        try (OutputStream out = Files.newOutputStream(output)) {
            StandardTreeDump.write(tree, out);
        } catch (IOException | UncheckedIOException e) {
            err.println("cannot write " + output + ": " + e.getMessage());
            return FAILED;
        }
        return done(tree.root(), values.size(), total);
    }

    private int done(Bytes32 root, int accounts, BigInteger total) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("root " + root);
        out.println(accounts + " accounts, total " + total + ", dump written to " + output);
        return 0;
    }
}
