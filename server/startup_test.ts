import { equal } from "node:assert/strict";
import { allTools } from "../tools/mod.ts";
import { defaultConfig } from "./config.ts";
import { startLine } from "./startup.ts";
import { VERSION } from "./version.ts";

Deno.test("the start line names version, transport, mode, tool count, region, profile and CAs", () => {
  const setup = {
    profile: "dev",
    region: "eu-west-1",
    regionSource: "AWS_REGION",
    caCerts: ["pem"],
    caSources: ["AWS_CA_BUNDLE"],
    warnings: [],
  };
  const reads = allTools.filter((t) => t.access === "read").length;
  equal(
    startLine(defaultConfig(), setup, allTools),
    `aws-mcp ${VERSION}: stdio, read-only, ${reads} tools; region eu-west-1 (AWS_REGION); profile dev; extra CAs from AWS_CA_BUNDLE`,
  );
  equal(
    startLine({ ...defaultConfig(), allowWrite: true, transport: "http" }, {
      ...setup,
      profile: undefined,
      region: undefined,
      regionSource: undefined,
      caSources: [],
    }, allTools).replace(/\d+ tools/, "N tools"),
    `aws-mcp ${VERSION}: http, read and write, N tools; region none (tools need a region argument); profile default chain`,
  );
});
