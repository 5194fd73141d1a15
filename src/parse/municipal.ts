import type { Provision } from '../domain/legal-document';
import type { SourceBlock } from '../domain/source-text';
import { outlineHeadings, outlineTree, type OutlineHeading } from './heading-outline';
import { skipSpace, splitLines, squash } from './lines';

/** Section names of a Danish council agenda item (dagsordenspunkt), as the case systems print them. */
export const AGENDA_SECTION =
  /^(Sagsfremstilling|Sagens baggrund|Baggrund|Resumé|Resume|Indstilling|Forvaltningens indstilling|Administrationens indstilling|Beslutning(?:\s.{0,100})?|Økonomi(?:ske konsekvenser)?|Økonomi og finansiering|Bevillingsmæssige konsekvenser|Bilag|Høring|Høringssvar|Retsgrundlag|Lovgrundlag|Kommunikation|Tidsplan|Videre proces|Konsekvenser|Sagsnr\.?.*|Beslutningstema|Det videre forløb|Vurdering|Politisk behandling)$/i;

export function agendaHeadings(text: string, blocks: SourceBlock[]): OutlineHeading[] {
  const styled = outlineHeadings(
    text,
    blocks.filter((b) => b.kind === 'heading'),
  );
  const known: OutlineHeading[] = [];
  for (const l of splitLines(text)) {
    const t = squash(l.text);
    if (t && t.length < 120 && AGENDA_SECTION.test(t)) {
      const start = skipSpace(text, l.start, l.end);
      known.push({ start, end: start + t.length, level: 2 });
    }
  }
  const blockLevels = styled.filter((h) => known.some((k) => k.start === h.start)).map((h) => h.level);
  const knownLevel = blockLevels.length > 0 ? Math.min(...blockLevels) : 2;
  const merged = new Map<number, OutlineHeading>();
  for (const h of styled) merged.set(h.start, h);
  for (const k of known) if (!merged.has(k.start)) merged.set(k.start, { ...k, level: knownLevel });
  return [...merged.values()].sort((a, b) => a.start - b.start);
}

export function parseMunicipal(
  text: string,
  blocks: SourceBlock[],
  agenda: boolean,
  pageOf: (o: number) => number,
): Provision[] {
  const headings = agenda ? agendaHeadings(text, blocks) : outlineHeadings(text, blocks);
  return outlineTree(text, headings, text.length, pageOf);
}
