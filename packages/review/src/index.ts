export { reviewHtml } from './html-format.js';
export { type Language, percent, points } from './labels.js';
export {
  type CountsSource,
  formatReview,
  oldestKeptDay,
  type ReviewFormat,
  type ReviewQuery,
  readReview,
} from './read-review.js';
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
export { type BreachDifference, type WhatIfOutcome, WhatIfReplay } from './what-if.js';
export {
  type ComparedRow,
  compareReviews,
  type WhatIfReview,
  whatIfCsv,
  whatIfTable,
} from './what-if-format.js';
