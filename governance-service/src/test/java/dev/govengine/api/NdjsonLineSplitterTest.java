package dev.govengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upload's lines, whatever the chunks the body arrives in, checked against String.split on the whole body. */
class NdjsonLineSplitterTest {
    private static List<String> split(String body, int chunkSize, int maxLineBytes)
            throws NdjsonLineSplitter.LineTooLongException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        NdjsonLineSplitter splitter = new NdjsonLineSplitter(maxLineBytes);
        List<String> lines = new ArrayList<>();
        NdjsonLineSplitter.Lines collect = (number, text) -> {
            assertEquals(lines.size() + 1, number, "numbered from 1, blank lines included");
            lines.add(text);
        };
        // A reused read buffer: what lies past the bytes read, newlines here, must not count.
        byte[] buffer = new byte[chunkSize + 3];
        for (int from = 0; from < bytes.length; from += chunkSize) {
            Arrays.fill(buffer, (byte) '\n');
            int length = Math.min(bytes.length, from + chunkSize) - from;
            System.arraycopy(bytes, from, buffer, 0, length);
            splitter.feed(buffer, length, collect);
        }
        splitter.end(collect);
        return lines;
    }

    @Test
    void linesAreTheSameWhereverTheChunksBreak() throws Exception {
        // Multi-byte characters, so that a chunk may end inside one; a blank line; no newline at the end.
        String body = "{\"a\": \"é€😀\"}\n\n  {\"b\": 2}\r\n" + "x".repeat(300) + "\n{\"last\": true}";
        List<String> expected = List.of(body.split("\n", -1));
        for (int chunk = 1; chunk <= body.length() + 1; chunk++) {
            assertEquals(expected, split(body, chunk, 1024), "chunks of " + chunk + " bytes");
        }
        assertEquals(List.of("a", "b"), split("a\nb\n", 3, 1024), "a final newline ends the last line");
        assertEquals(List.of(), split("", 3, 1024));
    }

    @Test
    void aLineLongerThanTheBoundStopsTheSplitNamingIt() throws Exception {
        assertEquals(List.of("x".repeat(16)), split("x".repeat(16), 5, 16), "the bound itself is allowed");
        for (int chunk : new int[] {1, 7, 100}) {
            NdjsonLineSplitter.LineTooLongException tooLong = assertThrows(NdjsonLineSplitter.LineTooLongException.class,
                    () -> split("ok\n\n" + "y".repeat(17) + "\nnext\n", chunk, 16));
            assertEquals(3, tooLong.line);
            assertEquals("line 3 is longer than 16 bytes", tooLong.getMessage());
        }
    }
}
