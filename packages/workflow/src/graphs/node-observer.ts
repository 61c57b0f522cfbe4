/** Wraps a graph node's run, to time it and record its outcome (metrics, tracing). */
export type NodeObserver = <T>(graph: string, node: string, run: () => Promise<T>) => Promise<T>;

/** Runs the node as it is: the default when nobody observes. */
export const unobserved: NodeObserver = (_graph, _node, run) => run();

/** A node function that reports to the observer every time it runs. */
export function observedNode<S, U>(observe: NodeObserver | undefined, graph: string, node: string, fn: (state: S) => Promise<U>): (state: S) => Promise<U> {
  const observer = observe ?? unobserved;
  return (state) => observer(graph, node, () => fn(state));
}
