package dev.govengine.governance;

/** The orders a proposal list can take; both are keyset orders over the creation log's position. */
public enum ProposalOrder {
    CREATED_DESC, CREATED_ASC
}
