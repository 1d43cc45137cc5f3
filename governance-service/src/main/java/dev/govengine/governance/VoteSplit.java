package dev.govengine.governance;

import java.math.BigInteger;

/**
 * How one vote counts towards a proposal's against, for and abstain tallies. GovernorCountingSimple puts the whole
 * weight on the side its support names (0 against, 1 for, 2 abstain); GovernorCountingFractional (OpenZeppelin 5.1+)
 * also takes support 255 with {@code params} = {@code abi.encodePacked(uint128 against, uint128 for, uint128 abstain)}.
 * A support no known counting module defines counts nowhere here: the proposal's tallies then come from the
 * Governor's own {@code proposalVotes}.
 */
public record VoteSplit(BigInteger against, BigInteger forVotes, BigInteger abstain) {
    public static final int FRACTIONAL = 255;
    private static final VoteSplit NONE = new VoteSplit(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    /** "0x" and three 16-byte words. */
    private static final int FRACTIONAL_PARAMS_LENGTH = 2 + 3 * 32;

    /** @param params the 0x-prefixed params of VoteCastWithParams; null for a plain VoteCast */
    public static VoteSplit of(int support, BigInteger weight, String params) {
        return switch (support) {
            case 0 -> new VoteSplit(weight, BigInteger.ZERO, BigInteger.ZERO);
            case 1 -> new VoteSplit(BigInteger.ZERO, weight, BigInteger.ZERO);
            case 2 -> new VoteSplit(BigInteger.ZERO, BigInteger.ZERO, weight);
            case FRACTIONAL -> fractional(params);
            default -> NONE;
        };
    }

    /** Whether this engine knows how the vote counts: the sides then add up to its weight. */
    public static boolean known(int support, String params) {
        return support <= 2 || (support == FRACTIONAL && isFractionalParams(params));
    }

    private static VoteSplit fractional(String params) {
        if (!isFractionalParams(params)) {
            return NONE;
        }
        return new VoteSplit(word(params, 0), word(params, 1), word(params, 2));
    }

    /** The Governor reverts a fractional vote whose params are not exactly 48 bytes, so no other length is cast. */
    private static boolean isFractionalParams(String params) {
        return params != null && params.length() == FRACTIONAL_PARAMS_LENGTH && params.startsWith("0x");
    }

    private static BigInteger word(String params, int index) {
        int start = 2 + index * 32;
        return new BigInteger(params.substring(start, start + 32), 16);
    }
}
