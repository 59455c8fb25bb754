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
