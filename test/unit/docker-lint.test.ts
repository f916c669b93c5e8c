import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  dockerignoreMatcher,
  type Interpolation,
  interpolateString,
  lintCompose,
  lintDockerfile,
  lintRepository,
  loadComposeFile,
  mergeCompose,
  nodeImage,
} from "../../scripts/docker-lint.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (name: string) => readFileSync(path.join(root, name), "utf8");
const base = read("docker-compose.yml");
const production = read("docker-compose.prod.yml");
const dockerfile = read("Dockerfile");
const dockerignore = read(".dockerignore");
const nodeMajor = read(".nvmrc").trim();
const image = nodeImage(nodeMajor);

const composeProblems = (baseText: string, productionText = production) =>
  lintCompose({
    base: { file: "docker-compose.yml", text: baseText },
    production: { file: "docker-compose.prod.yml", text: productionText },
  }).map((problem) => `${problem.file}: ${problem.message}`);

/** `ignore` null: no .dockerignore at all. */
const dockerfileProblems = (text: string, ignore: string | null = dockerignore) =>
  lintDockerfile({
    file: "Dockerfile",
    text,
    dockerignore: ignore ?? undefined,
    exists: (contextPath) => existsSync(path.join(root, contextPath)),
    nodeMajor,
  }).map((problem) => problem.message);

