package dev.govengine.governance;

import java.util.regex.Pattern;

/**
 * The title wallets show for a proposal: the first non-empty line of its description, without markdown heading
 * marks, and without the {@code #proposer=0x...} suffix that OpenZeppelin's front-running protection appends.
 */
public final class ProposalTitle {
    private static final Pattern PROPOSER_SUFFIX = Pattern.compile("#proposer=0x[0-9a-fA-F]{40}\\s*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+");

    private ProposalTitle() {
    }

    public static String of(String description) {
        String withoutSuffix = PROPOSER_SUFFIX.matcher(description).replaceFirst("");
        for (String line : withoutSuffix.split("\\R")) {
            String title = HEADING.matcher(line.strip()).replaceFirst("").strip();
            if (!title.isEmpty()) {
                return title;
            }
        }
        return "";
    }
}
