package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The order of addresses is the order of their 160-bit values, including across the boundaries of the parsed words. */
class ChecksumAddressProperties {
    @Property(tries = 2_000)
    void comparesAsTheNumbersTheyAre(@ForAll("addresses") String a, @ForAll("addresses") String b) {
        int expected = Integer.signum(new BigInteger(a.substring(2), 16).compareTo(new BigInteger(b.substring(2), 16)));
        int actual = Integer.signum(ChecksumAddress.of(a).compareTo(ChecksumAddress.of(b)));
        if (expected != actual) {
            throw new AssertionError(a + " vs " + b + ": expected " + expected + ", got " + actual);
        }
        if ((actual == 0) != ChecksumAddress.of(a).equals(ChecksumAddress.of(b))) {
            throw new AssertionError("compareTo and equals disagree on " + a + " and " + b);
        }
    }

    /**
     * Lower-case addresses sharing a prefix of any length, with digits from both ends of the hex range after it, so
     * that each of the parsed words, and the unsigned comparison of each, gets to decide.
     */
    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.integers().between(0, 40).flatMap(prefix ->
                Arbitraries.strings().withChars('0', '7', '8', 'a', 'f').ofLength(40 - prefix)
                        .map(tail -> "0x" + "8".repeat(prefix) + tail));
    }
}
