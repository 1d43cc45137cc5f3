package dev.govengine.api.cache;

/**
 * A GraphQL object none of whose fields, resolvers of other classes included, derives from an indexed head beyond
 * what the object that holds it declares: a move of the head alone leaves answers that read it as they are. A type
 * that is neither this nor {@link HeadDependent} may read the head in any way, so an answer that reads it is
 * retired by any move of any head.
 */
public interface HeadIndependent {
}
