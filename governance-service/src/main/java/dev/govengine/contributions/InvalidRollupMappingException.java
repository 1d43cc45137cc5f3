package dev.govengine.contributions;

import java.util.List;

/** The rollup mapping in the configuration is wrong; each problem names its key. */
public class InvalidRollupMappingException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidRollupMappingException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
