package dev.govengine.api;

import dev.govengine.rewards.store.Distributor;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the API's string inputs into domain values, refusing malformed ones with a specific code. */
final class ApiInputs {
    private static final Pattern CAIP10 = Pattern.compile("eip155:([1-9][0-9]{0,18}):(.*)");
    private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]*");
    static final int DEFAULT_PAGE_SIZE = 20;
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
     * A page size: absent means the schema's default; below 1 is not a page (BAD_INPUT: an empty page has no cursor
     * to go on from); above the configured maximum the caller should page (LIMIT_EXCEEDED).
     */
    static int first(Integer first, int max) {
        int size = first == null ? DEFAULT_PAGE_SIZE : first;
        if (size < 1) {
            throw new BadInputException("first must be at least 1, got " + size);
        }
        if (size > max) {
            throw new LimitExceededException("first is " + size + ", above the maximum page size of " + max);
        }
        return size;
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
