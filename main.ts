/** aws-mcp: flags -> Config -> createServer -> stdio. */
import { serveStdio } from "./server/mcp.ts";
import { parseCli } from "./server/cli.ts";
import { catalogueEntries } from "./server/catalogue.ts";
import { serverFactory } from "./server/server.ts";
import { prepareStart, startLine } from "./server/startup.ts";

if (import.meta.main) {
  const outcome = parseCli(Deno.args, Deno.env.toObject(), catalogueEntries());
  if (outcome.action === "exit") {
    if (outcome.stdout) console.log(outcome.stdout);
    if (outcome.stderr) console.error(outcome.stderr);
    Deno.exit(outcome.code);
  }
  const start = prepareStart(outcome.config, Deno.env.toObject());
  if (!start.ok) {
    console.error(start.message);
    Deno.exit(2);
  }
  const { config, setup } = start;
  // Deno grants writes per path; say so at start rather than on the first mutation.
  const writable = (path: string) =>
    Deno.permissions.querySync({ name: "write", path }).state === "granted";
  if (config.auditLog && !writable(config.auditLog)) {
    console.error(
      `aws-mcp: --audit-log ${config.auditLog}: no write permission; put it under ~/.local/state/aws-mcp or run deno with --allow-write=${config.auditLog}`,
    );
    Deno.exit(2);
  }
  // The audit log is opened now and the directories checked: no mutation runs unlogged.
  const { checkStart } = await import("./server/start_checks.ts");
  const prepared = await checkStart(config, {
    // The region the setup check resolved (flag, AWS_REGION or the profile), without the SDK.
    defaultRegion: () =>
      setup.region ? Promise.resolve(setup.region) : Promise.reject(new Error("no region")),
  }).catch((err: Error) => {
    console.error(`aws-mcp: ${err.message}`);
    Deno.exit(2);
  });
  if ((config.allowWrite || config.allowDestructive) && !writable(config.keysDir)) {
    console.error(
      `aws-mcp: warning: --keys-dir ${config.keysDir} is not writable; ec2_create_keypair will fail`,
    );
  }
  for (const warning of setup.warnings) console.error(`aws-mcp: warning: ${warning}`);
  console.error(startLine(config, setup, catalogueEntries()));
  const factory = serverFactory(config, { audit: prepared.audit, confirmKey: prepared.confirmKey });
  if (config.transport === "http") {
    // Loaded only here: stdio users never pay for the HTTP transport.
    const { serveHttp } = await import("./server/http.ts");
    const { resolveHttpToken } = await import("./server/start_checks.ts");
    const token = await resolveHttpToken(config).catch((err: Error) => {
      console.error(`aws-mcp: ${err.message}`);
      Deno.exit(2);
    });
    let endpoint: ReturnType<typeof serveHttp>;
    try {
      endpoint = serveHttp(factory, {
        ...config.http,
        token,
        onListen: ({ hostname, port }) =>
          console.error(
            `aws-mcp: serving MCP at http://${
              hostname.includes(":") ? `[${hostname}]` : hostname
            }:${port}/mcp`,
          ),
      });
    } catch (err) {
      // e.g. NotCapable: the permission set does not cover this address.
      console.error(
        `aws-mcp: --host ${config.http.host} --port ${config.http.port}: cannot listen (${
          (err as Error).message
        }); use 127.0.0.1, ::1 or localhost, or grant --allow-net for this address`,
      );
      Deno.exit(2);
    }
    // SIGTERM (ECS, Kubernetes) and Ctrl-C: stop accepting, let in-flight calls finish, exit.
    const drain = async () => {
      await endpoint.shutdown();
      Deno.exit(0);
    };
    if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", drain);
    Deno.addSignalListener("SIGINT", drain);
    await endpoint.finished;
  } else {
    // The SDK's stdio entry: the client's opening decides the era (2025-11-25 or 2026-07-28).
    serveStdio(factory);
  }
}
