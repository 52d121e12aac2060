// Maps an async stream with up to `limit` calls in flight, yielding results in input order (bounded memory).

/** Applies `map` to each item, `limit` at a time, and yields the results in the order the items came. */
export async function* mapOrdered<T, R>(items: AsyncIterable<T>, limit: number, map: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  for await (const item of items) {
    inFlight.push(map(item));
    if (inFlight.length >= limit) yield await (inFlight.shift() as Promise<R>);
  }
  while (inFlight.length > 0) yield await (inFlight.shift() as Promise<R>);
}
