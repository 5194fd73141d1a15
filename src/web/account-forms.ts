import type { Response } from 'express';
import { z } from 'zod';
import { passwordProblem } from '../auth/passwords';
import { say, type FieldError } from './web-context';

/** Form fields shared by the setup, invitation, users and organisations pages, with messages in the page's language. */
export function organisationFields(res: Response) {
  return {
    organisation: z
      .string()
      .trim()
      .min(1, say(res, 'Skriv organisationens navn.', 'Enter the organisation’s name.')),
    kind: z.enum(['ministry', 'municipality', 'network'], {
      error: say(res, 'Vælg, hvilken slags organisation det er.', 'Choose what kind of organisation it is.'),
    }),
  };
}

export function inviteFields(res: Response) {
  return {
    name: z
      .string()
      .trim()
      .min(1, say(res, 'Skriv personens navn.', 'Enter the person’s name.')),
    email: z
      .string()
      .trim()
      .email(
        say(
          res,
          'Skriv en gyldig e-mailadresse, fx navn@kommune.dk.',
          'Enter a valid email address, e.g. name@council.dk.',
        ),
      ),
  };
}

export function passwordFields(res: Response) {
  return {
    password: z.string().superRefine((p, ctx) => {
      const problem = passwordProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: say(res, problem.da, problem.en) });
    }),
    password2: z.string(),
  };
}

export function samePasswords(res: Response) {
  return (v: { password: string; password2: string }, ctx: z.RefinementCtx) => {
    if (v.password !== v.password2)
      ctx.addIssue({
        code: 'custom',
        path: ['password2'],
        message: say(res, 'De to adgangskoder er ikke ens.', 'The two passwords do not match.'),
      });
  };
}

export function emailTakenError(res: Response, field: string): FieldError {
  return {
    field,
    message: say(
      res,
      'Der findes allerede en bruger med denne e-mailadresse.',
      'A user with this email address already exists.',
    ),
  };
}
