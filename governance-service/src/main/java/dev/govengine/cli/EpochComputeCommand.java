package dev.govengine.cli;

import dev.govengine.json.JsonFileException;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.Bytes32;
import dev.govengine.types.LeafValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compute",
        mixinStandardHelpOptions = true,
        description = {
            "Computes one reward epoch offline: scores, allocation, carry and its tree.",
            "The JSON file holds the policy, the carry in, the previous cumulative amounts",
            "and the epoch's contributions (format in docs/REWARDS.md). Writes",
            "DIR/allocation.json (per-program breakdown, payouts, carry, cumulative",
            "amounts, root) and DIR/tree.json (standard-v1 dump). No database, chain or",
            "HTTP port.",
            "Exit status: 0 done; 1 the input was refused (the message names the field) or",
            "a file could not be read or written; 2 bad usage."})
public class EpochComputeCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final String ALLOCATION_FILE = "allocation.json";
    static final String TREE_FILE = "tree.json";

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.json", description = "The epoch's inputs.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the results; created if missing.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        EpochFile file;
        EpochComputation.Result result;
        try {
            file = EpochFile.read(Files.readString(input, StandardCharsets.UTF_8));
            result = EpochComputation.compute(file.allocationPolicy(), file.scoringPolicy(), file.budget(),
                    file.carryIn(), file.previous(), file.contributionsToScore());
        } catch (JsonFileException e) {
            e.problems().forEach(problem -> err.println(input + ": " + problem));
            return FAILED;
        } catch (IOException e) {
            err.println(InputFiles.problem(input, e));
            return FAILED;
        } catch (IllegalArgumentException e) {
            err.println(input + ": " + e.getMessage());
            return FAILED;
        }
        if (result.cumulative().total().compareTo(LeafValue.MAX_UINT256) > 0) {
            // RewardDistributor.proposeRoot takes the total as a uint256: such a tree could never be posted.
            err.println(input + ": the cumulative total " + result.cumulative().total()
                    + " is larger than uint256 allows (2^256-1)");
            return FAILED;
        }
        EpochAllocation allocation = result.allocation();
        CumulativeAmounts cumulative = result.cumulative();
        StandardMerkleTree tree = result.tree().orElse(null);
        Bytes32 root = result.root().orElse(null);
        try {
            Files.createDirectories(output);
            Files.writeString(output.resolve(ALLOCATION_FILE), EpochReport.write(file.epoch(), allocation, cumulative, root),
                    StandardCharsets.UTF_8);
            if (tree != null) {
                Files.writeString(output.resolve(TREE_FILE), StandardTreeDump.write(tree), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("cannot write to " + output + ": " + e.getMessage());
            return FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("epoch " + file.epoch() + ": paid " + allocation.paid() + " to " + allocation.payouts().size()
                + " accounts, carry " + allocation.carryOut());
        out.println(root == null
                ? "no account has earned anything yet: no tree, " + ALLOCATION_FILE + " written to " + output
                : "root " + root + " over " + cumulative.size() + " accounts, total " + cumulative.total()
                        + "; " + ALLOCATION_FILE + " and " + TREE_FILE + " written to " + output);
        return 0;
    }
}
