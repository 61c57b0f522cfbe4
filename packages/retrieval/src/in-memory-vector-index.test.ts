import { InMemoryVectorIndex } from './in-memory-vector-index';
import { describeVectorIndexConformance } from './vector-index.conformance';

describeVectorIndexConformance('InMemoryVectorIndex', async () => new InMemoryVectorIndex());
