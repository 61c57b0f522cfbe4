/** @gapflow/retrieval — Embedders and vector indexes over the skills knowledge base. */
export {};