/** Replaces exactly one occurrence, so a test cannot pass because its edit did not apply. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" occurs once`).toBe(1);
  return text.replace(from, to);
}

describe("npm run docker:lint on this repository", () => {
  it("finds nothing wrong with the committed Dockerfile, compose files and .dockerignore", () => {
    expect(lintRepository(root).problems).toEqual([]);
  });
});

describe("compose interpolation", () => {
  const run = (text: string, environment: Record<string, string>) => {
    const found: Interpolation = { required: new Map(), unsetWithoutDefault: new Set() };
    return { value: interpolateString(text, environment, found), found };
  };

  it("follows Compose's operators", () => {
    expect(run("${A:-x}", { A: "" }).value).toBe("x");
    expect(run("${A-x}", { A: "" }).value).toBe("");
    expect(run("${A-x}", {}).value).toBe("x");
    expect(run("${A:+set}", { A: "1" }).value).toBe("set");
    expect(run("${A:+set}", {}).value).toBe("");
    expect(run("$A and ${B}", { A: "1", B: "2" }).value).toBe("1 and 2");
    expect(run("$$HOME", {}).value).toBe("$HOME");
    expect(run("${A:-${B:-z}}", {}).value).toBe("z");
  });

  it("records required and unset variables", () => {
    const required = run("${JWT_SECRET:?set it}", {});
    expect(required.found.required.get("JWT_SECRET")).toBe("set it");
    expect(run("${JWT_SECRET:?set it}", { JWT_SECRET: "s" }).value).toBe("s");
    expect([...run("${NOPE}", {}).found.unsetWithoutDefault]).toEqual(["NOPE"]);
  });

  it("merges the production file like docker compose -f -f", () => {
    const merged = mergeCompose(
      loadComposeFile("a", base, {}).config,
      loadComposeFile("b", production, { JWT_SECRET: "j".repeat(32), POSTGRES_PASSWORD: "pw" }).config,
    ) as any;
    expect(merged.services.app.environment).toMatchObject({
      NODE_ENV: "production",
      JWT_SECRET: "j".repeat(32),
      DATABASE_URL: "postgresql://ocpp:pw@postgres:5432/ocpp",
      REDIS_URL: "redis://redis:6379",
    });
    expect(merged.services.app.ports).toEqual(["127.0.0.1:8000:8000", "127.0.0.1:9000:9000"]);
    expect(merged.services.postgres.restart).toBe("unless-stopped");
    expect(merged.services.postgres.image).toBe("postgres:16-alpine");
  });
});

describe("compose rules", () => {
  it("refuses published database ports", () => {
    const problems = composeProblems(
      edit(base, "    image: postgres:16-alpine\n", '    image: postgres:16-alpine\n    ports: ["5432:5432"]\n'),
    );
    expect(problems).toContain("docker-compose.yml: postgres: publishes ports; only the app may reach the database");
  });

  it("refuses a JWT_SECRET written into the production file", () => {
    const problems = composeProblems(
      base,
      edit(
        production,
        "JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET (32+ characters) in the environment or .env}",
        "JWT_SECRET: a-secret-in-the-repository-0123456789",
      ),
    );
    expect(problems.some((problem) => problem.includes("JWT_SECRET must come from the environment"))).toBe(true);
  });

  it("refuses a production service without a restart policy", () => {
    const problems = composeProblems(base, edit(production, "  redis:\n    restart: unless-stopped\n", "  redis:\n"));
    expect(problems).toContain("docker-compose.yml + docker-compose.prod.yml: redis: no restart policy");
  });

  it("refuses what the Compose Specification does not allow", () => {
    const wrongCondition = composeProblems(
      edit(base, "condition: service_healthy\n    redis:", "condition: healthy\n    redis:"),
    );
    expect(wrongCondition.some((p) => p.includes("compose-spec: /services/app/depends_on/postgres/condition"))).toBe(
      true,
    );
    const unknownKey = composeProblems(
      edit(base, "    stop_grace_period: 30s\n", "    stop_grace_period: 30s\n    restrat: always\n"),
    );
    expect(unknownKey.some((p) => p.includes("must NOT have additional properties (restrat)"))).toBe(true);
    const badDuration = composeProblems(
      edit(
        base,
        "      interval: 5s\n      timeout: 3s\n      retries: 10\n      start_period: 10s",
        "      interval: 5 seconds\n      timeout: 3s\n      retries: 10\n      start_period: 10s",
      ),
    );
    expect(
      badDuration.some((p) => p.includes('/services/postgres/healthcheck/interval: must match format "duration"')),
    ).toBe(true);
  });

  it("refuses the wrong database versions, missing healthchecks and dependencies", () => {
    const problems = composeProblems(
      edit(
        edit(base, "image: redis:7-alpine", "image: redis:6-alpine"),
        "    redis:\n      condition: service_healthy\n",
        "",
      ),
    );
    expect(problems).toContain('docker-compose.yml: redis: image must be redis:7.x (is "redis:6-alpine")');
    expect(problems).toContain("docker-compose.yml: app: depends_on redis must have condition: service_healthy");
  });

  it("reports YAML mistakes with their line", () => {
    const problems = lintCompose({
      base: {
        file: "docker-compose.yml",
        text: edit(base, "    LOG_LEVEL:", "    NODE_ENV: test\n    LOG_LEVEL:"),
      },
      production: { file: "docker-compose.prod.yml", text: production },
    });
    expect(problems[0]).toMatchObject({ file: "docker-compose.yml", line: expect.any(Number) });
    expect(problems[0]!.message).toMatch(/^YAML: Map keys must be unique/);
  });
});

describe("Dockerfile rules", () => {
  it("refuses a runtime that runs as root", () => {
    expect(dockerfileProblems(edit(dockerfile, "USER node\n", ""))).toContain(
      "the runtime stage has no USER: it would run as root",
    );
    expect(dockerfileProblems(edit(dockerfile, "USER node\n", "USER root\n"))).toContain(
      "the runtime stage runs as root",
    );
  });

  it("wants every Node stage on the Node major of .nvmrc, the one CI tests", () => {
    expect(dockerfile.split(`FROM ${image} AS `).length - 1).toBe(3);
    expect(
      dockerfileProblems(edit(dockerfile, `FROM ${image} AS build`, "FROM node:20-bookworm-slim AS build")),
    ).toEqual([`FROM node:20-bookworm-slim: Node stages must be FROM ${image} (the Node major in .nvmrc)`]);
    const otherMajor = String(Number(nodeMajor) + 2);
    const afterNvmrcChange = lintDockerfile({
      file: "Dockerfile",
      text: dockerfile,
      dockerignore,
      exists: (contextPath) => existsSync(path.join(root, contextPath)),
      nodeMajor: otherMajor,
    }).map((problem) => problem.message);
    expect(afterNvmrcChange).toHaveLength(3);
    expect(afterNvmrcChange[0]).toBe(
      `FROM ${image}: Node stages must be FROM ${nodeImage(otherMajor)} (the Node major in .nvmrc)`,
    );
  });

  it("refuses dev dependencies in the runtime and a single stage", () => {
    const fullInstall = dockerfileProblems(
      edit(
        dockerfile,
        "COPY --from=deps /app/node_modules ./node_modules\n",
        "COPY package-lock.json ./\nRUN npm ci\n",
      ),
    );
    expect(fullInstall).toContain("the runtime stage installs dev dependencies: npm ci");
    expect(fullInstall).toContain("the runtime's node_modules must come from `npm ci --omit=dev`");
    const single =
      `FROM ${image}\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nEXPOSE 8000 9000\n` +
      'HEALTHCHECK CMD ["node", "scripts/healthcheck.mjs"]\nCMD ["node", "--import", "tsx", "src/main.ts"]\n';
    expect(dockerfileProblems(single)).toEqual(["not multi-stage: build in one stage, run from a small one"]);
  });

  it("refuses a missing HEALTHCHECK, a shell-form CMD, unpinned images and unknown instructions", () => {
    const problems = dockerfileProblems(
      edit(
        edit(
          edit(
            dockerfile,
            'HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]\n',
            "",
          ),
          'CMD ["node", "--import", "tsx", "src/main.ts"]',
          "CMD node --import tsx src/main.ts",
        ),
        `FROM ${image} AS deps\nWORKDIR /app\n`,
        "FROM node:latest AS deps\nWORKDRI /app\n",
      ),
    );
    expect(problems).toContain("the runtime stage has no HEALTHCHECK");
    expect(problems).toContain("CMD must be in exec form ([...]) so that the server gets SIGTERM");
    expect(problems).toContain("FROM node:latest: pin a tag (not latest)");
    expect(problems.some((problem) => problem.startsWith("dockerfile-utils: Unknown instruction: WORKDRI"))).toBe(true);
  });

  it("refuses COPY sources that the build context does not have", () => {
    const problems = dockerfileProblems(
      edit(
        dockerfile,
        "COPY src ./src\n",
        "COPY src ./src\nCOPY test ./test\nCOPY missing.txt ./\nCOPY --from=nowhere /x /x\n",
      ),
    );
    expect(problems).toContain("COPY test: left out by .dockerignore");
    expect(problems).toContain("COPY missing.txt: not in the build context");
    expect(problems).toContain("COPY --from=nowhere: no such stage");
  });

  it("wants a .dockerignore that leaves out node_modules, .git and .env", () => {
    expect(dockerfileProblems(dockerfile, null)).toContain(
      "no .dockerignore: node_modules, .git and .env would enter the build context",
    );
    expect(dockerfileProblems(dockerfile, "node_modules\ntools\ntest\nbench\n")).toEqual([
      ".dockerignore does not leave out .git",
      ".dockerignore does not leave out .env",
    ]);
  });

  it("keeps development code (the simulator in tools/, tests, benchmarks) out of the image", () => {
    expect(dockerfileProblems(dockerfile, edit(dockerignore, "\ntools\n", "\n"))).toEqual([
      ".dockerignore does not leave out tools (development only)",
    ]);
    expect(dockerfileProblems(dockerfile, ".git\n.env\nnode_modules\n")).toEqual([
      ".dockerignore does not leave out tools (development only)",
      ".dockerignore does not leave out test (development only)",
      ".dockerignore does not leave out bench (development only)",
    ]);
    expect(dockerfileProblems(edit(dockerfile, "COPY src ./src\n", "COPY src ./src\nCOPY tools ./tools\n"))).toEqual([
      "COPY tools: left out by .dockerignore",
    ]);
  });
});

describe(".dockerignore patterns", () => {
  it("match from the context root, with ** for any depth and ! to keep", () => {
    const ignored = dockerignoreMatcher("test\n**/node_modules\n*.log\ndocs\n!docs/keep.md\n/data/\n");
    expect(ignored("test")).toBe(true);
    expect(ignored("test/unit/a.ts")).toBe(true);
    expect(ignored("web/src/test/mock.ts")).toBe(false);
    expect(ignored("node_modules")).toBe(true);
    expect(ignored("web/node_modules/x")).toBe(true);
    expect(ignored("npm-debug.log")).toBe(true);
    expect(ignored("logs/a.log")).toBe(false);
    expect(ignored("docs/a.md")).toBe(true);
    expect(ignored("docs/keep.md")).toBe(false);
    expect(ignored("data/pglite")).toBe(true);
    expect(ignored("./src")).toBe(false);
  });
});
