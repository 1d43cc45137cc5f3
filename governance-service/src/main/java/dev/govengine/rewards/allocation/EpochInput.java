package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one epoch distributes: its budget, the carry from the previous epoch, and the scores per program (a program
 * absent from the map has no recipients). An account appears at most once per program, since scoring sums an
 * account's contributions before allocation sees them.
 */
public record EpochInput(BigInteger budget, BigInteger carryIn, Map<Program, List<Score>> scores) {
    public EpochInput {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(carryIn, "carryIn");
        Objects.requireNonNull(scores, "scores");
        if (budget.signum() < 0) {
            throw new IllegalArgumentException("budget " + budget + " is negative");
        }
        if (carryIn.signum() < 0) {
            throw new IllegalArgumentException("incoming carry " + carryIn + " is negative");
        }
        EnumMap<Program, List<Score>> copy = new EnumMap<>(Program.class);
        for (Program program : Program.values()) {
            List<Score> programScores = List.copyOf(scores.getOrDefault(program, List.of()));
            Set<ChecksumAddress> seen = new HashSet<>();
            for (Score score : programScores) {
                if (!seen.add(score.account())) {
                    throw new IllegalArgumentException("account " + score.account() + " has two scores in " + program);
                }
            }
            copy.put(program, programScores);
        }
        scores = Collections.unmodifiableMap(copy);
    }

    /** The budget and the incoming carry together: everything this epoch hands out or carries on. */
    public BigInteger distributable() {
        return budget.add(carryIn);
    }
}
