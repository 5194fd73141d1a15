/** Every fixed word of the impact note, in Danish (lovkvalitet style) and English (Family Test style). */
export interface NoteTexts {
  title: string;
  fields: {
    ministry: string;
    caseNumber: string;
    draft: string;
    date: string;
    ruleset: string;
    sha: string;
    field: string;
    value: string;
  };
  toc: string;
  summary: string;
  bottomLineLabel: string;
  notAssessedReasonLabel: string;
  partA: (mode: 'a' | 'b') => string;
  partAHeading: string;
  skemaIntro: string;
  partB: string;
  partBHead: [string, string, string, string];
  partC: string;
  partCFields: [string, string, string, string, string, string, string, string, string];
  /** Where Part A goes in the bill's general remarks. */
  placement: (mode: 'a' | 'b') => string;
  groups: string;
  groupsHead: [string, string, string];
  noGroups: string;
  initiatives: string;
  initiativesText: (initiatives: { number: number; title: string }[]) => string;
  method: string;
  methodText: (share: string) => string;
  answers: string;
  noAnswers: string;
  signOff: string;
  commentsAppendix: string;
  commentsIntro: string;
  commentsHead: [string, string, string];
  signOffHead: [string, string];
  preparedBy: string;
  approvedBy: string;
  committee: string;
  questionLabel: string;
  committeeIntro: string;
  page: [string, string];
  pageAbbr: string;
  unconfirmedLabel: string;
  unconfirmed: (n: number, total: number) => string;
  none: string;
  notAssessed: string;
  bottom: (line: 'positive' | 'negative' | 'mixed') => string;
  notSignificant: string;
  effect: (p: {
    mechanism: string;
    provisions: string;
    direction: string;
    who: string;
    topic: string;
    magnitude: number;
    likelihood: string;
    lasting?: boolean;
    mitigation?: string;
  }) => string;
  committeeQuestion: (p: { mechanism: string; provisions: string; who: string; topic: string }) => string;
  municipal: (sentences: string[]) => string;
  value: Record<string, string>;
  status: Record<string, string>;
  direction: Record<string, string>;
  likelihood: Record<string, string>;
  magnitude: string[];
  grade: Record<string, string>;
  bottomLine: Record<string, string>;
  notAnswered: string;
  lasting: (lasting: boolean, reversible: boolean) => string;
  theAffected: string;
}

const MAG_DA = ['ingen', 'lille', 'moderat', 'betydelig'];

/** "moderat, sandsynlig og varig" */
function listDa(words: string[]): string {
  const w = words.filter(Boolean);
  return w.length < 2 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} og ${w[w.length - 1]}`;
}

function listEn(words: string[]): string {
  const w = words.filter(Boolean);
  return w.length < 2 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} and ${w[w.length - 1]}`;
}
const MAG_EN = ['none', 'small', 'moderate', 'significant'];

