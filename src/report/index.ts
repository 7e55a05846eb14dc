/** Public surface of the report: HTML report, chart specs, SVG/PNG rendering. */
export { renderReport, writeReport, SECTION_IDS } from './report.js';
export { writeChartPng, svgToPng } from './png.js';
export type { PngOptions } from './png.js';
export { renderSvg } from './vega-render.js';
export type { ChartSpec } from './vega-render.js';
export { distributionSpec, histogramSpec, categoryBarSpec } from './chart-distributions.js';
export { scatterAgainstFirstSpec, pointSetsSpec } from './chart-scatter.js';
export { correlationSpecs, heatmapSpec } from './chart-correlation.js';
export { trainingSpecs } from './chart-training.js';
export { imageGridSpec } from './chart-images.js';
export { columnScoresSpec } from './chart-scores.js';
export type { RunComparison, ReportInput, ReportTable, ReportColumn, TrainingLogRecord, ImageSet, PointSets, Samples1D } from './types.js';
