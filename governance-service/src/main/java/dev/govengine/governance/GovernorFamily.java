package dev.govengine.governance;

import java.util.Locale;

/**
 * Which contract family a Governor belongs to, as discovery found it: the calls that read its proposals and the
 * events it emits depend on it. The names are the database's ({@code governor.family}).
 */
public enum GovernorFamily {
    /** OpenZeppelin's Governor (4.x and 5.x modules): {@code token()}, {@code proposalVotes}, {@code quorum}. */
    OPENZEPPELIN,
    /** Compound's GovernorBravo and its forks: {@code proposals(id)}, {@code quorumVotes()}, a Compound Timelock. */
    BRAVO;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GovernorFamily fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
