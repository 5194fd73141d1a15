import type { AmendmentOperation, DocumentKind } from './legal-document';

/** What each kind of document is called, for people (CLI, web pages, notes). */
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, { da: string; en: string }> = {
  'dk-bill': { da: 'Dansk lovforslag', en: 'Danish bill' },
  'dk-act': { da: 'Dansk lov eller bekendtgørelse', en: 'Danish act or order' },
  'municipal-agenda-item': { da: 'Kommunalt dagsordenspunkt', en: 'Municipal agenda item' },
  'municipal-policy': { da: 'Kommunal politik eller strategi', en: 'Municipal policy or strategy' },
  'uk-bill': { da: 'Britisk lovforslag eller lov', en: 'UK bill or Act' },
  generic: { da: 'Andet dokument (overskrifter)', en: 'Other document (heading outline)' },
};

/** What each amendment operation is called, for people. */
export const AMENDMENT_OPERATION_NAMES: Record<AmendmentOperation, { da: string; en: string }> = {
  'replace-text': { da: 'ændres', en: 'replace text' },
  'replace-everywhere': { da: 'overalt i loven', en: 'replace throughout' },
  'delete-text': { da: 'udgår', en: 'delete text' },
  insert: { da: 'indsættes', en: 'insert' },
  rewrite: { da: 'affattes', en: 'rewrite' },
  repeal: { da: 'ophæves', en: 'repeal' },
  renumber: { da: 'nummereres om', en: 'renumber' },
  unclassified: { da: 'ikke klassificeret', en: 'unclassified' },
};
