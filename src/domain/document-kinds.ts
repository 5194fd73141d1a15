import type { DocumentKind } from './legal-document';

/** What each kind of document is called, for people (CLI, web pages, notes). */
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, { da: string; en: string }> = {
  'dk-bill': { da: 'Dansk lovforslag', en: 'Danish bill' },
  'dk-act': { da: 'Dansk lov eller bekendtgørelse', en: 'Danish act or order' },
  'municipal-agenda-item': { da: 'Kommunalt dagsordenspunkt', en: 'Municipal agenda item' },
  'municipal-policy': { da: 'Kommunal politik eller strategi', en: 'Municipal policy or strategy' },
  'uk-bill': { da: 'Britisk lovforslag eller lov', en: 'UK bill or Act' },
  generic: { da: 'Andet dokument (overskrifter)', en: 'Other document (heading outline)' },
};
