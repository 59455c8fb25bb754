// Public exports of the plot concern (explicit, named). Re-exported by src/index.ts.
export { escapeXml, px, svgElement } from './svg.js';
export type { SvgAttributeValue } from './svg.js';
export { OKABE_ITO, seriesColor } from './palette.js';
export { engineeringExponent, formatPower10, formatSi, formatLinearTicks } from './formatSi.js';
export { niceStep, ticksWithStep, linearTicks, niceLinearDomain, logTicks } from './scales.js';
export type { LinearTicks, Tick, LogTicks, LogLabelStyle } from './scales.js';
export type { SpectrumLike, SpectrumSeries, PlotOptions } from './types.js';
export { nyquistPlot } from './nyquistPlot.js';
export type { NyquistPlotOptions } from './nyquistPlot.js';
export { bodePlot } from './bodePlot.js';
export type { BodePlotOptions } from './bodePlot.js';
export { residualsPlot } from './residualsPlot.js';
export type { ResidualsLike, ResidualsPlotOptions } from './residualsPlot.js';
export { drtPlot } from './drtPlot.js';
export type { DrtSeries, DrtPlotPeak, DrtPlotOptions } from './drtPlot.js';
export { arrheniusPlot } from './arrheniusPlot.js';
export type { ArrheniusFitLine, ArrheniusSeries, ArrheniusPlotOptions } from './arrheniusPlot.js';
export { seriesPlot } from './seriesPlot.js';
export type { TrendSeries, SeriesPlotOptions } from './seriesPlot.js';
export { renderReport } from './renderReport.js';
export type {
  ReportInput,
  ReportSpectrum,
  ReportParameter,
  ReportFitStatistics,
  ReportWarning,
  ReportFit,
  ReportValidation,
  ReportQuantity,
  ReportCapacitance,
  ReportDerived,
  ReportPlot,
} from './renderReport.js';
