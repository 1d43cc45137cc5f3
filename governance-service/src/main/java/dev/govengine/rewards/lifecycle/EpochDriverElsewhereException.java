package dev.govengine.rewards.lifecycle;

/** Another replica holds the epoch lock: lifecycle steps run there, never on two replicas at once. */
public class EpochDriverElsewhereException extends IllegalStateException {
    public EpochDriverElsewhereException() {
        super("another replica drives the reward epochs (it holds their advisory lock); run the step there, or stop"
                + " that replica first");
    }
}
