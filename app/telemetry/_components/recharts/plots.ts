// Every plot, from one module: TimeSeriesChart and CategoryBarChart load them from here, so all of
// the chart code is one chunk. Turbopack then hoists recharts and its libraries into one scope;
// a chunk per plot kept each module shared between them apart (9 kB gzipped more on /telemetry).
export { default as CategoryBarPlot } from './CategoryBarPlot';
export { default as TimeSeriesPlot } from './TimeSeriesPlot';
