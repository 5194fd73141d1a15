/** A write named a version of the assessment that is no longer current: someone else saved in between. */
export class ConflictError extends Error {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(`Vurderingen er ændret (version ${current}, ikke ${expected})`);
    this.name = 'ConflictError';
  }
}
