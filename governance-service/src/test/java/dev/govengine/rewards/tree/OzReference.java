package dev.govengine.rewards.tree;

import dev.govengine.types.LeafValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code contracts/test/merkle/dump-tree.mjs}, i.e. {@code @openzeppelin/merkle-tree} itself, over many value
 * lists in one node process and returns the library's {@code JSON.stringify(tree.dump())} for each.
 */
public final class OzReference {
    private OzReference() {
    }

    public static List<String> dumps(List<List<LeafValue>> trees) throws IOException, InterruptedException {
        return dumpsOfRows(trees.stream().map(values -> values.stream()
                .map(value -> List.of(value.account().toString(), value.amount().toString())).toList()).toList());
    }

    /** As {@link #dumps}, of rows given as the library takes them: {@code [address, amount]} strings, in any case. */
    public static List<String> dumpsOfRows(List<List<List<String>>> trees) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", RepositoryFiles.resolve("contracts/test/merkle/dump-tree.mjs").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread feeder = new Thread(() -> {
            try (Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                for (List<List<String>> rows : trees) {
                    in.write(valuesJson(rows));
                    in.write('\n');
                }
            } catch (IOException e) {
                node.destroy();
            }
        }, "oz-reference-stdin");
        feeder.start();
        List<String> dumps = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                dumps.add(line);
            }
        }
        feeder.join();
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new IllegalStateException("dump-tree.mjs failed (see its stderr above)");
        }
        if (dumps.size() != trees.size()) {
            throw new IllegalStateException("dump-tree.mjs answered " + dumps.size() + " trees of " + trees.size());
        }
        return dumps;
    }

    private static String valuesJson(List<List<String>> rows) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            json.append(i == 0 ? "" : ",").append("[\"").append(rows.get(i).get(0)).append("\",\"")
                    .append(rows.get(i).get(1)).append("\"]");
        }
        return json.append(']').toString();
    }
}
