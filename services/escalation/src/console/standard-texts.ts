import { loadStandards } from '@slawatch/standards';

/** What the console shows of a standard: its words in both languages and what to do. */
export interface StandardText {
  id: string;
  title: string;
  titleZh?: string;
  action?: string;
  element: string;
  phase: string;
}

/**
 * The standards file's texts, for the detail page. Breaches carry their
 * standard's title and action too, so a console without the file (a wrong
 * path) still shows those; it only loses standards with no breach yet.
 */
export function readStandardTexts(path: string): StandardText[] {
  return loadStandards(path).standards.map((standard) => ({
    id: standard.id,
    title: standard.title,
    ...(standard.titleZh ? { titleZh: standard.titleZh } : {}),
    ...(standard.action ? { action: standard.action } : {}),
    element: standard.element,
    phase: standard.phase,
  }));
}
