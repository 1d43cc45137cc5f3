package dev.govengine.webhooks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an endpoint can ask for, by the names it is registered with and that the deliveries carry. */
public enum WebhookEvent {
    VOTE_CAST("voteCast"),
    PROPOSAL_STATE_CHANGED("proposalStateChanged"),
    REWARD_EPOCH_STATUS_CHANGED("rewardEpochStatusChanged");

    private final String wireName;

    WebhookEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the events there are */
    public static WebhookEvent of(String wireName) {
        return Arrays.stream(values()).filter(event -> event.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("events: unknown event '" + wireName
                        + "'; expected some of " + names()));
    }

    static String names() {
        return Arrays.stream(values()).map(WebhookEvent::wireName).collect(Collectors.joining(", "));
    }
}
