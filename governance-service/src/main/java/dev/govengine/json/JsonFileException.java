package dev.govengine.json;

import java.util.List;

/**
 * A JSON file refused, with every problem found: each names the field by its JSON path (for example
 * {@code contributions.depin[3].provider}) and says what is wrong with it, in words meant for the person who wrote
 * the file.
 */
public class JsonFileException extends Exception {
    private final List<String> problems;

    public JsonFileException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One problem: {@code path: fault}, or only the fault when it concerns the whole document. */
    public JsonFileException(String path, String fault) {
        this(List.of(path.isEmpty() ? fault : path + ": " + fault));
    }

    /** One line per problem, in the order of the fields' paths. */
    public List<String> problems() {
        return problems;
    }
}
