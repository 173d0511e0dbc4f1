import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { CallToolResult } from "../server/mcp.ts";
import { Client, StdioClientTransport } from "./_mcp.ts";
import { motoTest, text } from "./_helpers.ts";
import { makeTestCa, startConnectProxy, startHttpsStandIn, type TestCa } from "./_tls.ts";

// The paths a real user takes to real AWS: HTTPS with a corporate CA, a proxy, profiles and SSO.
// The server runs as users run it (`deno task start`, the production permissions) against an
// HTTPS stand-in with a throwaway CA in front of moto.

const root = new URL("..", import.meta.url).pathname;
const DENO_DIR = JSON.parse(
  new TextDecoder().decode(
    (await new Deno.Command("deno", { args: ["info", "--json"], stdout: "piped" }).output()).stdout,
  ),
).denoDir as string;
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
let ca: TestCa | undefined;
const testCa = async () => (ca ??= await makeTestCa());

/** A temporary home with ~/.aws files; `files` maps paths under it to contents. */
async function makeHome(files: Record<string, string> = {}): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(`${home}/${path.split("/").slice(0, -1).join("/")}`, { recursive: true });
    await Deno.writeTextFile(`${home}/${path}`, content);
  }
  return home;
}

function baseEnv(home: string, env: Record<string, string>): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: home,
    DENO_DIR,
    NO_COLOR: "1",
    // Deno's own update check would otherwise go through the test's proxy too.
    DENO_NO_UPDATE_CHECK: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    ...env,
  };
}

async function startServer(home: string, env: Record<string, string>, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: "deno",
    args: ["task", "--quiet", "start", ...args],
    cwd: root,
    stderr: "pipe",
    env: baseEnv(home, env),
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => (stderr += new TextDecoder().decode(chunk)));
  const client = new Client({ name: "tls-test", version: "0.0.0" });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    try {
      return await client.callTool({ name, arguments: args }) as CallToolResult;
    } catch (err) {
      // e.g. "Connection closed": the server's own words say why it went away.
      throw new Error(`${name}: ${(err as Error).message}; server stderr:\n${stderr}`);
    }
  };
  return { client, call, stderr: () => stderr, close: () => client.close() };
}

