import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path, { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ingest } from '../ingest/ingest';
import { DEFAULT_LIMITS, IngestError } from '../ingest/ingest-error';
import { parse } from '../parse/parse';
import { rulesetJsonSchema } from '../rulesets/json-schema';
import { assess } from '../assessments/assess';
import { detect } from '../detect/detect';
import { screeningJson } from '../detect/screening-report';
import { chooseRuleset } from '../rulesets/choose-ruleset';
import {
  formatProblem,
  loadRuleset,
  loadRulesetById,
  RulesetError,
  RULESETS_DIR,
  rulesetIds,
} from '../rulesets/load-ruleset';
import {
  AnswersFileError,
  answersFileRuleset,
  answersFileText,
  readAnswersFile,
} from '../questionnaire/answers-file';
import { renderDocx } from '../report/render-docx';
import { renderHtml } from '../report/render-html';
import { runRulesetCases } from '../rulesets/run-cases';
import type { Ruleset } from '../rulesets/ruleset-schema';
import { formatScreening } from './format-screening';
import { formatOutline } from './format-outline';
import { runBatch } from './batch-screen';

/** Exit codes: 0 ok, 2 bad input (the user can fix it), 1 internal failure (we must). */
export const EXIT = { ok: 0, internal: 1, badInput: 2 } as const;

class BadInput extends Error {}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

async function readInput(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new BadInput(`Fejl: ${file} er en mappe, ikke en fil.\nError: ${file} is a folder, not a file.`);
    // Refused before reading: a file over 2 GiB cannot even be read into memory, and a big one need not be.
    if (info.size > DEFAULT_LIMITS.maxBytes)
      throw new IngestError('too-large', { bytes: info.size, limit: DEFAULT_LIMITS.maxBytes });
    return await readFile(file);
  } catch (e) {
    if (e instanceof BadInput || e instanceof IngestError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new BadInput(`Fejl: Filen findes ikke: ${file}\nError: No such file: ${file}`);
    if (code === 'EACCES')
      throw new BadInput(`Fejl: Ingen adgang til filen: ${file}\nError: Permission denied: ${file}`);
    throw e;
  }
}

