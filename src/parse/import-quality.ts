import type { Amendment, ImportQualityReport, Provision, UnclassifiedBlock } from '../domain/legal-document';

function visible(s: string): number {
  return s.replace(/\s/g, '').length;
}

/** How much of the text the parser understood, what it did not, and why. */
export function importQuality(
  text: string,
  body: Provision[],
  unclassified: UnclassifiedBlock[],
  amendments: Amendment[],
  notes: { da: string; en: string }[],
): ImportQualityReport {
  const total = visible(text);
  const unclassifiedChars = unclassified.reduce((n, u) => n + visible(text.slice(u.start, u.end)), 0);
  const classifiedChars = Math.max(0, total - unclassifiedChars);
  const unclassifiedAmendments = amendments
    .filter((a) => a.operation === 'unclassified')
    .map((a) => `${a.label}: ${a.instruction}`);
  const allNotes = [...notes];
  if (unclassifiedAmendments.length > 0) {
    allNotes.push({
      da: `${unclassifiedAmendments.length} ændringsinstruktion(er) kunne ikke klassificeres; de er bevaret og listet.`,
      en: `${unclassifiedAmendments.length} amendment instruction(s) could not be classified; they are kept and listed.`,
    });
  }
  if (body.length === 0 || classifiedChars === 0) {
    allNotes.push({
      da: 'Der blev ikke fundet nogen struktur i teksten.',
      en: 'No structure was found in the text.',
    });
  }
  return {
    totalChars: text.length,
    classifiedChars,
    classifiedShare: total === 0 ? 1 : classifiedChars / total,
    unclassified,
    unclassifiedAmendments,
    notes: allNotes,
  };
}
