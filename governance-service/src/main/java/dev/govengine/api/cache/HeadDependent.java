package dev.govengine.api.cache;

import dev.govengine.governance.HeadRange;

/**
 * A GraphQL object read at one Governor's indexed head, with the heads at which it and every object nested in it
 * read the same. An answer that fetches any of its fields is served from the cache only while the head stays there.
 */
public interface HeadDependent {
    String governorId();

    HeadRange holds();

    /**
     * The heads at which {@code field} (its name in the schema) reads the same: by default those of the whole object.
     * An object answers a wider range for a field that does not change where its others do (a proposal's title and
     * state, while its estimated times are re-estimated).
     */
    default HeadRange holds(String field) {
        return holds();
    }
}
