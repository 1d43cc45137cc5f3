package dev.govengine.api.cache;

import dev.govengine.governance.HeadRange;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * What one execution's answer depends on of the indexed heads, gathered field by field as graphql-java fetches them:
 * per Governor, the heads at which everything it read reads the same; or that it read something of unknown
 * dependence (an object of neither marker type, a scalar at the root), which any move of any head retires.
 */
final class HeadDependence {
    private final Map<String, HeadRange> holds = new HashMap<>();
    private boolean anyMove;

    /** Notes what fetching this field reads: its parent object, or for a root field, its result. */
    synchronized void fetching(InstrumentationFieldFetchParameters field) {
        if (anyMove) {
            return;
        }
        if (field.getExecutionStepInfo().getPath().getLevel() == 1) {
            // A root field's object result is judged by its own fields; a scalar one has none to judge it by.
            anyMove = !(GraphQLTypeUtil.unwrapAll(field.getField().getType()) instanceof GraphQLCompositeType);
            return;
        }
        Object parent = field.getEnvironment().getSource();
        if (parent instanceof HeadDependent dependent) {
            holds.merge(dependent.governorId(), dependent.holds(), HeadRange::intersect);
        } else if (!(parent instanceof HeadIndependent)) {
            anyMove = true;
        }
    }

    /** Per Governor, the heads at which the answer holds; null when any head move retires it. */
    synchronized Map<String, HeadRange> holds() {
        return anyMove ? null : Map.copyOf(holds);
    }
}