/** A ruleset by id (rulesets/<id>) or by folder, so authors can screen with a draft ruleset. */
function rulesetByIdOrPath(value: string): Ruleset {
  return value.includes('/') || value.includes(path.sep)
    ? loadRuleset(path.resolve(value))
    : loadRulesetById(value);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = new Command();
  let exit: number = EXIT.ok;
  program
    .name('relationstjek')
    .description('Relationstjek: læs og screen lovforslag og politikker for deres relationelle bundlinje')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command('parse')
    .description('Læs et dokument (PDF, DOCX, HTML, tekst, Markdown) og vis dets struktur og importkvalitet')
    .argument('<file>', 'dokumentet')
    .option('--json', 'udskriv LegalDocument som JSON (se docs/legal-document.md)')
    .option('--lang <lang>', 'sprog for udskriften: da eller en', 'da')
    .option('--depth <n>', 'hvor dybt dispositionen vises', '3')
    .action(async (file: string, opts: { json?: boolean; lang: string; depth: string }) => {
      const bytes = await readInput(file);
      const source = await ingest(bytes, { fileName: basename(file) });
      const doc = parse(source);
      if (opts.json) io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
      else io.stdout(formatOutline(doc, opts.lang === 'en' ? 'en' : 'da', Number(opts.depth) || 3));
      for (const w of source.warnings) io.stderr(`Bemærk: ${opts.lang === 'en' ? w.en : w.da}\n`);
    });
  program
    .command('screen')
    .description('screen dokumenter for konsekvenser for relationer og fællesskaber')
    .argument('[files...]', 'dokumenterne')
    .option('--ruleset <id|mappe>', 'regelsæt (standard: valgt efter dokumenttype og sprog)')
    .option('--json', 'én JSON-linje pr. fil (relationstjek/screening@1, se docs/screening-json.md)')
    .option('--lang <lang>', 'sprog for udskriften: da eller en')
    .option(
      '--batch <mappe|liste>',
      'screen alle dokumenter i en mappe eller i en liste (én sti pr. linje); kan genoptages efter afbrydelse',
    )
    .option('--out <rapport>', 'med --batch: rapporten; formatet følger endelsen (.json, .csv eller .html)')
    .option('--workers <n>', 'med --batch: antal arbejdstråde (standard: én pr. kerne)')
    .action(
      async (
        files: string[],
        opts: {
          ruleset?: string;
          json?: boolean;
          lang?: string;
          batch?: string;
          out?: string;
          workers?: string;
        },
      ) => {
        if (opts.batch !== undefined || opts.out !== undefined || opts.workers !== undefined) {
          exit = await runBatch({ ...opts, files }, io, {
            bar: io === processIo && process.stderr.isTTY === true,
            handleSignals: io === processIo,
          });
          return;
        }
        if (files.length === 0)
          throw new BadInput(
            'Fejl: angiv mindst ét dokument eller --batch <mappe|liste>.\nError: give at least one document or --batch <folder|list>.',
          );
        for (const file of files) {
          try {
            const doc = parse(await ingest(await readInput(file), { fileName: basename(file) }));
            const ruleset = opts.ruleset ? rulesetByIdOrPath(opts.ruleset) : chooseRuleset(doc);
            const found = detect(doc, ruleset);
            if (opts.json) io.stdout(`${JSON.stringify(screeningJson(file, doc, found))}\n`);
            else
              io.stdout(
                `${formatScreening(file, doc, found, opts.lang === 'en' || (!opts.lang && ruleset.language === 'en') ? 'en' : 'da')}\n`,
              );
          } catch (e) {
            // With several files, one bad file must not stop the others.
            if (files.length === 1 || !(e instanceof IngestError || e instanceof BadInput)) throw e;
            io.stderr(`${file}: ${e instanceof IngestError ? e.da : e.message}\n`);
            exit = EXIT.badInput;
          }
        }
      },
    );
  program
    .command('questions')
    .description('skriv en svarfil med trin 1 udfyldt fra dokumentet og trin 2 som skabeloner')
    .argument('<file>', 'dokumentet')
    .option('--ruleset <id|mappe>', 'regelsæt (standard: valgt efter dokumenttype og sprog)')
    .option('--out <answers.yaml>', 'hvor svarfilen skrives (standard: udskrives)')
    .option('--force', 'overskriv en eksisterende svarfil')
    .action(async (file: string, opts: { ruleset?: string; out?: string; force?: boolean }) => {
      const doc = parse(await ingest(await readInput(file), { fileName: basename(file) }));
      const ruleset = opts.ruleset ? rulesetByIdOrPath(opts.ruleset) : chooseRuleset(doc);
      const body = answersFileText(file, doc, ruleset, detect(doc, ruleset));
      if (!opts.out) {
        io.stdout(body);
        return;
      }
      // Answers are work: an existing file is never overwritten by accident.
      if (existsSync(opts.out) && !opts.force) {
        throw new BadInput(
          `Fejl: ${opts.out} findes allerede; brug --force for at overskrive.\nError: ${opts.out} already exists; use --force to overwrite.`,
        );
      }
      await writeFile(opts.out, body, 'utf8');
      io.stdout(`Svarfilen er skrevet: ${opts.out}\n`);
    });
  program
    .command('assess')
    .description('lav konsekvensnotatet for et dokument ud fra en svarfil fra "relationstjek questions"')
    .argument('<file>', 'dokumentet')
    .option('--answers <answers.yaml>', 'svarfilen (uden den bygger notatet på de ubekræftede forslag)')
    .requiredOption('--out <note.docx>', 'hvor notatet skrives')
    .option('--format <docx|html|json>', 'notatets format', 'docx')
    .option('--mode <a|b>', 'model a (afsnit kun ved væsentlige konsekvenser) eller b (altid, »Ingen«)', 'a')
    .option(
      '--variant <variant>',
      'ministry, network (med udkast til udvalgsspørgsmål) eller municipal (standard: efter dokumenttype)',
    )
    .option(
      '--ruleset <id|mappe>',
      'regelsæt (standard: svarfilens, ellers valgt efter dokumenttype og sprog)',
    )
    .option('--ministry <navn>', 'ministerium eller myndighed')
    .option('--case <nr>', 'sagsnummer')
    .option('--draft <version>', 'udkastets version')
    .option('--prepared-by <navn>', 'udarbejdet af')
    .option('--date <yyyy-mm-dd>', 'notatets dato (standard: i dag)')
    .option('--force', 'overskriv et eksisterende notat')
    .action(
      async (
        file: string,
        opts: {
          answers?: string;
          out: string;
          format: string;
          mode: string;
          variant?: string;
          ruleset?: string;
          ministry?: string;
          case?: string;
          draft?: string;
          preparedBy?: string;
          date?: string;
          force?: boolean;
        },
      ) => {
        const doc = parse(await ingest(await readInput(file), { fileName: basename(file) }));
        const source = opts.answers ? (await readInput(opts.answers)).toString() : undefined;
        const fromFile = source ? answersFileRuleset(source) : undefined;
        const ruleset = opts.ruleset
          ? rulesetByIdOrPath(opts.ruleset)
          : fromFile
            ? loadRulesetById(fromFile)
            : chooseRuleset(doc);
        const loaded = source
          ? readAnswersFile(source, ruleset)
          : {
              answers: { triggers: {}, questions: {} },
              unconfirmed: ruleset.triggers.map((t) => t.id),
              errors: [],
              file: undefined,
            };
        if (loaded.file && loaded.file.document.sha256 !== doc.sha256) {
          io.stderr(
            `Bemærk: svarfilen blev lavet til en anden udgave af dokumentet; notatet beskriver ${file}.\n`,
          );
        }
        for (const e of loaded.errors) io.stderr(`Bemærk: ${e}\n`);
        const when = opts.date ? new Date(`${opts.date}T12:00:00Z`) : new Date();
        const { state, note } = assess({
          doc,
          ruleset,
          answers: loaded.answers,
          unconfirmed: loaded.unconfirmed,
          meta: {
            ministry: opts.ministry,
            caseNumber: opts.case,
            draftVersion: opts.draft,
            preparedBy: opts.preparedBy,
          },
          mode: opts.mode === 'b' ? 'b' : 'a',
          ...(opts.variant === 'network' || opts.variant === 'municipal' || opts.variant === 'ministry'
            ? { variant: opts.variant }
            : {}),
          now: when,
        });
        if (existsSync(opts.out) && !opts.force) {
          throw new BadInput(
            `Fejl: ${opts.out} findes allerede; brug --force for at overskrive.\nError: ${opts.out} already exists; use --force to overwrite.`,
          );
        }
        const body =
          opts.format === 'html'
            ? renderHtml(note)
            : opts.format === 'json'
              ? `${JSON.stringify(note, null, 2)}\n`
              : await renderDocx(note, when);
        await writeFile(opts.out, body);
        io.stdout(`Notatet er skrevet: ${opts.out} (relationel bundlinje: ${note.bottomLine})\n`);
        for (const v of state.visible.filter((x) => !x.answer))
          io.stderr(`Ikke besvaret: ${v.question.id}\n`);
      },
    );
  const rulesets = program.command('rulesets').description('regelsæt: kontrol og test');
  rulesets
    .command('lint')
    .description(
      'kontrollér regelsættene mod skemaet og deres krydsreferencer; alle fejl med fil, sti og linje',
    )
    .argument('[dirs...]', 'regelsæt-mapper (standard: alle i rulesets/)')
    .action((dirs: string[]) => {
      const targets = dirs.length > 0 ? dirs : rulesetIds().map((id) => path.join(RULESETS_DIR, id));
      let failed = 0;
      for (const dir of targets) {
        try {
          const rs = loadRuleset(dir);
          io.stdout(
            `ok  ${rs.id}@${rs.version}: ${rs.themes.length} temaer, ${rs.lexicons.length} leksika, ${rs.rules.length} regler, ${rs.triggers.length} triggere, ${rs.questions.length} spørgsmål\n`,
          );
        } catch (e) {
          if (!(e instanceof RulesetError)) throw e;
          failed++;
          io.stderr(
            `FEJL ${dir}: ${e.problems.length} fejl\n${e.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
          );
        }
      }
      if (failed > 0) exit = EXIT.badInput;
    });
  rulesets
    .command('test')
    .description('kør regelsættenes cases (rulesets/<id>/cases/*.yaml)')
    .argument('[ids...]', 'regelsæt (standard: alle)')
    .action(async (ids: string[]) => {
      let failed = 0;
      for (const id of ids.length > 0 ? ids : rulesetIds()) {
        const rs = loadRulesetById(id);
        const report = await runRulesetCases(rs);
        const bad = report.results.filter((r) => r.failures.length > 0);
        io.stdout(
          `${bad.length === 0 && report.uncovered.length === 0 ? 'ok  ' : 'FEJL'} ${rs.id}@${rs.version}: ${report.results.length - bad.length}/${report.results.length} cases bestået\n`,
        );
        for (const r of bad)
          io.stdout(`  ✗ ${r.file}: ${r.name}\n${r.failures.map((f) => `      ${f}`).join('\n')}\n`);
        for (const u of report.uncovered) io.stdout(`  ✗ ${u}\n`);
        if (bad.length > 0 || report.uncovered.length > 0) failed++;
      }
      if (failed > 0) exit = EXIT.badInput;
    });
  rulesets
    .command('schema')
    .description('udskriv JSON Schema for regelsæt (til editorer)')
    .action(() => io.stdout(`${JSON.stringify(rulesetJsonSchema(), null, 2)}\n`));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      exit = e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    } else if (e instanceof IngestError) {
      io.stderr(`Fejl: ${e.da}\nError: ${e.en}\n`);
      exit = EXIT.badInput;
    } else if (e instanceof RulesetError || e instanceof AnswersFileError) {
      io.stderr(`${e.message}\n`);
      exit = EXIT.badInput;
    } else if (e instanceof BadInput) {
      io.stderr(`${e.message}\n`);
      exit = EXIT.badInput;
    } else {
      io.stderr(`Intern fejl – dokumentet kunne ikke behandles. Internal error: ${(e as Error).message}\n`);
      exit = EXIT.internal;
    }
  }
  return exit;
}
