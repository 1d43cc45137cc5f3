package dev.govengine.api.cache;

import dev.govengine.governance.HeadRange;

/**
 * A GraphQL object read at one Governor's indexed head, with the heads at which it and every object nested in it
 * read the same. An answer that fetches any of its fields is served from the cache only while the head stays there.
 */
public interface HeadDependent {
    String governorId();

    HeadRange holds();
}
