/** The data layer's public surface: what src/train, src/eval, src/model and src/index.ts import. */
export { type Table, type ColumnData, type Cell, makeTable, getColumn, numericTable, cellAt, takeRows } from './table.js';
export { readTable, type ReadOptions, type ReadFormat } from './read.js';
export { writeTable, formatCsv, type WriteOptions, type WriteFormat } from './write.js';
export { inferSchema, type Schema, type ColumnSchema, type ColumnType, type SchemaOverrides } from './schema.js';
export {
  fitTransformer,
  transform,
  inverseTransform,
  spanLayout,
  type TransformerState,
  type TransformerOptions,
  type InverseOptions,
  type ContinuousMethod,
  type ContinuousOption,
  type ColumnState,
  type NumericColumnState,
  type CategoricalColumnState,
  type ConstantColumnState,
} from './transformer.js';
export { type SpanLayout, type OutputSpan, type SpanRole, type SpanActivation, type ColumnSpans, type CondSpan, argmaxSpan, spansOf } from './spans.js';
export { ConditionalSampler, type CondBlock, type TrainingCondition } from './conditional.js';
export { rejectionSample, parseCondition, type RowPredicate, type RejectionOptions } from './rejection.js';
export { listDatasets, loadDataset, type DatasetInfo, type LoadOptions } from './datasets.js';
export { densityPeaks, type Mixture1D } from './gmm.js';
export { checkTransformerState } from './state-check.js';
