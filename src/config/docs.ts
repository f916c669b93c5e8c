// docs/configuration.md, written from the declarations (`npm run docs:config`; a unit test fails when it is stale).
import { type Setting, defaultValueOf, settingTopics } from "./settings.js";

const HEADER = `<!-- Written by \`npm run docs:config\` from src/config/settings.ts: change the declarations there, not this file. -->

# Configuration

Everything comes from the environment and is validated at start; a bad value stops the start with a message naming it.
An empty variable counts as unset. \`NODE_ENV=production\` switches the defaults marked "in production" to their strict
values.
`;

/** The Default column: the value when unset, and the production value where it differs. */
function defaultText(declaration: Setting): string {
  const value = defaultValueOf(declaration, false);
  if (value === undefined) return declaration.unset ? `unset: ${declaration.unset}` : "unset";
  const production =
    declaration.production === undefined ? "" : `; \`${String(declaration.production)}\` in production`;
  return `\`${String(value)}\`${production}`;
}

/** A Markdown table padded the way Prettier pads it, so formatting the file leaves it as written. */
function table(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  const [head, ...body] = cells;
  return [line(head!), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

export function configurationDocs(): string {
  const sections = settingTopics.map(({ title, settings }) => {
    const rows = Object.entries(settings).map(([name, declaration]) => {
      if (/\n/.test(declaration.meaning)) throw new Error(`${name}: the meaning must be one line`);
      return [`\`${name}\``, defaultText(declaration), declaration.meaning];
    });
    return `## ${title}\n\n${table(["Variable", "Default", "Meaning"], rows)}\n`;
  });
  return [HEADER, ...sections].join("\n");
}
