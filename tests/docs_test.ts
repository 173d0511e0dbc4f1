import { equal, ok } from "node:assert/strict";
import { allTools } from "../tools/mod.ts";
import { catalogue, generatedReadme } from "../scripts/docs.ts";

Deno.test("README's tool table and IAM policy match the tool definitions (run deno task docs)", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  equal(readme, await generatedReadme(readme), "README.md has drifted: run `deno task docs`");
  for (const tool of allTools) {
    ok(readme.includes(`\`${tool.name}\``), `${tool.name} missing from README`);
  }
});

Deno.test("server/catalogue.json holds exactly the listings the tools produce (run deno task docs)", async () => {
  const cached = await Deno.readTextFile(new URL("../server/catalogue.json", import.meta.url));
  equal(cached, catalogue(), "server/catalogue.json has drifted: run `deno task docs`");
});
