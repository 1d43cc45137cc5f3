package dev.govengine.rewards.scoring;

/** The reward programs a policy splits its budget between, in the order of RewardPolicy's split. */
public enum Program {
    DEPIN,
    ROLLUP,
    GOVERNANCE
}
