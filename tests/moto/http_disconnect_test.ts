import { equal, ok } from "node:assert/strict";
import { AwsClients } from "../../aws/clients.ts";
import { defaultConfig } from "../../server/config.ts";
import { serveHttp } from "../../server/http.ts";
import { serverFactory } from "../../server/server.ts";
import { ec2Tools } from "../../tools/ec2/mod.ts";
import { motoTest, useMotoCredentials } from "../_helpers.ts";
import { startLossyProxy } from "../_lossy_proxy.ts";

const REGION = "eu-north-1";
const TOKEN = "disconnect-test-token";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

motoTest(
  "over HTTP a client that disconnects cancels its call: no AWS request after it left",
  async (endpoint) => {
    useMotoCredentials();
    // A slow AWS: every request takes 200 ms, so an all-region fan-out takes several rounds.
    const proxy = startLossyProxy(endpoint, () => false, { delayMs: 200 });
    const aws = new AwsClients({
      profile: undefined,
      region: REGION,
      userAgent: "aws-mcp-test",
      endpoint: proxy.url,
    });
    const factory = serverFactory({ ...defaultConfig(), region: REGION }, {
      aws,
      inventory: [...ec2Tools],
    });
    const http = serveHttp(factory, { host: "127.0.0.1", port: 0, token: TOKEN, log: () => {} });
    const leaving = new AbortController();
    try {
      const call = fetch(`http://127.0.0.1:${http.addr.port}/mcp`, {
        method: "POST",
        signal: leaving.signal,
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${TOKEN}`,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "ec2_list_instances", arguments: { regions: ["all"] } },
        }),
      }).then((r) => r.text()).catch(() => "left");
      // Wait until the fan-out is under way (the region list, then the first regions).
      while (!proxy.requests.some((b) => b.startsWith("Action=DescribeInstances&"))) {
        await sleep(
          20,
        );
      }
      leaving.abort();
      equal(await call, "left");
      await sleep(400); // requests already on the wire may still arrive
      const atLeave = proxy.requests.length;
      await sleep(1_500);
      equal(proxy.requests.length, atLeave, "AWS requests went on after the client left");
      const regions = proxy.requests.filter((b) =>
        b.startsWith("Action=DescribeInstances&")
      ).length;
      ok(regions < 20, `${regions} regions were still asked`);
    } finally {
      await http.shutdown();
      await proxy.close();
    }
  },
);
