package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeNoticeTest {
    @Test
    void aGovernorCursorRowAnnouncesItsHead() {
        ChangeNotice moved = ChangeNotice.parse(
                "sync_cursor UPDATE 812 1700000012 eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertEquals(new ChangeNotice(ChangeNotice.Kind.GOVERNOR_HEAD, "sync_cursor", null,
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
    void everythingElseIsAChangeOfTheTableItNames() {
        String[][] changes = {{"vote INSERT", "vote"}, {"proposal UPDATE", "proposal"},
            {"sync_cursor DELETE", "sync_cursor"}, {"sync_cursor TRUNCATE", "sync_cursor"},
            {"block_header DELETE", "block_header"}, {"source_cursor DELETE", "source_cursor"},
            {"sync_cursor UPDATE", "sync_cursor"}, {"delegate_power TRUNCATE", "delegate_power"}};
        for (String[] change : changes) {
            ChangeNotice notice = ChangeNotice.parse(change[0]);
            assertEquals(ChangeNotice.Kind.DATA, notice.kind(), change[0]);
            assertEquals(change[1], notice.table(), change[0]);
            assertNull(notice.keys(), "the whole table: " + change[0]);
        }
    }

    @Test
    void aPerAccountTableNamesTheRowsItChanged() {
        ChangeNotice transfer = ChangeNotice.parse(
                "voting_power_change INSERT account:eip155:1:0xGov|0xAbC account:eip155:1:0xGov|0xdEf");
        assertEquals(ChangeNotice.Kind.DATA, transfer.kind());
        assertEquals("voting_power_change", transfer.table());
        assertEquals(Set.of("account:eip155:1:0xGov|0xAbC", "account:eip155:1:0xGov|0xdEf"), transfer.keys());
    }

    @Test
    void aPayloadItCannotReadChangesEveryTable() {
        for (String payload : new String[] {"", "vote", "vote MERGE", " INSERT", "sync_cursor UPDATE 12 -",
                "sync_cursor UPDATE twelve - eip155:1:0xAb", "sync_cursor DELETE 12 - eip155:1:0xAb"}) {
            ChangeNotice notice = ChangeNotice.parse(payload);
            assertEquals(ChangeNotice.Kind.DATA, notice.kind(), payload);
            assertNull(notice.table(), payload);
        }
    }
}
