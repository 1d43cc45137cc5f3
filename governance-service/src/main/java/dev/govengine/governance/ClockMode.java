package dev.govengine.governance;

/** ERC-6372: whether a Governor's timepoints are block numbers or timestamps. */
public enum ClockMode {
    BLOCKNUMBER("blocknumber"),
    TIMESTAMP("timestamp");

    private final String value;

    ClockMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Parses {@code CLOCK_MODE()}'s answer, e.g. {@code mode=blocknumber&from=default}. */
    public static ClockMode fromClockModeString(String clockMode) {
        for (String part : clockMode.split("&")) {
            if (part.equals("mode=timestamp")) {
                return TIMESTAMP;
            }
            if (part.equals("mode=blocknumber")) {
                return BLOCKNUMBER;
            }
        }
        throw new IllegalArgumentException("unknown CLOCK_MODE '" + clockMode + "'");
    }

    public static ClockMode fromValue(String value) {
        return value.equals(TIMESTAMP.value) ? TIMESTAMP : BLOCKNUMBER;
    }
}
