package dev.govengine.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("RewardEpochStatus")
@Description("Where an epoch is in its lifecycle: OPEN -> CLOSED -> COMPUTED -> SUBMITTED -> (DISPUTED ->) FINALIZED.")
public enum RewardEpochStatus {
    OPEN,
    CLOSED,
    COMPUTED,
    SUBMITTED,
    SUBMIT_FAILED,
    DISPUTED,
    FINALIZED
}
