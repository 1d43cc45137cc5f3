package dev.govengine.governance;

/**
 * Governor settings that governance can change after deployment; the names are the database's. The first five are
 * columns of the governor row too; GovernorBravo's admin settings are kept as history only
 * ({@code governor_setting_change}).
 */
public enum GovernorSetting {
    VOTING_DELAY("voting_delay", true),
    VOTING_PERIOD("voting_period", true),
    PROPOSAL_THRESHOLD("proposal_threshold", true),
    QUORUM_NUMERATOR("quorum_numerator", true),
    TIMELOCK("timelock", true),
    /** GovernorBravoDelegator's NewImplementation: the delegate it now runs. */
    IMPLEMENTATION("implementation", false),
    ADMIN("admin", false),
    PENDING_ADMIN("pending_admin", false),
    WHITELIST_GUARDIAN("whitelist_guardian", false),
    /** WhitelistAccountExpirationSet: one account's expiration (a timestamp); the account is the change's. */
    WHITELIST_ACCOUNT_EXPIRATION("whitelist_account_expiration", false);

    private final String column;
    private final boolean onGovernorRow;

    GovernorSetting(String column, boolean onGovernorRow) {
        this.column = column;
        this.onGovernorRow = onGovernorRow;
    }

    public String column() {
        return column;
    }

    /** Whether the governor row has a column of this name that follows the latest change. */
    public boolean onGovernorRow() {
        return onGovernorRow;
    }
}
