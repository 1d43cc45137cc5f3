// Prints graphql-js's getIntrospectionQuery(options), options given as JSON in the first argument: the query
// GraphiQL (which bundles this graphql-js version) and most GraphQL tooling send to load a schema.
import { getIntrospectionQuery } from 'graphql';

process.stdout.write(getIntrospectionQuery(JSON.parse(process.argv[2] ?? '{}')));
