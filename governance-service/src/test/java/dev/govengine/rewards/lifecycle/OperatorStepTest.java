package dev.govengine.rewards.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator steps as the endpoint's path names them: each name finds its step, and nothing else finds one. */
class OperatorStepTest {
    @Test
    void eachPathNameFindsItsStepAndOnlyThoseDo() {
        for (OperatorStep step : OperatorStep.values()) {
            assertEquals(Optional.of(step), OperatorStep.named(step.pathName()));
        }
        assertEquals("close, compute, submit, watch, retry, recompute", OperatorStep.names());
        for (String unknown : new String[] {"finalize", "CLOSE", "Close", " close", "", "advance"}) {
            assertTrue(OperatorStep.named(unknown).isEmpty(), unknown);
        }
    }
}
