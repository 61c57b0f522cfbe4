/** @gapflow/queue — Queue names, job payload schemas, the batch producer and worker helpers. */
export {};
