package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.governance.HeadRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths on which the response cache stops trusting what it remembers, in the Java that takes them: more changed
 * rows than it remembers, a change that names its table whole (as a payload past 7,000 characters does, see
 * DataChangedTriggerTest), a lost LISTEN connection, a head that moves back, a payload it cannot read. The cache is
 * driven as PgNotifications drives it, through its listener methods, with the payloads the triggers send.
 */
class ResponseCacheFallbackTest {
    private static final String GOVERNOR = "eip155:1:0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String OTHER_GOVERNOR = "eip155:1:0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

    /** Nothing listens here: the tests play the LISTEN connection. */
    private final ResponseCache cache = new ResponseCache(true, 1_000_000, true, null, new SimpleMeterRegistry());

    @BeforeEach
    void listen() {
        cache.listening();
    }

    @Test
    void pastOneHundredThousandChangedRowsEveryRowCountsAsChanged() {
        Table.Row first = vote(1);
        CacheKey readBefore = keep("before", Set.of(), Set.of(first));

        // Other rows up to the bound: each is remembered, so the answer that read none of them holds.
        changeVoteRows(2, ResponseCache.ROWS_REMEMBERED);
        assertServed(readBefore, "after " + ResponseCache.ROWS_REMEMBERED + " other rows changed");

        // One more: every row is forgotten, and a row not remembered counts as changed then.
        changeVoteRows(ResponseCache.ROWS_REMEMBERED + 2, 1);
        assertNull(cache.lookup(readBefore), "the row it read is forgotten, so it may have changed");

        // Read after the rows were forgotten: held until one of its rows changes again.
        CacheKey readAfter = keep("after", Set.of(), Set.of(first));
        CacheKey otherRow = keep("other row", Set.of(), Set.of(vote(2)));
        assertServed(readAfter, "read after the rows were forgotten");
        cache.notified("vote INSERT " + first.key());
        assertNull(cache.lookup(readAfter), "its own row changed since");
        assertServed(otherRow, "another row's change");
    }

    @Test
    void aNoticeThatNamesARowTableWholeRetiresEveryReaderOfItsRows() {
        CacheKey votesRow = keep("a proposal's votes", Set.of(), Set.of(vote(1)));
        CacheKey accountRow = keep("an account", Set.of(),
                Set.of(Table.DELEGATE_POWER.row(Table.Key.ACCOUNT, GOVERNOR, "0xAbC")));
        CacheKey votesWhole = keep("every vote", Set.of(Table.VOTE), Set.of());

        // What rows_changed sends when the keys pass 7,000 characters.
        cache.notified("vote INSERT");
        assertNull(cache.lookup(votesRow), "a row of the table it names");
        assertNull(cache.lookup(votesWhole), "the table it names");
        assertServed(accountRow, "another table's row");
    }

    /**
     * On a lost connection the cache stops serving and keeping at once, since changes go unheard from then on; on
     * the next LISTEN it retires everything from before, and forgets the heads, so nothing read before the loss, or
     * by an execution that began before it, is ever served after the reconnect.
     */
    @Test
    void aLostListenConnectionServesNothingFromBeforeItsReconnect() {
        cache.notified("sync_cursor UPDATE 100 - " + GOVERNOR);
        CacheKey before = keep("before", Set.of(Table.PROPOSAL), Set.of());
        ResponseCache.Reading inFlight = cache.reading();

        cache.lost();
        assertEquals(ResponseCache.UNKNOWN, cache.generation());
        assertNull(cache.reading(), "an execution starting now reads in no generation");
        assertNull(cache.lookup(before), "nothing is served while nothing listens");
        CacheKey whileLost = new CacheKey("{ whileLost }", "", "{}");
        cache.store(whileLost, cache.reading(), Set.of(Table.PROPOSAL), Set.of(), Map.of(), body("while lost"));

        cache.listening();
        assertNull(cache.lookup(before), "read before the loss");
        assertNull(cache.lookup(whileLost), "read while nothing listened");
        CacheKey overtaken = new CacheKey("{ overtaken }", "", "{}");
        cache.store(overtaken, inFlight, Set.of(Table.PROPOSAL), Set.of(), Map.of(), body("overtaken"));
        assertNull(cache.lookup(overtaken), "an execution that began before the loss");
        assertTrue(cache.announcedHead(GOVERNOR).isEmpty(), "the heads are heard afresh");

        assertServed(keep("after", Set.of(Table.PROPOSAL), Set.of()), "read after the reconnect");
    }

    @Test
    void aHeadThatMovesBackRetiresEveryAnswer() {
        cache.notified("sync_cursor UPDATE 100 - " + GOVERNOR);
        CacheKey proposal = keep("a proposal", Set.of(Table.PROPOSAL), Set.of(),
                Map.of(GOVERNOR, HeadRange.blocks(90, 200)));
        CacheKey otherGovernor = keep("another Governor's proposal", Set.of(Table.PROPOSAL), Set.of(),
                Map.of(OTHER_GOVERNOR, HeadRange.ALWAYS));
        cache.notified("sync_cursor UPDATE 150 - " + GOVERNOR);
        assertServed(proposal, "a move forward inside the range it holds for");

        long before = cache.generation();
        cache.notified("sync_cursor UPDATE 120 - " + GOVERNOR);
        assertTrue(cache.generation() > before, "a move back is a reset");
        assertNull(cache.lookup(proposal), "a head that moved back, though into the range it holds for");
        assertNull(cache.lookup(otherGovernor), "whatever it read");
        assertEquals(120, cache.announcedHead(GOVERNOR).orElseThrow());
        assertServed(keep("read again", Set.of(Table.PROPOSAL), Set.of(),
                Map.of(GOVERNOR, HeadRange.blocks(90, 200))), "read after the move back");
    }

    @Test
    void aPayloadItCannotReadRetiresEveryAnswer() {
        CacheKey proposal = keep("a proposal", Set.of(Table.PROPOSAL), Set.of());
        CacheKey account = keep("an account", Set.of(), Set.of(Table.VOTE.row(Table.Key.VOTER, GOVERNOR, "0xAbC")));
        cache.notified("no_such_table INSERT");
        assertNull(cache.lookup(proposal));
        assertNull(cache.lookup(account));
    }

    /** Changes {@code count} rows of vote from proposal {@code first} on, a thousand to a notification. */
    private void changeVoteRows(int first, int count) {
        for (int from = first; from < first + count; from += 1_000) {
            int to = Math.min(from + 1_000, first + count);
            cache.notified("vote INSERT " + IntStream.range(from, to).mapToObj(id -> vote(id).key())
                    .collect(Collectors.joining(" ")));
        }
    }

    private static Table.Row vote(int proposalId) {
        return Table.VOTE.row(Table.Key.PROPOSAL, GOVERNOR, Integer.toString(proposalId));
    }

    private CacheKey keep(String name, Set<Table> tables, Set<Table.Row> rows) {
        return keep(name, tables, rows, Map.of());
    }

    /** Stores an answer read now, and checks that it was kept. */
    private CacheKey keep(String name, Set<Table> tables, Set<Table.Row> rows, Map<String, HeadRange> holds) {
        CacheKey key = new CacheKey("{ " + name.replace(' ', '_') + " }", "", "{}");
        cache.store(key, cache.reading(), tables, rows, holds, body(name));
        assertServed(key, name + " kept");
        return key;
    }

    private void assertServed(CacheKey key, String what) {
        assertArrayEquals(body(key.document().substring(2, key.document().length() - 2).replace('_', ' ')),
                cache.lookup(key), what);
    }

    private static byte[] body(String name) {
        return ("{\"data\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
