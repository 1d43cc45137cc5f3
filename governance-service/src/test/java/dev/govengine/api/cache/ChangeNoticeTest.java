package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ChangeNoticeTest {
    @Test
    void aGovernorCursorRowAnnouncesItsHead() {
        ChangeNotice moved = ChangeNotice.parse("sync_cursor UPDATE 812 1700000012 eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertEquals(new ChangeNotice(ChangeNotice.Kind.GOVERNOR_HEAD,
                "eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3", 812, 1_700_000_012L), moved);
        ChangeNotice first = ChangeNotice.parse("sync_cursor INSERT 9 - eip155:1:0xAb");
        assertEquals(ChangeNotice.Kind.GOVERNOR_HEAD, first.kind());
        assertNull(first.timestamp(), "the head's header is not stored");
    }

    @Test
    void otherCursorsAndNewHeadersAreHeadMovesOfUnknownReach() {
        assertEquals(ChangeNotice.Kind.OTHER_HEAD, ChangeNotice.parse("source_cursor UPDATE").kind());
        assertEquals(ChangeNotice.Kind.OTHER_HEAD, ChangeNotice.parse("block_header INSERT").kind());
    }

    @Test
    void everythingElseIsAChangeOfData() {
        for (String payload : new String[] {"vote INSERT", "proposal UPDATE", "sync_cursor DELETE",
                "sync_cursor TRUNCATE", "block_header DELETE", "source_cursor DELETE", "", "sync_cursor UPDATE",
                "sync_cursor UPDATE twelve - eip155:1:0xAb", "sync_cursor UPDATE 12 noon eip155:1:0xAb"}) {
            assertEquals(ChangeNotice.Kind.DATA, ChangeNotice.parse(payload).kind(), payload);
        }
    }
}
