package dev.govengine.api;

import java.util.OptionalLong;

/** An epoch as a path names it, for the public and the operator endpoints alike: a number from 1. */
final class EpochNumber {
    private EpochNumber() {
    }

    static OptionalLong parse(String text) {
        try {
            long epoch = Long.parseLong(text);
            return epoch >= 1 ? OptionalLong.of(epoch) : OptionalLong.empty();
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    /** Why {@code text} was refused, in the same words for a word and for a number below 1. */
    static String refusal(String text) {
        return "the epoch is a number from 1, not '" + text + "'";
    }
}
