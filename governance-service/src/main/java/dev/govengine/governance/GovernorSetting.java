package dev.govengine.governance;

/** Governor settings that governance can change after deployment; the names are the database's. */
public enum GovernorSetting {
    VOTING_DELAY("voting_delay"),
    VOTING_PERIOD("voting_period"),
    PROPOSAL_THRESHOLD("proposal_threshold"),
    QUORUM_NUMERATOR("quorum_numerator"),
    TIMELOCK("timelock");

    private final String column;

    GovernorSetting(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }
}