export const NOTE_TEXTS: Record<'da' | 'en', NoteTexts> = {
  da: {
    title: 'Konsekvensnotat: fællesskaber og nære relationer',
    fields: {
      ministry: 'Ministerium/myndighed',
      caseNumber: 'Sagsnummer',
      draft: 'Udkast',
      date: 'Dato',
      ruleset: 'Regelsæt',
      sha: 'SHA-256 af det vurderede dokument',
      field: 'Felt',
      value: 'Værdi',
    },
    toc: 'Indhold',
    summary: 'Resumé og relationel bundlinje',
    bottomLineLabel: 'Relationel bundlinje',
    notAssessedReasonLabel: 'Begrundelse for ikke at gennemføre trin 2',
    partA: (mode) => `Del A – tekst til lovforslagets almindelige bemærkninger (model ${mode})`,
    partAHeading: 'Konsekvenser for fællesskaber og nære relationer',
    skemaIntro:
      'Forslag til ekstra række i det sammenfattende skema (model b forudsætter en ændring af Lovkvalitetsvejledningen):',
    partB: 'Del B – relevansvurdering (trin 1)',
    partBHead: ['Spørgsmål', 'Svar', 'Status', 'Bestemmelser og citater'],
    partC: 'Del C – konsekvensvurdering (trin 2)',
    partCFields: [
      'Berørt',
      'Retning',
      'Omfang (0–3)',
      'Sandsynlighed',
      'Varighed',
      'Mekanisme (bestemmelser)',
      'Evidens og kvalitet',
      'Afbødning overvejet',
      'Ændret i udkastet',
    ],
    groups: 'Berørte grupper',
    groupsHead: ['Gruppe', 'Skønnet antal', 'Spørgsmål'],
    noGroups: 'Ingen grupper angivet.',
    initiatives: 'Relevante initiativer i den nationale handlingsplan mod ensomhed',
    initiativesText: (n) =>
      n.length
        ? `Fundene vedrører disse initiativer i National handlingsplan mod ensomhed (2023): ${n.map((i) => `${i.number}${i.title ? ` (${i.title})` : ''}`).join('; ')}.`
        : 'Ingen initiativer er knyttet til fundene.',
    placement: (mode) =>
      mode === 'a'
        ? 'Placering: som selvstændigt punkt under »Konsekvenser ud over de obligatoriske konsekvensvurderinger« i lovforslagets almindelige bemærkninger. Efter model a skrives afsnittet kun, når konsekvenserne er væsentlige.'
        : 'Placering: som fast punkt i lovforslagets almindelige bemærkninger på linje med de obligatoriske konsekvensvurderinger, med »Ingen«, når der ikke er konsekvenser (model b forudsætter en ændring af Lovkvalitetsvejledningen).',
    method: 'Metode og sporbarhed',
    methodText: (share) => `Dokumentet er læst med ${share} af teksten klassificeret. Reglerne, der slog an:`,
    answers: 'Besvarelser:',
    noAnswers: 'Ingen besvarelser er registreret; trin 1 bygger på forslag.',
    signOff: 'Godkendelse',
    commentsAppendix: 'Bilag: Kommentarer fra gennemgangen',
    commentsIntro:
      'Kommentarer og svar givet under gennemgangen af vurderingen, med deres status ved udskrivningen.',
    commentsHead: ['Emne', 'Kommentar og svar', 'Status'],
    signOffHead: ['Rolle', 'Navn og dato'],
    preparedBy: 'Udarbejdet af',
    approvedBy: 'Godkendt af',
    committee: 'Udkast til udvalgsspørgsmål til ministeren',
    questionLabel: 'Spørgsmål',
    committeeIntro:
      'Udkast til spørgsmål, som Tværpolitisk Netværk mod Ensomhed kan foreslå stillet til ministeren:',
    page: ['Side ', ' af '],
    pageAbbr: 's.',
    unconfirmedLabel: 'OBS',
    unconfirmed: (n, total) =>
      `Notatet bygger på forslag, som ingen har bekræftet: ${n} af ${total} spørgsmål i trin 1 er besvaret automatisk ud fra dokumentets ordlyd. Det er ikke en vurdering.`,
    none: 'Lovforslaget vurderes ikke at have konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.',
    notAssessed: 'Lovforslagets konsekvenser for nære relationer og fællesskaber er endnu ikke vurderet.',
    bottom: (line) =>
      `Lovforslaget vurderes samlet at have ${{ positive: 'positive', negative: 'negative', mixed: 'blandede' }[line]} konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.`,
    notSignificant:
      'Konsekvenserne vurderes ikke at være væsentlige. Der skrives derfor ikke et afsnit i lovforslagets bemærkninger (model a); screeningen er dokumenteret i del B.',
    // The mechanism is the assessor's own sentence; the judgement follows in sentences of our own.
    effect: (p) =>
      `${p.mechanism}${p.provisions}. Det vurderes at ${p.direction === 'positive' ? 'gøre det lettere' : p.direction === 'negative' ? 'gøre det vanskeligere' : 'have både positive og negative virkninger'} for ${p.who}, for så vidt angår ${p.topic}. Virkningen vurderes at være ${listDa([MAG_DA[p.magnitude] ?? '', p.likelihood, p.lasting === undefined ? '' : p.lasting ? 'varig' : 'midlertidig'])}.${p.mitigation ? ` ${p.mitigation}.` : ''}`,
    committeeQuestion: (p) =>
      `Vil ministeren redegøre for, hvilke konsekvenser ${p.provisions ? `lovforslagets ${p.provisions.replace(/^ \(|\)$/g, '')}` : 'lovforslaget'} vil have for ${p.who} for så vidt angår ${p.topic}, når ${p.mechanism.charAt(0).toLowerCase()}${p.mechanism.slice(1)}, og hvad ministeren vil gøre for at afbøde eventuelle negative konsekvenser?`,
    municipal: (s) => `Konsekvenser for fællesskaber og nære relationer: ${s.join(' ')}`,
    value: { yes: 'Ja', no: 'Nej', unknown: 'Ved ikke' },
    status: {
      suggested: 'forslag, ikke bekræftet',
      confirmed: 'bekræftet',
      changed: 'ændret af sagsbehandler',
    },
    direction: { positive: 'positiv', negative: 'negativ', mixed: 'blandet', unclear: 'uklar' },
    likelihood: { unlikely: 'usandsynlig', possible: 'mulig', likely: 'sandsynlig' },
    magnitude: MAG_DA,
    grade: {
      'register-data': 'danske register- eller surveydata',
      'international-research': 'international forskning',
      'expert-judgement': 'faglig vurdering',
      assumption: 'antagelse',
    },
    bottomLine: {
      positive: 'positiv',
      negative: 'negativ',
      mixed: 'blandet',
      none: 'ingen konsekvenser',
      'not-assessed': 'ikke vurderet',
    },
    notAnswered: 'Ikke besvaret',
    lasting: (l, r) =>
      `${l ? 'varig' : 'midlertidig'}, ${r ? 'kan rulles tilbage' : 'kan ikke rulles tilbage'}`,
    theAffected: 'de berørte borgere',
  },
  en: {
    title: 'Family Test impact note: relationships and communities',
    fields: {
      ministry: 'Department',
      caseNumber: 'Reference',
      draft: 'Draft',
      date: 'Date',
      ruleset: 'Ruleset',
      sha: 'SHA-256 of the assessed document',
      field: 'Field',
      value: 'Value',
    },
    toc: 'Contents',
    summary: 'Summary and relational bottom line',
    bottomLineLabel: 'Relational bottom line',
    notAssessedReasonLabel: 'Reason for not completing stage 2',
    partA: () => 'Part A – text for the impact assessment',
    partAHeading: 'Impact on families, relationships and communities',
    skemaIntro: 'Proposed summary row:',
    partB: 'Part B – relevance screen (stage 1)',
    partBHead: ['Question', 'Answer', 'Status', 'Provisions and quotes'],
    partC: 'Part C – assessment (stage 2)',
    partCFields: [
      'Affected',
      'Direction',
      'Magnitude (0–3)',
      'Likelihood',
      'Duration',
      'Mechanism (provisions)',
      'Evidence and grade',
      'Mitigation considered',
      'What changed in the draft',
    ],
    groups: 'Groups affected',
    groupsHead: ['Group', 'Estimated number', 'Question'],
    noGroups: 'No groups given.',
    initiatives: 'Related initiatives',
    initiativesText: (n) =>
      n.length
        ? `Initiatives: ${n.map((i) => `${i.number}${i.title ? ` (${i.title})` : ''}`).join('; ')}.`
        : 'No initiatives are linked to the findings.',
    placement: () =>
      'To be included in the impact assessment of the policy, with the Family Test questions answered.',
    method: 'Method and traceability',
    methodText: (share) => `The document was read with ${share} of its text classified. Rules that fired:`,
    answers: 'Answers:',
    noAnswers: 'No answers are recorded; stage 1 rests on suggestions.',
    signOff: 'Sign-off',
    commentsAppendix: 'Appendix: Review comments',
    commentsIntro:
      'Comments and replies given while the assessment was reviewed, with their status when printed.',
    commentsHead: ['Subject', 'Comment and replies', 'Status'],
    signOffHead: ['Role', 'Name and date'],
    preparedBy: 'Prepared by',
    approvedBy: 'Approved by',
    committee: 'Draft questions to the minister',
    questionLabel: 'Question',
    committeeIntro: 'Draft questions the committee may put to the minister:',
    page: ['Page ', ' of '],
    pageAbbr: 'p.',
    unconfirmedLabel: 'NB',
    unconfirmed: (n, total) =>
      `This note rests on suggestions nobody has confirmed: ${n} of ${total} stage-1 questions were answered automatically from the wording of the document. It is not an assessment.`,
    none: 'The policy is not expected to have an impact on people’s ability to form and maintain close relationships and to take part in communities.',
    notAssessed: 'The impact on families, relationships and communities has not yet been assessed.',
    bottom: (line) =>
      `Overall, the policy is expected to have a ${line} impact on people’s ability to form and maintain close relationships and to take part in communities.`,
    notSignificant: 'The impact is not expected to be significant; the screening is recorded in Part B.',
    effect: (p) =>
      `${p.mechanism}${p.provisions}. This is expected to make it ${p.direction === 'positive' ? 'easier' : p.direction === 'negative' ? 'harder' : 'both easier and harder'} for ${p.who}, as regards ${p.topic}. The impact is expected to be ${listEn([MAG_EN[p.magnitude] ?? '', p.likelihood, p.lasting === undefined ? '' : p.lasting ? 'lasting' : 'temporary'])}.${p.mitigation ? ` ${p.mitigation}.` : ''}`,
    committeeQuestion: (p) =>
      `Will the Minister explain what impact ${p.provisions ? `clauses${p.provisions}` : 'the Bill'} will have on ${p.who} as regards ${p.topic}, given that ${p.mechanism.charAt(0).toLowerCase()}${p.mechanism.slice(1)}, and what will be done to mitigate any negative impact?`,
    municipal: (s) => `Impact on relationships and communities: ${s.join(' ')}`,
    value: { yes: 'Yes', no: 'No', unknown: 'Unknown' },
    status: {
      suggested: 'suggestion, not confirmed',
      confirmed: 'confirmed',
      changed: 'changed by the assessor',
    },
    direction: { positive: 'positive', negative: 'negative', mixed: 'mixed', unclear: 'unclear' },
    likelihood: { unlikely: 'unlikely', possible: 'possible', likely: 'likely' },
    magnitude: MAG_EN,
    grade: {
      'register-data': 'register or survey data',
      'international-research': 'international research',
      'expert-judgement': 'expert judgement',
      assumption: 'assumption',
    },
    bottomLine: {
      positive: 'positive',
      negative: 'negative',
      mixed: 'mixed',
      none: 'no impact',
      'not-assessed': 'not assessed',
    },
    notAnswered: 'Not answered',
    lasting: (l, r) => `${l ? 'lasting' : 'temporary'}, ${r ? 'reversible' : 'irreversible'}`,
    theAffected: 'those affected',
  },
};
