import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Every relative link in README.md and docs/*.md points at a file that exists, and a link to a heading of a markdown
// file (`operating.md#containers`) at a heading that exists, so moving text between them cannot leave a reader stranded.

const root = fileURLToPath(new URL("../../", import.meta.url));
const documents = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The markdown outside fenced code blocks, with inline code spans blanked out. */
function prose(markdown: string): string {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return "";
      }
      return fenced ? "" : line.replace(/`+[^`]*`+/g, "``");
    })
    .join("\n");
}

/** GitHub's anchors for a markdown file's headings: lower case, punctuation dropped, spaces to dashes, -1 for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6} (.+)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

function relativeLinks(markdown: string): string[] {
  // [text](target) and ![alt](target); a title after the target ("…") is not used in these files.
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

it("finds the documents and their links", () => {
  expect(documents).toContain("docs/operating.md");
  expect(relativeLinks(readFileSync(join(root, "README.md"), "utf8")).length).toBeGreaterThan(10);
});

it.each(documents)("every relative link in %s resolves", (document) => {
  const path = join(root, document);
  const broken: string[] = [];
  for (const link of relativeLinks(readFileSync(path, "utf8"))) {
    const [file = "", anchor] = link.split("#");
    const target = file === "" ? path : join(dirname(path), decodeURIComponent(file));
    if (!existsSync(target)) {
      broken.push(`${link}: no file ${relative(root, target)}`);
      continue;
    }
    if (anchor && target.endsWith(".md") && statSync(target).isFile()) {
      if (!anchors(readFileSync(target, "utf8")).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${relative(root, target)}`);
      }
    }
  }
  expect(broken).toEqual([]);
});
