import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  dockerignoreMatcher,
  interpolate,
  lintCompose,
  lintDockerfile,
  lintRepository,
} from "../../scripts/docker-lint.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (name: string) => readFileSync(path.join(root, name), "utf8");
const compose = read("docker-compose.yml");
const dockerfile = read("Dockerfile");
const dockerignore = read(".dockerignore");
const nodeMajor = read(".nvmrc").trim();

const dockerfileProblems = (text: string, ignore = dockerignore) =>
  lintDockerfile({
    text,
    dockerignore: ignore,
    exists: (contextPath) => existsSync(path.join(root, contextPath)),
    nodeMajor,
  }).map((problem) => problem.message);

const composeProblems = (text: string) => lintCompose("docker-compose.yml", text).map((problem) => problem.message);

/** Replaces exactly one occurrence, so a test cannot pass because its edit did not apply. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" occurs once`).toBe(1);
  return text.replace(from, to);
}

describe("npm run docker:lint on this repository", () => {
  it("finds nothing wrong with the Dockerfile, .dockerignore and both compose files", () => {
    expect(lintRepository(root)).toEqual([]);
  });
});

describe("the Dockerfile", () => {
  it("is checked by every rule of dockerfile-utils, and formatted as it formats", () => {
    const problems = dockerfileProblems(
      edit(
        edit(
          dockerfile,
          "WORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit",
          "workdir app\nCOPY --frm=x package.json package-lock.json ./\nRUN npm ci --omit",
        ),
        "USER node\n",
        "  USER node\n",
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "dockerfile-utils: Instructions should be written in uppercase letters",
        "dockerfile-utils: WORKDIR paths should be absolute",
        "dockerfile-utils: Unknown flag: frm",
        expect.stringMatching(/^dockerfile-utils would reformat this line/),
      ]),
    );
  });

  it(`builds every stage on node:${nodeMajor}, the Node major of .nvmrc that CI tests`, () => {
    const stages = dockerfile.match(/^FROM .*/gm)!;
    expect(stages.length).toBeGreaterThan(1);
    expect(stages.every((from) => from.startsWith(`FROM node:${nodeMajor}-`))).toBe(true);
    const [first] = stages;
    expect(dockerfileProblems(edit(dockerfile, first!, "FROM node:20-bookworm-slim AS build"))).toEqual([
      `FROM node:20-bookworm-slim: every stage must be FROM node:${nodeMajor}-... (.nvmrc's major)`,
    ]);
    expect(dockerfileProblems(edit(dockerfile, first!, "FROM debian:trixie-slim AS build"))).toEqual([
      `FROM debian:trixie-slim: every stage must be FROM node:${nodeMajor}-... (.nvmrc's major)`,
    ]);
    // A stage built on an earlier one inherits its Node.
    expect(
      dockerfileProblems(edit(dockerfile, `FROM node:${nodeMajor}-trixie-slim AS deps`, "FROM build AS deps")),
    ).toEqual([]);
  });

  it("copies only what the build context holds after .dockerignore, and only from earlier stages", () => {
    const problems = dockerfileProblems(
      edit(
        dockerfile,
        "COPY src ./src\n",
        "COPY src ./src\nCOPY tools ./tools\nCOPY missing.txt ./\nCOPY --from=nowhere /x /x\nCOPY --from=runtime /y /y\n",
      ),
    );
    expect(problems).toEqual([
      "COPY tools: left out by .dockerignore",
      "COPY missing.txt: not in the build context",
      "COPY --from=nowhere: no earlier stage of that name",
      "COPY --from=runtime: no earlier stage of that name",
    ]);
    // The same COPY passes once .dockerignore lets the directory in.
    expect(
      dockerfileProblems(
        edit(dockerfile, "COPY src ./src\n", "COPY src ./src\nCOPY tools ./tools\n"),
        edit(dockerignore, "\ntools\n", "\n"),
      ),
    ).toEqual([]);
  });
});

describe(".dockerignore patterns", () => {
  it("match from the context root, with ** for any depth and ! to keep", () => {
    const ignored = dockerignoreMatcher("test\n**/node_modules\n*.log\ndocs\n!docs/keep.md\n/data/\nsrc/**/*.snap\n");
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
    expect(ignored("src/a.snap")).toBe(true);
    expect(ignored("src/deep/er/a.snap")).toBe(true);
  });
});

describe("the compose files", () => {
  it("are interpolated as Compose does with nothing set: defaults, a stand-in for required values, $$", () => {
    expect(interpolate("${PUBLISH_ADDRESS:-127.0.0.1}:${API_PORT-8000}:8000")).toBe("127.0.0.1:8000:8000");
    expect(interpolate("${JWT_SECRET:?set JWT_SECRET}")).toBe("required-value");
    expect(interpolate("$$HOME ${UNSET} $UNSET")).toBe("$HOME  ");
  });

  it("refuse what the Compose Specification does not allow", () => {
    expect(
      composeProblems(edit(compose, "condition: service_healthy\n    redis:", "condition: healthy\n    redis:")),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^compose-spec: \/services\/app\/depends_on\/postgres\/condition must be equal to one of the allowed values/,
        ),
      ]),
    );
    expect(
      composeProblems(
        edit(
          compose,
          "  stop_grace_period: 30s\n\nservices:",
          "  stop_grace_period: 30s\n  restrat: always\n\nservices:",
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^compose-spec: \/services\/app must NOT have additional properties .*restrat/),
      ]),
    );
    expect(
      composeProblems(
        edit(
          compose,
          "      interval: 5s\n      timeout: 3s\n      retries: 10\n      start_period: 10s",
          "      interval: 5 seconds\n      timeout: 3s\n      retries: 10\n      start_period: 10s",
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^compose-spec: \/services\/postgres\/healthcheck\/interval must match format "duration"/),
    ]);
    expect(
      composeProblems(
        edit(compose, '"${PUBLISH_ADDRESS:-127.0.0.1}:${API_PORT:-8000}:8000"', '"localhost:eighty:8000"'),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^compose-spec: \/services\/app\/ports\/0 must match format "ports"/),
      ]),
    );
  });

  it("report YAML mistakes with their line", () => {
    const problems = lintCompose(
      "docker-compose.yml",
      edit(compose, "    LOG_LEVEL:", "    NODE_ENV: test\n    LOG_LEVEL:"),
    );
    expect(problems).toEqual([
      {
        file: "docker-compose.yml",
        line: expect.any(Number),
        message: expect.stringMatching(/^YAML: Map keys must be unique/),
      },
    ]);
  });
});
