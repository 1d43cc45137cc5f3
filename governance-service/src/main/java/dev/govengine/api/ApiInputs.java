package dev.govengine.api;

import dev.govengine.rewards.store.Distributor;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the API's string inputs into domain values, refusing malformed ones with a specific code. */
final class ApiInputs {
    private static final Pattern CAIP10 = Pattern.compile("eip155:([1-9][0-9]{0,18}):(.*)");
    private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]*");
    static final int DEFAULT_PAGE_SIZE = 20;
    /** Long enough for any phrase a person types; a search is parsed and matched against every candidate's words. */
    static final int MAX_SEARCH_LENGTH = 200;
    static final String SEARCH = "Words of the title or description, in any case, each matched whole (no stemming)."
            + " Web-search syntax: \"a phrase\", or, -word; other punctuation separates words, and a search without"
            + " a word matches nothing. Blank means no search. At most " + MAX_SEARCH_LENGTH + " characters.";
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private ApiInputs() {
    }

    /** A governor id, CAIP-10 {@code eip155:<chainId>:<address>} with the address in any case; returns it canonical. */
    static String governorId(String id) {
        Matcher caip10 = CAIP10.matcher(id == null ? "" : id.trim());
        if (!caip10.matches()) {
            throw new BadInputException("governor id '" + id + "' is not CAIP-10: expected eip155:<chainId>:<address>");
        }
        return "eip155:" + caip10.group(1) + ":" + address(caip10.group(2));
    }

    static ChecksumAddress address(String input) {
        try {
            return ChecksumAddress.of(input);
        } catch (InvalidAddressException e) {
            throw new BadAddressException(e.getMessage());
        }
    }

    /**
     * A page size: absent means the schema's default; 0 is an empty page that still tells whether items follow (and
     * carries totalCount); a negative one is BAD_INPUT; above the configured maximum the caller should page
     * (LIMIT_EXCEEDED).
     */
    static int first(Integer first, int max) {
        int size = first == null ? DEFAULT_PAGE_SIZE : first;
        if (size < 0) {
            throw new BadInputException("first must not be negative, got " + size);
        }
        if (size > max) {
            throw new LimitExceededException("first is " + size + ", above the maximum page size of " + max);
        }
        return size;
    }

    /**
     * A proposal search: blank is none, as an empty search box is; anything else goes to PostgreSQL's
     * websearch_to_tsquery, which reads any text without a syntax error. Only a NUL, which PostgreSQL's text cannot
     * hold, and a length past the bound are refused.
     */
    static Optional<String> search(String search) {
        if (search == null || search.isBlank()) {
            return Optional.empty();
        }
        int length = search.codePointCount(0, search.length());
        if (length > MAX_SEARCH_LENGTH) {
            throw new BadInputException("search is " + length + " characters long; the maximum is " + MAX_SEARCH_LENGTH);
        }
        if (search.indexOf('\0') >= 0) {
            throw new BadInputException("search contains a NUL character");
        }
        return Optional.of(search);
    }

    /** A uint256 in decimal, as proposal ids and amounts are written in this API. */
    static BigInteger uint256(String name, String input) {
        if (input == null || !UINT.matcher(input).matches() || new BigInteger(input).compareTo(UINT256_MAX) > 0) {
            throw new BadInputException(name + " '" + input + "' is not a decimal uint256");
        }
        return new BigInteger(input);
    }

    /** A reward distributor's id, CAIP-10 like a governor's; the address may be in any case. */
    static Distributor distributorId(String id) {
        Matcher caip10 = CAIP10.matcher(id == null ? "" : id.trim());
        if (!caip10.matches()) {
            throw new BadInputException("distributor id '" + id + "' is not CAIP-10: expected eip155:<chainId>:<address>");
        }
        BigInteger chainId = new BigInteger(caip10.group(1));
        if (chainId.bitLength() > 63) {
            throw new BadInputException("distributor id '" + id + "': chain id " + chainId + " is out of range");
        }
        return new Distributor(chainId.longValueExact(), address(caip10.group(2)));
    }
}
