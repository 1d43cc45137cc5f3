package dev.govengine.api.cache;

import graphql.GraphQL;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import io.quarkus.arc.Arc;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.eclipse.microprofile.graphql.Type;

/**
 * The tables each resolver field declares it reads ({@link ReadsTables}), by the field's coordinates in the schema:
 * a {@code @Query} method is a field of Query, a method with a {@code @Source} parameter a field of that parameter's
 * type, named by {@code @Name} or else by the method. A declaration whose field the schema does not have stops the
 * start, so that a renamed field cannot silently lose its declaration.
 */
@ApplicationScoped
public class DeclaredReads {
    private volatile Map<FieldCoordinates, Set<Table>> tables = Map.of();

    /** Before the other observers of the builder change the schema's code; only its fields are read here. */
    void collect(@Observes @Priority(1) GraphQL.Builder builder) {
        GraphQLSchema schema = builder.build().getGraphQLSchema();
        Map<FieldCoordinates, Set<Table>> declared = new HashMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (!bean.getBeanClass().isAnnotationPresent(GraphQLApi.class)) {
                continue;
            }
            for (Method method : bean.getBeanClass().getDeclaredMethods()) {
                ReadsTables reads = method.getAnnotation(ReadsTables.class);
                if (reads != null) {
                    FieldCoordinates field = coordinates(method);
                    GraphQLObjectType parent = schema.getObjectType(field.getTypeName());
                    if (parent == null || parent.getFieldDefinition(field.getFieldName()) == null) {
                        throw new IllegalStateException(method + " declares its reads for " + field
                                + ", which the schema does not have");
                    }
                    declared.put(field, Set.of(reads.value()));
                }
            }
        }
        tables = Map.copyOf(declared);
    }

    /** The tables the resolver of {@code field} reads; null when it does not say. */
    Set<Table> of(FieldCoordinates field) {
        return tables.get(field);
    }

    private static FieldCoordinates coordinates(Method method) {
        Query query = method.getAnnotation(Query.class);
        Name name = method.getAnnotation(Name.class);
        String field = query != null && !query.value().isEmpty() ? query.value()
                : name != null ? name.value() : method.getName();
        if (query != null) {
            return FieldCoordinates.coordinates("Query", field);
        }
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(Source.class)) {
                return FieldCoordinates.coordinates(typeName(sourceClass(parameter)), field);
            }
        }
        throw new IllegalStateException(method + " declares its reads but is neither a query nor a field resolver");
    }

    /** The class of a {@code @Source} parameter, or of its elements for a batch resolver's list. */
    private static Class<?> sourceClass(Parameter parameter) {
        if (parameter.getParameterizedType() instanceof ParameterizedType list) {
            return (Class<?>) list.getActualTypeArguments()[0];
        }
        return parameter.getType();
    }

    private static String typeName(Class<?> type) {
        Type named = type.getAnnotation(Type.class);
        return named != null && !named.value().isEmpty() ? named.value() : type.getSimpleName();
    }
}
