package dev.govengine.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksumAddressTest {
    private static final String CHECKSUMMED = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    @Test
    void acceptsAnySingleCaseAndPrintsEip55() {
        assertEquals(CHECKSUMMED, ChecksumAddress.of(CHECKSUMMED.toLowerCase()).toString());
        assertEquals(CHECKSUMMED, ChecksumAddress.of("0x" + CHECKSUMMED.substring(2).toUpperCase()).toString());
        assertEquals(CHECKSUMMED, ChecksumAddress.of("  " + CHECKSUMMED + " ").toString());
        assertEquals(ChecksumAddress.of(CHECKSUMMED), ChecksumAddress.of(CHECKSUMMED.toLowerCase()));
    }

    @Test
    void rejectsMalformedInputWithTheReason() {
        assertTrue(assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of("0x1234"))
                .getMessage().contains("40 hex digits"));
        assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of(CHECKSUMMED.substring(2)));
        assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of("0x" + "g".repeat(40)));
        assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of(null));
        String badChecksum = CHECKSUMMED.replace("aa3", "aA3");
        assertTrue(assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of(badChecksum))
                .getMessage().contains("expected " + CHECKSUMMED));
    }

    @Test
    void aTextSeenBeforeIsAnsweredAsItWasTheFirstTime() {
        String lower = CHECKSUMMED.toLowerCase();
        ChecksumAddress first = ChecksumAddress.of(lower);
        assertSame(first, ChecksumAddress.of(lower));
        assertEquals(CHECKSUMMED, ChecksumAddress.of(lower).toString());
        String badChecksum = CHECKSUMMED.replace("aa3", "aA3");
        for (int i = 0; i < 2; i++) {
            assertTrue(assertThrows(InvalidAddressException.class, () -> ChecksumAddress.of(badChecksum))
                    .getMessage().contains("bad EIP-55 checksum"));
        }
        String padded = " " + CHECKSUMMED + "\t";
        assertEquals(first, ChecksumAddress.of(padded));
        assertEquals(CHECKSUMMED, ChecksumAddress.of(padded).toString());
    }

    @Test
    void ordersByNumericValue() {
        ChecksumAddress low = ChecksumAddress.of("0x00000000000000000000000000000000000000ff");
        ChecksumAddress high = ChecksumAddress.of("0xA000000000000000000000000000000000000000");
        assertTrue(low.compareTo(high) < 0);
        assertEquals("0xa000000000000000000000000000000000000000", high.lowerCase());
    }
}
