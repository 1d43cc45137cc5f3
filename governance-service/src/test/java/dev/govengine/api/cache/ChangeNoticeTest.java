package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeNoticeTest {
    @Test
    void aGovernorCursorRowAnnouncesItsHead() {
        ChangeNotice moved = ChangeNotice.parse(
                "sync_cursor UPDATE 812 1700000012 eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertEquals(new ChangeNotice(ChangeNotice.Kind.GOVERNOR_HEAD, Table.SYNC_CURSOR, null,
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
        Map<String, Table> changes = Map.of("vote INSERT", Table.VOTE, "proposal UPDATE", Table.PROPOSAL,
                "sync_cursor DELETE", Table.SYNC_CURSOR, "sync_cursor TRUNCATE", Table.SYNC_CURSOR,
                "block_header DELETE", Table.BLOCK_HEADER, "source_cursor DELETE", Table.SOURCE_CURSOR,
                "sync_cursor UPDATE", Table.SYNC_CURSOR, "delegate_power TRUNCATE", Table.DELEGATE_POWER);
        changes.forEach((payload, table) -> {
            ChangeNotice notice = ChangeNotice.parse(payload);
            assertEquals(ChangeNotice.Kind.DATA, notice.kind(), payload);
            assertEquals(table, notice.table(), payload);
            assertNull(notice.keys(), "the whole table: " + payload);
        });
    }

    @Test
    void aPerAccountTableNamesTheRowsItChanged() {
        ChangeNotice transfer = ChangeNotice.parse(
                "voting_power_change INSERT account:eip155:1:0xGov|0xAbC account:eip155:1:0xGov|0xdEf");
        assertEquals(ChangeNotice.Kind.DATA, transfer.kind());
        assertEquals(Table.VOTING_POWER_CHANGE, transfer.table());
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

    /** A table added without its place in {@link Table}, or keys from a table announced by statement. */
    @Test
    void aPayloadOutsideTheVocabularyChangesEveryTable() {
        for (String payload : new String[] {"no_such_table INSERT", "proposal UPDATE account:eip155:1:0xGov|0xAbC",
                "block_header INSERT 12 - eip155:1:0xAb"}) {
            ChangeNotice notice = ChangeNotice.parse(payload);
            assertEquals(ChangeNotice.Kind.DATA, notice.kind(), payload);
            assertNull(notice.table(), payload);
        }
    }
}
