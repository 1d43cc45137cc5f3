package dev.govengine.rewards.tree;

import dev.govengine.types.LeafValue;

/** A value of the tree and the array index of its leaf, as the {@code standard-v1} dump lists them. */
public record IndexedValue(LeafValue value, int treeIndex) {
}
