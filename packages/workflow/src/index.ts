/** @gapflow/workflow — LangGraph graphs and their async nodes: gap analysis, question graph, answer graph. */
export {};
