import { createClient } from 'graphql-ws';
import { useEffect, useState, useCallback } from 'preact/hooks';

/** An answer with errors: the first error's message and its machine-readable code. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** A query or mutation over HTTP POST, on the origin that served the app. */
export async function query(document, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = await response.json().catch(() => null);
  if (!body) throw new ApiError(`The service answered HTTP ${response.status}`, 'HTTP_' + response.status);
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code);
  }
  return body.data;
}

let socket;

/** A subscription over the one shared WebSocket (graphql-transport-ws), reconnecting for as long as the page lives. */
export function subscribe(document, variables, onData) {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    retryAttempts: Infinity,
  });
  return socket.subscribe({ query: document, variables }, {
    next: (message) => message.data && onData(message.data),
    error: () => {},
    complete: () => {},
  });
}

/**
 * Runs a query whenever its variables change: {data, error, loading, reload}. A reload keeps the data on screen
 * until the new answer replaces it, so that live refreshes do not flash a loading state.
 */
export function useQuery(document, variables) {
  const key = JSON.stringify(variables);
  const [state, setState] = useState({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    query(document, variables).then(
      (data) => current && setState({ data, loading: false }),
      (error) => current && setState({ error, loading: false }),
    );
    return () => { current = false; };
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
