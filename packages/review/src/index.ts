export { reviewHtml } from './html-format.js';
export { type Language, percent, points } from './labels.js';
export {
  buildReview,
  type DayCell,
  DIMENSIONS,
  type Dimension,
  daysBetween,
  type Review,
  type ReviewOptions,
  type ReviewRow,
  type TrendPoint,
} from './review.js';
export { reviewCsv, reviewTable, sparkline } from './text-formats.js';