/** Runs `deno task start` expecting it to stop at start; its exit code and stderr. */
async function startFails(home: string, env: Record<string, string>, args: string[] = []) {
  const out = await new Deno.Command("deno", {
    args: ["task", "--quiet", "start", ...args],
    cwd: root,
    env: baseEnv(home, env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr).trim() };
}

const NO_SYS_ERROR = /NotCapable|PermissionDenied|Requires .* access/;

motoTest(
  "HTTPS to AWS works with NODE_EXTRA_CA_CERTS set, without a sys permission",
  async (moto) => {
    const tls = await testCa();
    const standIn = startHttpsStandIn(tls, moto);
    const home = await makeHome({ ".aws/corp-ca.pem": tls.caPem });
    const server = await startServer(home, {
      ...CREDENTIALS,
      NODE_EXTRA_CA_CERTS: `${home}/.aws/corp-ca.pem`,
      AWS_ENDPOINT_URL: standIn.url,
    }, ["--region", "ap-south-2"]);
    try {
      const who = await server.call("aws_whoami");
      equal(who.isError, undefined, text(who));
      const vpcs = await server.call("vpc_list_vpcs");
      equal(vpcs.isError, undefined, text(vpcs));
      ok(standIn.seen.length >= 2, "the calls went through the HTTPS stand-in");
      ok(!NO_SYS_ERROR.test(server.stderr()), server.stderr());
      match(server.stderr(), /extra CAs from NODE_EXTRA_CA_CERTS/);
    } finally {
      await server.close();
      await standIn.close();
      await Deno.remove(home, { recursive: true });
    }
  },
);

motoTest(
  "AWS_CA_BUNDLE and a profile's ca_bundle are trusted; --profile honours endpoint_url",
  async (moto) => {
    const tls = await testCa();
    const standIn = startHttpsStandIn(tls, moto);
    const home = await makeHome({
      ".aws/ca.pem": tls.caPem,
      ".aws/config":
        `[profile corp]\nregion = ap-south-2\nendpoint_url = ${standIn.url}\nca_bundle = ~/.aws/ca.pem\n`,
      ".aws/credentials": "[corp]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    });
    // ca_bundle paths in config files are absolute in practice; the home is only known here.
    await Deno.writeTextFile(
      `${home}/.aws/config`,
      (await Deno.readTextFile(`${home}/.aws/config`)).replace("~", home),
    );
    try {
      const byVariable = await startServer(home, {
        ...CREDENTIALS,
        AWS_CA_BUNDLE: `${home}/.aws/ca.pem`,
        AWS_ENDPOINT_URL: standIn.url,
      }, ["--region", "ap-south-2"]);
      try {
        const who = await byVariable.call("aws_whoami");
        equal(who.isError, undefined, text(who));
      } finally {
        await byVariable.close();
      }
      // Nothing but the flag: region, endpoint and CA all come from the profile.
      const before = standIn.seen.length;
      const byProfile = await startServer(home, {}, ["--profile", "corp"]);
      try {
        const who = await byProfile.call("aws_whoami");
        equal(who.isError, undefined, text(who));
        equal((who.structuredContent as { region: string }).region, "ap-south-2");
        ok(standIn.seen.length > before, "--profile used the profile's endpoint_url");
        match(
          byProfile.stderr(),
          /^aws-mcp \d+\.\d+\.\d+: stdio, read-only, \d+ tools; region ap-south-2 \(profile corp in .*\); profile corp; extra CAs from ca_bundle of profile corp$/m,
        );
      } finally {
        await byProfile.close();
      }
    } finally {
      await standIn.close();
      await Deno.remove(home, { recursive: true });
    }
  },
);

motoTest(
  "a CA bundle Deno's TLS stack refuses starts the server and fails every call, naming it",
  async (moto) => {
    const tls = await testCa();
    const standIn = startHttpsStandIn(tls, moto);
    // Well-formed PEM markers around a certificate that is not one: checked at start for the
    // markers only (parsing a bundle costs ~3 ms of start-up), refused by the first call.
    const home = await makeHome({
      ".aws/bad.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    });
    const server = await startServer(home, {
      ...CREDENTIALS,
      AWS_ENDPOINT_URL: standIn.url,
      AWS_CA_BUNDLE: `${home}/.aws/bad.pem`,
    }, ["--region", "ap-south-2"]);
    try {
      for (let i = 0; i < 2; i++) {
        const who = await server.call("aws_whoami");
        equal(who.isError, true);
        match(
          text(who),
          /^InvalidCaBundle: the CA bundle cannot be loaded: .+ — fix or replace the PEM file AWS_CA_BUNDLE/,
        );
      }
      match(server.stderr(), /extra CAs from AWS_CA_BUNDLE$/m);
      deepEqual(standIn.seen, [], "no request left the process");
    } finally {
      await server.close();
      await standIn.close();
      await Deno.remove(home, { recursive: true });
    }
  },
);

motoTest("an untrusted certificate gives an error naming the CA settings", async (moto) => {
  const tls = await testCa();
  const standIn = startHttpsStandIn(tls, moto);
  const home = await makeHome();
  const server = await startServer(home, {
    ...CREDENTIALS,
    AWS_ENDPOINT_URL: standIn.url,
  }, ["--region", "ap-south-2"]);
  try {
    const who = await server.call("aws_whoami");
    equal(who.isError, true);
    match(
      text(who),
      /^UntrustedCertificate: .*invalid peer certificate.* — .*AWS_CA_BUNDLE.*ca_bundle.*NODE_EXTRA_CA_CERTS/,
    );
    deepEqual(standIn.seen, [], "no request got past the TLS handshake");
  } finally {
    await server.close();
    await standIn.close();
    await Deno.remove(home, { recursive: true });
  }
});

motoTest("AWS calls go through HTTPS_PROXY unless NO_PROXY names the host", async (moto) => {
  const tls = await testCa();
  const standIn = startHttpsStandIn(tls, moto);
  const proxy = startConnectProxy();
  const home = await makeHome({ ".aws/ca.pem": tls.caPem });
  const env = {
    ...CREDENTIALS,
    AWS_CA_BUNDLE: `${home}/.aws/ca.pem`,
    AWS_ENDPOINT_URL: standIn.url,
    HTTPS_PROXY: proxy.url,
  };
  try {
    const proxied = await startServer(home, env, ["--region", "ap-south-2"]);
    try {
      const vpcs = await proxied.call("vpc_list_vpcs");
      equal(vpcs.isError, undefined, text(vpcs));
      ok(proxy.tunnels.includes(`localhost:${standIn.port}`), proxy.tunnels.join(","));
    } finally {
      await proxied.close();
    }
    const tunnels = proxy.tunnels.filter((t) => t.startsWith("localhost:")).length;
    const direct = await startServer(home, { ...env, NO_PROXY: "localhost" }, [
      "--region",
      "ap-south-2",
    ]);
    try {
      const vpcs = await direct.call("vpc_list_vpcs");
      equal(vpcs.isError, undefined, text(vpcs));
      const after = proxy.tunnels.filter((t) => t.startsWith("localhost:")).length;
      equal(after, tunnels, `NO_PROXY bypassed the proxy: ${proxy.tunnels.join(",")}`);
    } finally {
      await direct.close();
    }
  } finally {
    proxy.close();
    await standIn.close();
    await Deno.remove(home, { recursive: true });
  }
});

motoTest(
  "an HTML 500 instead of AWS gives UnexpectedResponse without SDK internals",
  async (moto) => {
    const tls = await testCa();
    const standIn = startHttpsStandIn(
      tls,
      moto,
      () =>
        new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
          status: 500,
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
    );
    const home = await makeHome({ ".aws/ca.pem": tls.caPem });
    const server = await startServer(home, {
      ...CREDENTIALS,
      AWS_CA_BUNDLE: `${home}/.aws/ca.pem`,
      AWS_ENDPOINT_URL: standIn.url,
    }, ["--region", "ap-south-2", "--toolsets", "default,pricing"]);
    try {
      // STS and EC2 speak query/XML, CloudWatch query or CBOR, the Price List API JSON.
      const calls: [string, Record<string, unknown>][] = [
        ["aws_whoami", {}],
        ["vpc_list_vpcs", {}],
        ["cloudwatch_describe_alarms", {}],
        ["ec2_get_ondemand_price", { instance_type: "t3.micro" }],
      ];
      for (const [tool, args] of calls) {
        const result = await server.call(tool, args);
        equal(result.isError, true, tool);
        equal(
          text(result),
          "UnexpectedResponse: the endpoint answered HTTP 500 text/html, not AWS — check AWS_ENDPOINT_URL or your proxy",
          tool,
        );
      }
    } finally {
      await server.close();
      await standIn.close();
      await Deno.remove(home, { recursive: true });
    }
  },
);

/** An SSO portal stand-in in front of moto: GetRoleCredentials answers for one token. */
function ssoStandIn(tls: TestCa, moto: string, token: string) {
  return startHttpsStandIn(tls, moto, (request) => {
    const url = new URL(request.url);
    if (url.pathname !== "/federation/credentials") return undefined;
    if (request.headers.get("x-amz-sso_bearer_token") !== token) {
      return Response.json({ message: "Session token not found or invalid" }, {
        status: 401,
        headers: { "x-amzn-errortype": "UnauthorizedException" },
      });
    }
    return Response.json({
      roleCredentials: {
        accessKeyId: "testing",
        secretAccessKey: "testing",
        sessionToken: "sso-session-token",
        expiration: Date.now() + 3_600_000,
      },
    });
  });
}

async function ssoHome(standIn: string, ca: string, expiresAt: Date, token: string) {
  // The CLI caches an sso-session's token under the SHA-1 of the session name.
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode("corp"));
  const key = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return await makeHome({
    ".aws/ca.pem": ca,
    ".aws/config": [
      "[profile dev]",
      "sso_session = corp",
      "sso_account_id = 123456789012",
      "sso_role_name = ReadOnly",
      "region = ap-south-2",
      `endpoint_url = ${standIn}`,
      "",
      "[sso-session corp]",
      "sso_region = ap-south-2",
      "sso_start_url = https://corp.awsapps.com/start",
      "sso_registration_scopes = sso:account:access",
      "",
    ].join("\n"),
    [`.aws/sso/cache/${key}.json`]: JSON.stringify({
      startUrl: "https://corp.awsapps.com/start",
      region: "ap-south-2",
      accessToken: token,
      expiresAt: expiresAt.toISOString(),
    }),
  });
}

motoTest(
  "SSO profiles work from a cached token; an expired one says how to log in",
  async (moto) => {
    const tls = await testCa();
    const standIn = ssoStandIn(tls, moto, "cached-token");
    const valid = await ssoHome(
      standIn.url,
      tls.caPem,
      new Date(Date.now() + 3_600_000),
      "cached-token",
    );
    const expired = await ssoHome(
      standIn.url,
      tls.caPem,
      new Date(Date.now() - 60_000),
      "old-token",
    );
    // The SSO portal has its own endpoint variable; here it is the same stand-in.
    const env = (home: string) => ({
      AWS_CA_BUNDLE: `${home}/.aws/ca.pem`,
      AWS_ENDPOINT_URL_SSO: standIn.url,
    });
    try {
      const server = await startServer(valid, env(valid), ["--profile", "dev"]);
      try {
        const who = await server.call("aws_whoami");
        equal(who.isError, undefined, text(who));
        ok(standIn.seen.includes("GET /federation/credentials"), standIn.seen.join(","));
      } finally {
        await server.close();
      }
      const stale = await startServer(expired, env(expired), ["--profile", "dev"]);
      try {
        const who = await stale.call("aws_whoami");
        equal(who.isError, true);
        match(text(who), /^SsoLoginRequired: .* — run aws sso login --profile dev, then retry$/);
      } finally {
        await stale.close();
      }
    } finally {
      await standIn.close();
      await Deno.remove(valid, { recursive: true });
      await Deno.remove(expired, { recursive: true });
    }
  },
);

Deno.test("a missing profile, an unreadable config file and a region typo stop the start", async () => {
  const home = await makeHome({
    ".aws/config": "[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-wset-1\n",
    ".aws/credentials": "[ci]\naws_access_key_id = x\naws_secret_access_key = y\n",
  });
  const outside = await Deno.makeTempDir({ prefix: "aws-mcp-elsewhere-" });
  try {
    const missing = await startFails(home, {}, ["--profile", "prod"]);
    equal(missing.code, 2);
    match(missing.stderr, /^aws-mcp: profile prod not found \(profiles: ci, default, dev\)/);
    const byVariable = await startFails(home, { AWS_PROFILE: "prod" });
    match(byVariable.stderr, /^aws-mcp: profile prod \(AWS_PROFILE\) not found/);

    const unreadable = await startFails(home, { AWS_CONFIG_FILE: `${outside}/config` });
    equal(unreadable.code, 2);
    equal(
      unreadable.stderr,
      `aws-mcp: cannot read AWS_CONFIG_FILE ${outside}/config: the sandbox lacks read permission; run deno with --allow-read=${outside}/config (or move the file under ~/.aws)`,
    );
    const credentials = await startFails(home, {
      AWS_SHARED_CREDENTIALS_FILE: `${outside}/credentials`,
    });
    match(credentials.stderr, /cannot read AWS_SHARED_CREDENTIALS_FILE .* --allow-read=/);

    const typo = await startFails(home, { AWS_REGION: "us-east1" });
    equal(typo.code, 2);
    equal(
      typo.stderr,
      'aws-mcp: unknown region "us-east1"; did you mean us-east-1? (from AWS_REGION)',
    );
    const profileTypo = await startFails(home, {}, ["--profile", "dev"]);
    match(
      profileTypo.stderr,
      /unknown region "eu-wset-1"; did you mean eu-west-1\? \(from profile dev/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
