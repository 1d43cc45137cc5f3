package dev.govengine.governance;

/** The orders of the delegate leaderboard; ties are broken by the lower address. */
public enum DelegateOrder {
    VOTING_POWER_DESC, DELEGATOR_COUNT_DESC
}
