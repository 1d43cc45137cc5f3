package dev.govengine.api.cache;

import dev.govengine.governance.HeadRange;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one execution's answer depends on, gathered field by field as graphql-java fetches them. Of the data: the
 * tables its resolvers declare they read ({@link DeclaredReads}), and the rows its objects' fetched fields depend on
 * ({@link ReadsRows#rowsRead(String)});
 * a resolver that declares nothing makes it depend on every table, and plain fields read nothing of their own. Of
 * the indexed heads: per Governor, the heads at which every field it fetched reads the same
 * ({@link HeadDependent#holds(String)}); an object of neither
 * marker type (a reward view, introspection) or a scalar at the root makes it depend on every head move.
 */
final class AnswerDependence {
    private final DeclaredReads declared;
    private final Set<Table> tables = new HashSet<>();
    private final Set<Table.Row> rows = new HashSet<>();
    private final Map<String, HeadRange> holds = new HashMap<>();
    private boolean everyTable;
    private boolean everyHeadMove;

    AnswerDependence(DeclaredReads declared) {
        this.declared = declared;
    }

    synchronized void fetching(InstrumentationFieldFetchParameters field) {
        if (!everyTable && !field.isTrivialDataFetcher()) {
            Set<Table> read = declared.of(FieldCoordinates.coordinates(field.getExecutionStepInfo().getObjectType(),
                    field.getField()));
            if (read == null) {
                everyTable = true;
            } else {
                tables.addAll(read);
            }
        }
        if (field.getExecutionStepInfo().getPath().getLevel() == 1) {
            // A root field's object result is judged by its own fields; a scalar one has none to judge it by.
            everyHeadMove |= !(GraphQLTypeUtil.unwrapAll(field.getField().getType()) instanceof GraphQLCompositeType);
            return;
        }
        Object parent = field.getEnvironment().getSource();
        String name = field.getField().getName();
        if (parent instanceof ReadsRows reader) {
            rows.addAll(reader.rowsRead(name));
        }
        if (parent instanceof HeadDependent dependent) {
            holds.merge(dependent.governorId(), dependent.holds(name), HeadRange::intersect);
        } else if (!(parent instanceof HeadIndependent)) {
            everyHeadMove = true;
        }
    }

    /** The tables the answer read; null when it may have read any. */
    synchronized Set<Table> tables() {
        return everyTable ? null : Set.copyOf(tables);
    }

    /** The rows the answer read. */
    synchronized Set<Table.Row> rows() {
        return Set.copyOf(rows);
    }

    /** Per Governor, the heads at which the answer holds; null when any head move retires it. */
    synchronized Map<String, HeadRange> holds() {
        return everyHeadMove ? null : Map.copyOf(holds);
    }
}
