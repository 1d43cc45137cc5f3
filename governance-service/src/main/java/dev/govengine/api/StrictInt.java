package dev.govengine.api;

import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.AstPrinter;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.SchemaTransformer;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GraphQL {@code Int} as the specification defines it, in place of SmallRye's. SmallRye's {@code Int} takes any
 * number or string for a variable and converts it only inside the resolver: {@code 1.5} or {@code 1e10} then failed
 * there as INTERNAL, {@code "ten"} got a second, spurious INTERNAL error, {@code "10"} passed, and an out-of-range
 * literal wrapped around to another number. graphql-java's own {@code Int} decides instead (a whole number from
 * -2^31 to 2^31-1, no strings), during variable coercion and validation, so a wrong value is one BAD_INPUT error
 * naming the variable or argument, and no resolver runs. Only its messages are this class's: graphql-java's name the
 * Java class of the value ("BigDecimal").
 */
@ApplicationScoped
class StrictInt {
    private static final GraphQLScalarType INT = GraphQLScalarType.newScalar(Scalars.GraphQLInt)
            .coercing(new Coercion()).build();

    /** Puts this Int in the schema SmallRye executes (a CDI event, as in ApiLimits). */
    void install(@Observes GraphQL.Builder builder) {
        GraphQLTypeVisitorStub replaceInt = new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLScalarType(GraphQLScalarType scalar,
                    TraverserContext<GraphQLSchemaElement> context) {
                return scalar.getName().equals(INT.getName()) && scalar != INT ? changeNode(context, INT)
                        : TraversalControl.CONTINUE;
            }
        };
        builder.schema(SchemaTransformer.transformSchema(builder.build().getGraphQLSchema(), replaceInt));
    }

    private static final class Coercion implements Coercing<Integer, Integer> {
        private static final String RANGE = "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;

        @SuppressWarnings("unchecked")
        private static final Coercing<Integer, Integer> SPEC =
                (Coercing<Integer, Integer>) Scalars.GraphQLInt.getCoercing();

        @Override
        public Integer serialize(Object result, GraphQLContext context, Locale locale)
                throws CoercingSerializeException {
            return SPEC.serialize(result, context, locale);
        }

        @Override
        public Integer parseValue(Object input, GraphQLContext context, Locale locale)
                throws CoercingParseValueException {
            try {
                return SPEC.parseValue(input, context, locale);
            } catch (CoercingParseValueException e) {
                throw new CoercingParseValueException(describe(input) + " is not an Int: expected " + RANGE);
            }
        }

        @Override
        public Integer parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
                throws CoercingParseLiteralException {
            try {
                return SPEC.parseLiteral(input, variables, context, locale);
            } catch (CoercingParseLiteralException e) {
                String literal = input instanceof StringValue string ? "the string \"" + string.getValue() + "\""
                        : AstPrinter.printAst(input);
                throw new CoercingParseLiteralException(literal + " is not an Int: expected " + RANGE);
            }
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return SPEC.valueToLiteral(input, context, locale);
        }

        /** A variable's value as the caller wrote it in JSON. */
        private static String describe(Object input) {
            if (input instanceof String string) {
                return "the string \"" + string + "\"";
            }
            if (input instanceof BigDecimal decimal) {
                return decimal.toPlainString();
            }
            if (input instanceof Map<?, ?>) {
                return "an object";
            }
            if (input instanceof List<?>) {
                return "a list";
            }
            return String.valueOf(input);
        }
    }
}
