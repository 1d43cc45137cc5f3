/**
 * Which reward epoch is which, with no database and no chain: {@link EpochCalendar} (epoch 1 starts at the timestamp
 * of the RewardPolicy's deployment block, and epoch n lasts the epoch length in force at its start; held as segments of
 * equal length, one per effective change, searched by bisection), {@link EpochWindow} (an epoch's time range) and
 * {@link EpochStatus} (the lifecycle's statuses, as {@code reward_epoch.status} holds them). See docs/ARCHITECTURE.md,
 * "Work receipts (contributions) and the epoch calendar".
 *
 * <p>Depends on no other package of the service. It is the bottom of the reward track, because receipts (is the epoch
 * open?), the lifecycle and verification all ask it.
 */
package dev.govengine.rewards.epoch;
