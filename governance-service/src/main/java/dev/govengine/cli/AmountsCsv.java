package dev.govengine.cli;

import dev.govengine.rewards.tree.Uint256Decimal;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code merkle build} input: a header {@code account,amount}, then one account per row with its amount in
 * decimal base units. Fields are not quoted (neither an address nor a decimal number needs it); spaces around a
 * field are ignored. The first bad row stops the reading, so the message names one line and one reason.
 */
final class AmountsCsv {
    static final String HEADER = "account,amount";
    /** Spreadsheets write one at the start of a UTF-8 CSV; it is not part of the header. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private AmountsCsv() {
    }

    /** Parses the lines of a file, in file order; {@code lines.get(0)} is line 1. */
    static List<LeafValue> parse(List<String> lines) throws InvalidInputFileException {
        if (!lines.isEmpty() && lines.get(0).startsWith(BYTE_ORDER_MARK)) {
            lines = new ArrayList<>(lines);
            lines.set(0, lines.get(0).substring(1));
        }
        if (lines.isEmpty() || !stripCarriageReturn(lines.get(0)).equals(HEADER)) {
            String found = lines.isEmpty() ? "an empty file" : "'" + stripCarriageReturn(lines.get(0)) + "'";
            throw new InvalidInputFileException(1, "the header must be exactly '" + HEADER + "', found " + found);
        }
        List<LeafValue> values = new ArrayList<>();
        Map<ChecksumAddress, Integer> lineOfAccount = new HashMap<>();
        for (int index = 1; index < lines.size(); index++) {
            int line = index + 1;
            String row = stripCarriageReturn(lines.get(index));
            if (row.isBlank()) {
                throw new InvalidInputFileException(line, "empty row");
            }
            String[] fields = row.split(",", -1);
            if (fields.length != 2) {
                throw new InvalidInputFileException(line, "expected 2 fields (account,amount), found " + fields.length);
            }
            ChecksumAddress account;
            try {
                account = ChecksumAddress.of(fields[0]);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputFileException(line, "account " + e.getMessage());
            }
            Integer previous = lineOfAccount.putIfAbsent(account, line);
            if (previous != null) {
                throw new InvalidInputFileException(line, "account " + account + " already appears on line " + previous);
            }
            try {
                values.add(new LeafValue(account, Uint256Decimal.parse(fields[1].trim())));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputFileException(line, e.getMessage());
            }
        }
        if (values.isEmpty()) {
            throw new InvalidInputFileException(1, "no rows after the header: a tree needs at least one account");
        }
        return values;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
