import { equal, match } from "node:assert/strict";
import { AwsClients } from "../../aws/clients.ts";
import { defaultConfig } from "../../server/config.ts";
import { type HttpEndpoint, serveHttp } from "../../server/http.ts";
import { serverFactory } from "../../server/server.ts";
import { motoEc2, motoLaunch, motoTest, useMotoCredentials } from "../_helpers.ts";
import { rawModernCall } from "../_mcp.ts";

// The 2026-07-28 confirmation attacked over HTTP against moto: two replicas sharing the key, raw
// requests for what a client library would never send, and the instance's state as the proof.
// moto is shared: this file touches only the instances it launches, by id.
const REGION = "ap-northeast-3";
const TOKEN = "confirmation-2026-token-0123456789";
const RUN = crypto.randomUUID();

/** One raw 2026-07-28 call of ec2_terminate_instances. */
const terminate = (
  endpoint: HttpEndpoint,
  ids: string[],
  extra: Record<string, unknown> = {},
) =>
  rawModernCall(
    `http://127.0.0.1:${endpoint.addr.port}/mcp`,
    TOKEN,
    "ec2_terminate_instances",
    { instance_ids: ids },
    extra,
  );

const yes = { confirm: { action: "accept", content: { confirm: true } } };

motoTest(
  "2026 confirmation on moto: a challenge from replica A is honoured by replica B once; forged, altered, mismatched and replayed ones terminate nothing",
  async (moto) => {
    useMotoCredentials();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const replica = () =>
      serveHttp(
        serverFactory(
          { ...defaultConfig(), region: REGION, allowDestructive: true, transport: "http" },
          {
            confirmKey: key,
            aws: new AwsClients({
              profile: undefined,
              region: REGION,
              userAgent: "aws-mcp-test",
              endpoint: moto,
            }),
          },
        ),
        { host: "127.0.0.1", port: 0, token: TOKEN, log: () => {} },
      );
    const [a, b] = [replica(), replica()];
    const ec2 = await motoEc2(moto, REGION);
    const [first, second] = await motoLaunch(ec2, { count: 2, tags: { run: RUN } });
    const state = async (id: string) =>
      (await ec2.describeInstances({ InstanceIds: [id] })).Reservations?.[0]?.Instances?.[0]
        ?.State?.Name;
    try {
      const asked = await terminate(a, [first!]);
      equal(asked.result?.resultType, "input_required");
      match(
        JSON.stringify(asked.result?.inputRequests),
        new RegExp(`Terminate 1 instance ${first}`),
      );
      const challenge = String(asked.result?.requestState);
      equal(await state(first!), "running");

      // Pre-confirmed without a challenge: asked again, nothing done.
      const pre = await terminate(b, [second!], { inputResponses: yes });
      equal(pre.result?.resultType, "input_required");
      // Forged and altered challenges: refused before the tool runs.
      const forged = await terminate(b, [first!], {
        requestState: "v1.e30.AAAA",
        inputResponses: yes,
      });
      equal(forged.error?.code, -32602);
      const altered = await terminate(b, [first!], {
        requestState: `${challenge}x`,
        inputResponses: yes,
      });
      equal(altered.error?.code, -32602);
      // The challenge for the first instance cannot terminate the second.
      const other = await terminate(b, [second!], { requestState: challenge, inputResponses: yes });
      match(JSON.stringify(other.result?.content), /ConfirmationMismatch/);
      equal(await state(first!), "running");
      equal(await state(second!), "running");

      // Answered on replica B: honoured once.
      const done = await terminate(b, [first!], { requestState: challenge, inputResponses: yes });
      equal((done.result?.structuredContent as { confirmation: string }).confirmation, "accepted");
      match(String(await state(first!)), /shutting-down|terminated/);
      const again = await terminate(b, [first!], { requestState: challenge, inputResponses: yes });
      match(JSON.stringify(again.result?.content), /ConfirmationReplayed/);
      equal(await state(second!), "running");
    } finally {
      await Promise.all([a.shutdown(), b.shutdown()]);
    }
  },
);
