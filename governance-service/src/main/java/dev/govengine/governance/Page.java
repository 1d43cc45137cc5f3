package dev.govengine.governance;

import java.util.List;

/** One page of a keyset-paginated list: its items in order, and whether more follow the last one. */
public record Page<T>(List<T> items, boolean hasNext) {
    public static <T> Page<T> of(List<T> fetched, int first) {
        return fetched.size() > first ? new Page<>(List.copyOf(fetched.subList(0, first)), true)
                : new Page<>(List.copyOf(fetched), false);
    }
}
