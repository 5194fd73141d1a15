import type { PageSpan, SourceFormat } from './source-text';

export type DocumentKind =
  'dk-bill' | 'dk-act' | 'municipal-agenda-item' | 'municipal-policy' | 'uk-bill' | 'generic';

export type NodeKind =
  | 'front-matter'
  | 'chapter'
  | 'part'
  | 'heading'
  | 'section'
  | 'subsection'
  | 'point'
  | 'litra'
  | 'amendment'
  | 'remarks'
  | 'remarks-general'
  | 'remarks-special'
  | 'remark'
  | 'summary-table'
  | 'annex'
  | 'schedule'
  | 'explanatory-notes'
  | 'paragraph'
  /** A table of contents: it repeats headings, so it is never evidence. */
  | 'contents'
  | 'unclassified';

/**
 * One node of the provision tree. `start`/`end` are a half-open range into `LegalDocument.text`;
 * children lie inside their parent and siblings never overlap.
 */
export interface Provision {
  /** Stable path id, e.g. `p1/stk2/nr3`; chapters are not part of a section's path so moving a § keeps its id. */
  id: string;
  kind: NodeKind;
  /** How a Danish (or English) lawyer cites it: `§ 9, stk. 2, nr. 1`, `§ 1, nr. 3`, `section 2(1)(a)`. */
  label: string;
  number?: string;
  heading?: string;
  start: number;
  end: number;
  page: number;
  /** Remarks: the id of the provision they explain ("Til § 1" → `p1`). */
  refersTo?: string;
  children: Provision[];
}

export type AmendmentOperation =
  | 'replace-text'
  | 'replace-everywhere'
  | 'delete-text'
  | 'insert'
  | 'rewrite'
  | 'repeal'
  | 'renumber'
  | 'unclassified';

export interface Amendment {
  /** Id of the amendment node (`p1/nr3`). */
  id: string;
  /** `§ 1, nr. 3` */
  label: string;
  item: number;
  /** The act this item amends, as written in the amending paragraph's opening words. */
  targetAct: string;
  /** The provision it acts on (`§ 83, stk. 1, nr. 2`), or `loven` for "overalt i loven". */
  target: string;
  operation: AmendmentOperation;
  /** Words removed or replaced (»X« in "ændres »X« til »Y«", or the text that "udgår"). */
  oldText?: string;
  /** Words or provisions inserted. */
  newText?: string;
  /** "Stk. 3-5 bliver herefter stk. 4-6." kept verbatim with the item. */
  renumbering: string[];
  /** The instruction sentence as written. */
  instruction: string;
  start: number;
  end: number;
  page: number;
}

export interface ActReference {
  /** `lov om social service` */
  title: string;
  /** `lovbekendtgørelse nr. 170 af 24. januar 2024` */
  citation?: string;
  /** Later amending acts named with "som ændret ved". */
  amendedBy: string[];
  start: number;
  end: number;
}

export interface DateMention {
  text: string;
  /** ISO date (yyyy-mm-dd) when the mention names a day. */
  iso?: string;
  role: 'commencement' | 'tabled' | 'meeting' | 'adopted' | 'deadline' | 'other';
  start: number;
}

export interface ConsequenceSection {
  /** Which of the standard consequence sections this heading is. */
  topic:
    | 'economic-public'
    | 'economic-business'
    | 'administrative-citizens'
    | 'climate'
    | 'environment'
    | 'equality'
    | 'eu-law'
    | 'consulted'
    | 'summary-table'
    | 'other-consequences';
  nodeId: string;
  heading: string;
}

export interface SummaryTableRow {
  row: string;
  positive: string;
  negative: string;
  /** The row has one cell spanning both columns; its text is in `positive`. */
  merged?: boolean;
  /** Read from text without cell borders, and the split between the columns is a guess. */
  uncertain?: boolean;
  start: number;
  end: number;
}

export interface DocumentMetadata {
  title: string;
  shortTitle?: string;
  /** Lovforslag, lov, lovbekendtgørelse, bekendtgørelse, dagsordenspunkt … */
  documentType?: string;
  isAmendingBill: boolean;
  referencedActs: ActReference[];
  dates: DateMention[];
  commencement?: { text: string; nodeId: string; label: string; iso?: string };
  /** Municipal documents: the municipality when it names itself. */
  authority?: string;
}

export interface UnclassifiedBlock {
  start: number;
  end: number;
  page: number;
  reason: string;
}

export interface ImportQualityReport {
  totalChars: number;
  /** Non-whitespace characters inside a classified node. */
  classifiedChars: number;
  /** classifiedChars / non-whitespace chars, 0–1. */
  classifiedShare: number;
  unclassified: UnclassifiedBlock[];
  /** Instructions that could not be classified are kept and listed here. */
  unclassifiedAmendments: string[];
  notes: { da: string; en: string }[];
}

export interface LegalDocument {
  kind: DocumentKind;
  language: 'da' | 'en';
  format: SourceFormat;
  sha256: string;
  text: string;
  pages: PageSpan[];
  metadata: DocumentMetadata;
  /** Top-level nodes in document order; together with `quality.unclassified` they cover the whole text. */
  body: Provision[];
  amendments: Amendment[];
  consequenceSections: ConsequenceSection[];
  summaryTable?: SummaryTableRow[];
  quality: ImportQualityReport;
}
