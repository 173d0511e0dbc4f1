import { equal, ok } from "node:assert/strict";
import { allTools } from "../tools/mod.ts";
import {
  catalogue,
  firstSentence,
  generatedReadme,
  generatedReference,
  listings,
  toolModulesSource,
} from "../scripts/docs.ts";

Deno.test("README's tool table and IAM policy match the tool definitions (run deno task docs)", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  equal(readme, await generatedReadme(readme), "README.md has drifted: run `deno task docs`");
  for (const tool of allTools) {
    ok(readme.includes(`\`${tool.name}\``), `${tool.name} missing from README`);
  }
});

Deno.test("server/catalogue.json holds exactly the tools' metadata (run deno task docs)", async () => {
  const cached = await Deno.readTextFile(new URL("../server/catalogue.json", import.meta.url));
  equal(cached, await catalogue(), "server/catalogue.json has drifted: run `deno task docs`");
});

Deno.test("server/listings.json holds exactly the listings the tools produce (run deno task docs)", async () => {
  const cached = await Deno.readTextFile(new URL("../server/listings.json", import.meta.url));
  equal(cached, listings(), "server/listings.json has drifted: run `deno task docs`");
});

Deno.test("docs/tools.md is the generated tool reference (run deno task docs)", async () => {
  const reference = await Deno.readTextFile(new URL("../docs/tools.md", import.meta.url));
  equal(reference, await generatedReference(), "docs/tools.md has drifted: run `deno task docs`");
  for (const tool of allTools) {
    ok(reference.includes(`### \`${tool.name}\``), `${tool.name} missing from docs/tools.md`);
  }
});

Deno.test("the README's one-line descriptions are not cut at an abbreviation", () => {
  equal(
    firstSentence("Change settings, e.g. http_tokens. Returns the new ones."),
    "Change settings, e.g. http_tokens",
  );
  equal(
    firstSentence("Attach as device (e.g. /dev/sdf). Waits."),
    "Attach as device (e.g. /dev/sdf)",
  );
  equal(firstSentence("One sentence only."), "One sentence only");
  equal(firstSentence("Rows | counts"), "Rows \\| counts");
});

Deno.test("server/tool_modules.ts imports exactly the modules that export tools (run deno task docs)", async () => {
  const cached = await Deno.readTextFile(new URL("../server/tool_modules.ts", import.meta.url));
  equal(
    cached,
    await toolModulesSource(),
    "server/tool_modules.ts has drifted: run `deno task docs`",
  );
});
