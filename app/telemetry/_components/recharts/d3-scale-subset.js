// recharts picks an axis scale by name from all of d3-scale (`import * as d3Scales`), so every
// scale d3 has (time, log, sequential …, with d3-time and d3-time-format) ships with the plots.
// next.config.mjs points recharts' `victory-vendor/d3-scale` here instead: only the scales recharts
// chooses on its own for the axes these plots have (band and point for categories, linear for
// numbers; the brush uses point). A plot that names another scale (`scale="log"`) must add it here;
// d3-scale-subset.test.ts fails until it does.
export { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
