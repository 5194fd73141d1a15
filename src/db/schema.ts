import type { Generated } from 'kysely';

/**
 * The tables, as kysely sees them. Portable between SQLite and PostgreSQL: ids are UUID text, times are ISO-8601
 * text in UTC (they sort as text), flags are 0/1 integers, JSON is text.
 */
export interface Database {
  settings: { key: string; value: string };
  organisations: {
    id: string;
    name: string;
    kind: 'ministry' | 'municipality' | 'network';
    /** The organisation set up at first start: its admins may add other organisations. */
    is_host: number;
    created_at: string;
  };
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    created_at: string;
  };
  memberships: {
    user_id: string;
    organisation_id: string;
    role: 'admin' | 'author' | 'reviewer' | 'approver';
    created_at: string;
  };
  invitations: {
    token_hash: string;
    organisation_id: string;
    email: string;
    name: string;
    role: 'admin' | 'author' | 'reviewer' | 'approver';
    created_by: string;
    created_at: string;
    expires_at: string;
    accepted_at: string | null;
  };
  assessments: {
    id: string;
    organisation_id: string;
    title: string;
    authority: string;
    case_number: string;
    ruleset_id: string;
    mode: 'a' | 'b';
    /** Optimistic concurrency: every write names the version it read. */
    version: number;
    step: string;
    status: Generated<'draft' | 'in-review' | 'approved' | 'published'>;
    /** JSON of SignOff. */
    sign_off_json: Generated<string>;
    previous_id: string | null;
    /** Archive summary, refreshed after every write: stage-1 relevance once a document is processed. */
    relevance: 'relevant' | 'not-relevant' | 'unknown' | null;
    /** positive / negative / mixed / none / not-assessed. */
    bottom_line: string | null;
    /** Why a relevant bill was not assessed ("comply or explain"). */
    not_assessed_reason: string | null;
    /** When the first document version was processed: the year it counts in. */
    screened_at: string | null;
    /** Ids of the themes found, space-separated with a space at each end (` a b `), so `like '% a %'` finds one. */
    themes: Generated<string>;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  document_versions: {
    id: string;
    assessment_id: string;
    number: number;
    file_name: string;
    size: number;
    sha256: string;
    /** The uploaded bytes, kept until `original_expires_at`, then deleted (retention). */
    original: Uint8Array | null;
    original_expires_at: string;
    status: 'queued' | 'processing' | 'done' | 'failed';
    progress: string;
    error_da: string | null;
    error_en: string | null;
    text: string | null;
    document_json: string | null;
    findings_json: string | null;
    created_by: string;
    created_at: string;
    finished_at: string | null;
  };
  answers: {
    assessment_id: string;
    /** `trigger:<id>` or `question:<id>`. */
    key: string;
    value_json: string;
    updated_by: string;
    updated_at: string;
  };
  answer_history: {
    id: string;
    /** Order of changes within an assessment (several share one timestamp in a save). */
    seq: number;
    assessment_id: string;
    key: string;
    value_json: string;
    changed_by: string;
    changed_at: string;
  };
  audit_events: {
    id: string;
    organisation_id: string | null;
    user_id: string | null;
    assessment_id: string | null;
    action: string;
    detail_json: string;
    at: string;
  };
  comments: {
    id: string;
    assessment_id: string;
    /** A reply names the comment that opened the thread. */
    parent_id: string | null;
    /** `general`, `trigger:<id>`, `question:<id>` or `provision:<label>`. */
    target: string;
    body: string;
    author_id: string;
    author_name: string;
    created_at: string;
    resolved_at: string | null;
    resolved_by: string | null;
  };
  assessment_guests: {
    assessment_id: string;
    user_id: string;
    granted_by: string;
    created_at: string;
  };
  api_tokens: {
    id: string;
    user_id: string;
    organisation_id: string;
    name: string;
    /** SHA-256 hex of the token; the token itself is shown once and never stored. */
    token_hash: string;
    /** The first characters of the token, to tell tokens apart in the list. */
    prefix: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  sessions: {
    sid: string;
    data: string;
    expires_at: string;
  };
}
