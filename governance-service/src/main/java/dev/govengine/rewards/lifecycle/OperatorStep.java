package dev.govengine.rewards.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A step an operator runs by hand on one epoch ({@link EpochLifecycle#operate}), named in lower case in the operator
 * endpoint's path.
 */
public enum OperatorStep {
    CLOSE,
    COMPUTE,
    SUBMIT,
    WATCH,
    /** A SUBMIT_FAILED epoch back to COMPUTED, once its cause is dealt with. */
    RETRY,
    /** The epoch and every later one computed again from corrected inputs. */
    RECOMPUTE;

    /** The name in the operator endpoint's path, such as {@code close}. */
    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The step with that path name; empty for an unknown one, which {@link #names()} then helps to correct. */
    public static Optional<OperatorStep> named(String pathName) {
        return Arrays.stream(values()).filter(step -> step.pathName().equals(pathName)).findFirst();
    }

    /** Every path name in order, for an error message: {@code close, compute, submit, watch, retry, recompute}. */
    public static String names() {
        return Arrays.stream(values()).map(OperatorStep::pathName).collect(Collectors.joining(", "));
    }
}
