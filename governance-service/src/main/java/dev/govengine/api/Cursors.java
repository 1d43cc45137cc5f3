package dev.govengine.api;

import dev.govengine.governance.DelegateOrder;
import dev.govengine.governance.DelegateQueries;
import dev.govengine.governance.ProposalOrder;
import dev.govengine.governance.ProposalQueries;
import dev.govengine.governance.TokenQueries;
import dev.govengine.governance.VoteQueries;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Opaque cursors: base64url of the list kind (with its order) and the keyset position of an item. The kind is
 * checked on the way back, so a cursor of another list or order is refused rather than silently misread.
 */
final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Cursors() {
    }

    static String proposal(ProposalOrder order, long block, int logIndex) {
        return encode("proposal", order.name(), Long.toString(block), Integer.toString(logIndex));
    }

    static Optional<ProposalQueries.Position> proposal(ProposalOrder order, String cursor) {
        return decode(cursor, 4, "proposal", order.name())
                .map(parts -> new ProposalQueries.Position(longOf(parts.get(2), cursor),
                        intOf(parts.get(3), cursor)));
    }

    static String vote(long block, int logIndex) {
        return encode("vote", "NEWEST", Long.toString(block), Integer.toString(logIndex));
    }

    static Optional<VoteQueries.Position> vote(String cursor) {
        return decode(cursor, 4, "vote", "NEWEST")
                .map(parts -> new VoteQueries.Position(longOf(parts.get(2), cursor),
                        intOf(parts.get(3), cursor)));
    }

    static String delegate(DelegateOrder order, BigInteger value, ChecksumAddress address) {
        return encode("delegate", order.name(), value.toString(), address.lowerCase());
    }

    static Optional<DelegateQueries.Position> delegate(DelegateOrder order, String cursor) {
        return decode(cursor, 4, "delegate", order.name()).map(parts -> {
            BigInteger value = order == DelegateOrder.DELEGATOR_COUNT_DESC
                    ? BigInteger.valueOf(longOf(parts.get(2), cursor)) : number(parts.get(2), cursor);
            try {
                return new DelegateQueries.Position(value, ChecksumAddress.of(parts.get(3)).lowerCase());
            } catch (InvalidAddressException e) {
                throw malformed(cursor);
            }
        });
    }

    /**
     * A list by token balance: {@code kind} "holder" (a Governor's holders) or "delegator" (an account's delegators),
     * which never mix.
     */
    static String balance(String kind, BigInteger balance, ChecksumAddress address) {
        return encode(kind, "BALANCE_DESC", balance.toString(), address.lowerCase());
    }

    static Optional<TokenQueries.BalancePosition> balance(String kind, String cursor) {
        return decode(cursor, 4, kind, "BALANCE_DESC").map(parts -> {
            try {
                return new TokenQueries.BalancePosition(number(parts.get(2), cursor),
                        ChecksumAddress.of(parts.get(3)).lowerCase());
            } catch (InvalidAddressException e) {
                throw malformed(cursor);
            }
        });
    }

    /** A list of token events newest first: {@code kind} "delegation" or "power". */
    static String tokenLog(String kind, long block, int logIndex) {
        return encode(kind, "NEWEST", Long.toString(block), Integer.toString(logIndex));
    }

    static Optional<TokenQueries.LogPosition> tokenLog(String kind, String cursor) {
        return decode(cursor, 4, kind, "NEWEST")
                .map(parts -> new TokenQueries.LogPosition(longOf(parts.get(2), cursor), intOf(parts.get(3), cursor)));
    }

    private static String encode(String... parts) {
        return ENCODER.encodeToString(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<List<String>> decode(String cursor, int size, String kind, String order) {
        if (cursor == null) {
            return Optional.empty();
        }
        List<String> parts;
        try {
            parts = List.of(new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split(":", -1));
        } catch (IllegalArgumentException e) {
            throw malformed(cursor);
        }
        if (parts.size() != size || !parts.get(0).equals(kind)) {
            throw malformed(cursor);
        }
        if (!parts.get(1).equals(order)) {
            throw new BadInputException("cursor '" + cursor + "' belongs to the order " + parts.get(1)
                    + ", not " + order);
        }
        return Optional.of(parts);
    }

    /** A non-negative decimal that fits where it goes; anything else means the cursor was not one of ours. */
    private static BigInteger number(String text, String cursor) {
        if (!text.matches("0|[1-9][0-9]{0,77}")) {
            throw malformed(cursor);
        }
        return new BigInteger(text);
    }

    private static long longOf(String text, String cursor) {
        try {
            return number(text, cursor).longValueExact();
        } catch (ArithmeticException e) {
            throw malformed(cursor);
        }
    }

    private static int intOf(String text, String cursor) {
        try {
            return number(text, cursor).intValueExact();
        } catch (ArithmeticException e) {
            throw malformed(cursor);
        }
    }

    private static BadInputException malformed(String cursor) {
        return new BadInputException("cursor '" + cursor + "' is malformed: pass an endCursor this API returned");
    }
}
