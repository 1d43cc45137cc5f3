package dev.govengine.governance;

/** IGovernor.ProposalState, in the contract's order. */
public enum ProposalState {
    PENDING, ACTIVE, CANCELED, DEFEATED, SUCCEEDED, QUEUED, EXPIRED, EXECUTED
}
