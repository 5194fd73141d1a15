/** The user's answers: stage-1 triggers and stage-2 questions. A suggestion is never an answer until confirmed. */
export type TriggerValue = 'yes' | 'no' | 'unknown';

export interface TriggerAnswer {
  value: TriggerValue;
  /** Why "no" or "unknown", or what evidence is still needed. */
  note?: string;
  by?: string;
  at?: string;
}

export type Direction = 'positive' | 'negative' | 'mixed' | 'unclear';
export type Likelihood = 'unlikely' | 'possible' | 'likely';
export type EvidenceGrade = 'register-data' | 'international-research' | 'expert-judgement' | 'assumption';

export interface QuestionAnswer {
  affected: 'yes' | 'no' | 'unknown';
  direction?: Direction;
  magnitude?: 0 | 1 | 2 | 3;
  likelihood?: Likelihood;
  duration?: { span: 'temporary' | 'lasting'; reversible: boolean };
  groups?: { name: string; estimate?: number }[];
  mechanism?: { text: string; provisions: string[] };
  evidence?: { text: string; grade: EvidenceGrade };
  mitigation?: string;
  changedInDraft?: string;
  /** With "unknown": what evidence is missing and who will get it. */
  note?: string;
  by?: string;
  at?: string;
}

export interface Answers {
  triggers: Record<string, TriggerAnswer>;
  questions: Record<string, QuestionAnswer>;
  /** A recorded override of the ruleset's materiality thresholds. */
  materialityOverride?: { material: boolean; reason: string; by?: string };
}

export type BottomLine = 'positive' | 'negative' | 'mixed' | 'none' | 'not-assessed';

/** `approver`: reads, and approves or publishes assessments prepared by others. */
export type Role = 'admin' | 'author' | 'reviewer' | 'approver';
export type OrganisationKind = 'ministry' | 'municipality' | 'network';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  isHost: boolean;
}

export interface User {
  id: string;
  email: string;
  name: string;
}

/** A user acting within one organisation, with a role there. */
export interface Member extends User {
  organisation: Organisation;
  role: Role;
}

/** Where the user left off in the flow; the web app resumes there. */
export type Step = 'document' | 'processing' | 'overview' | 'stage1' | 'stage2' | 'check' | 'outcome';

/** One assessment of one bill or policy: its metadata, its document versions, its answers. */
export interface Assessment {
  id: string;
  organisationId: string;
  title: string;
  /** The ministry or municipality responsible. */
  authority: string;
  caseNumber: string;
  rulesetId: string;
  /** Model (a): section only when material; (b): always, »Ingen« when nothing. */
  mode: 'a' | 'b';
  /** Optimistic concurrency: a write names the version it read. */
  version: number;
  step: Step;
  /** Sign-off state: draft → in-review → approved → published; approved and published are read-only. */
  status: AssessmentStatus;
  signOff: SignOff;
  /** The approved assessment this one was started from, as a new version. */
  previousId?: string;
  /** "Comply or explain": why a relevant bill was not assessed in stage 2. */
  notAssessedReason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type DocumentStatus = 'queued' | 'processing' | 'done' | 'failed';

/** One uploaded draft of the assessed document and what the pipeline made of it. */
export interface DocumentVersion {
  id: string;
  assessmentId: string;
  number: number;
  fileName: string;
  size: number;
  sha256: string;
  status: DocumentStatus;
  /** The pipeline stage running: ingest, parse, detect. */
  progress: string;
  error?: { da: string; en: string };
  /** Until when the original bytes are kept. */
  originalExpiresAt: string;
  hasOriginal: boolean;
  createdBy: string;
  createdAt: string;
  finishedAt?: string;
}

export type AssessmentStatus = 'draft' | 'in-review' | 'approved' | 'published';

/** Who moved the assessment through its states, and when (names as shown in the note). */
export interface SignOff {
  submittedBy?: { id: string; name: string; at: string };
  approvedBy?: { id: string; name: string; at: string };
  publishedAt?: string;
}

/** A review comment on a question, an answer or a provision of the bill; threads of replies, resolvable. */
export interface Comment {
  id: string;
  assessmentId: string;
  parentId?: string;
  /** `general`, `trigger:<id>`, `question:<id>` or `provision:<label>`. */
  target: string;
  body: string;
  author: { id: string; name: string };
  createdAt: string;
  resolved?: { at: string; by: string };
}
