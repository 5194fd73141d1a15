import type { DocumentKind } from '../domain/legal-document';
import { SECTION_HEAD } from './danish-provisions';
import { AGENDA_SECTION } from './municipal';
import { splitLines, squash } from './lines';

const EN_WORDS = /\b(the|of|and|to|shall|may|must|that|with|for|section|person)\b/gi;
const DA_WORDS = /\b(og|af|til|der|skal|kan|ikke|som|med|for|det|eller|efter)\b/gi;

export function detectLanguage(text: string): 'da' | 'en' {
  const sample = text.slice(0, 30000);
  const en = (sample.match(EN_WORDS) ?? []).length;
  const da = (sample.match(DA_WORDS) ?? []).length + (sample.match(/[æøå]/gi) ?? []).length / 4;
  return en > da * 1.5 ? 'en' : 'da';
}

/** What kind of document this is, from its words and shape; the parser never refuses a kind it cannot name. */
export function detectKind(text: string): { kind: DocumentKind; language: 'da' | 'en' } {
  const language = detectLanguage(text);
  const head = text.slice(0, 8000);
  if (language === 'en') {
    const ukShape =
      /\bBE IT ENACTED\b|(^|\n)\s*A\s+BILL\b|(^|\n)\s*(PART|Part)\s+1\b[\s\S]{0,2000}\n\s*1\s+\p{Lu}/u.test(
        head,
      ) || /(^|\n)\s*1\s+\p{Lu}[^\n]{2,120}\n\s*\(1\)/u.test(text.slice(0, 20000));
    return { kind: ukShape ? 'uk-bill' : 'generic', language };
  }
  if (
    /(^|\n)\s*Forslag\s*(\n\s*)*til\s*(\n\s*)*(lov|folketingsbeslutning)\b/i.test(head) ||
    /(^|\n)\s*Lovforslag nr\./i.test(head)
  ) {
    return { kind: 'dk-bill', language };
  }
  const lines = splitLines(text);
  let sections = 0;
  let agenda = 0;
  for (const l of lines) {
    const t = squash(l.text);
    if (SECTION_HEAD.test(t)) sections++;
    if (
      t.length < 120 &&
      AGENDA_SECTION.test(t) &&
      /^(Sagsfremstilling|Indstilling|Beslutning|Sagens baggrund|Resum)/i.test(t)
    )
      agenda++;
  }
  if (agenda >= 2) return { kind: 'municipal-agenda-item', language };
  // One § is enough when the text is law-shaped: it starts with the § or has a "Stk." of its own.
  const lawShaped =
    sections === 1 &&
    (/^\s*§/.test(text) || /(^|\n)\s*Stk\.\s*\d+\./.test(text) || /(^|\s)Stk\.\s*2\.\s/.test(text));
  if (sections >= 2 || lawShaped) {
    if (/(^|\n)\s*Bemærkninger til lovforslaget/i.test(text)) return { kind: 'dk-bill', language };
    return { kind: 'dk-act', language };
  }
  if (/kommune/i.test(head) && /(politik|strategi|handleplan|plan)\b/i.test(head.slice(0, 2000))) {
    return { kind: 'municipal-policy', language };
  }
  return { kind: 'generic', language };
}
