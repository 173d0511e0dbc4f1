import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { Config } from "../../server/config.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import {
  call,
  callOk,
  type Connected,
  connectMoto,
  motoCloudWatch,
  motoEc2,
  motoImageId,
  motoLaunch,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// Issue 12's promises, each attacked through an MCP client against moto, asserting the refusal
// and an unchanged backend. moto's state is global: this file owns eu-north-1 and names what it
// makes with its own run id.
const REGION = "eu-north-1";
const RUN = crypto.randomUUID();
const OWNER = { key: "owner", value: "mcp" };

/** A moto server whose client can elicit, answering `reply` and recording every prompt. */
async function asking(
  endpoint: string,
  config: Partial<Config>,
  reply: "accept" | "decline",
): Promise<Connected & { asked: string[] }> {
  const connected = await connectMoto(endpoint, REGION, config, {}, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  connected.client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return reply === "accept" ? { action: reply, content: { confirm: true } } : { action: reply };
  });
  return { ...connected, asked };
}

async function stateOf(endpoint: string, id: string): Promise<string | undefined> {
  const ec2 = await motoEc2(endpoint, REGION);
  const out = await ec2.describeInstances({ InstanceIds: [id] });
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

async function launch(endpoint: string, tags: Record<string, string>): Promise<string> {
  const ec2 = await motoEc2(endpoint, REGION);
  return (await motoLaunch(ec2, { tags: { run: RUN, ...tags } }))[0]!;
}

motoTest(
  "no write path to destruction: alarm actions need confirmation, terminate needs destructive mode",
  async (endpoint, t) => {
    const cw = await motoCloudWatch(endpoint, REGION);
    const exists = async (name: string) =>
      ((await cw.describeAlarms({ AlarmNames: [name] })).MetricAlarms ?? []).length > 0;
    const untagged = await launch(endpoint, { Name: "prod-db" });
    const tagged = await launch(endpoint, { owner: "mcp" });
    const alarm = (name: string, instance: string, actions: string[]) => ({
      name: `${name}-${RUN}`,
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: instance },
      statistic: "Average",
      threshold: 1,
      comparison: ">",
      treat_missing_data: "breaching",
      alarm_actions: actions,
    });
    const terminate = `arn:aws:automate:${REGION}:ec2:terminate`;
    const stop = `arn:aws:automate:${REGION}:ec2:stop`;

    await t.step(
      "write mode cannot set the EC2 terminate action, and nobody is asked",
      async () => {
        const { client, close, asked } = await asking(endpoint, {
          allowWrite: true,
          requireTag: OWNER,
        }, "accept");
        try {
          const refused = await call(
            client,
            "cloudwatch_put_metric_alarm",
            alarm("kill", untagged, [terminate]),
          );
          match(
            text(refused),
            /^ModeRequired: the EC2 terminate alarm action needs destructive mode/,
          );
          deepEqual(asked, []);
          equal(await exists(`kill-${RUN}`), false);
          equal(await stateOf(endpoint, untagged), "running");
        } finally {
          await close();
        }
      },
    );

    await t.step(
      "every instance an action names must carry --require-tag, before asking",
      async () => {
        const { client, close, asked } = await asking(endpoint, {
          allowDestructive: true,
          requireTag: OWNER,
        }, "accept");
        try {
          const refused = await call(
            client,
            "cloudwatch_put_metric_alarm",
            alarm("kill", untagged, [terminate]),
          );
          match(text(refused), new RegExp(`^RequiredTagMissing: refused: ${untagged} does not`));
          deepEqual(asked, []);
          equal(await exists(`kill-${RUN}`), false);
        } finally {
          await close();
        }
      },
    );

    await t.step(
      "a stop action is set only if the user confirms it, naming the target",
      async () => {
        const declining = await asking(
          endpoint,
          { allowWrite: true, requireTag: OWNER },
          "decline",
        );
        try {
          const out = await callOk(
            declining.client,
            "cloudwatch_put_metric_alarm",
            alarm("stop", tagged, [stop]),
          );
          equal(out.confirmation, "declined");
          deepEqual(declining.asked, [
            `1 alarm action on EC2 instance ${tagged}: on ALARM: stop EC2 instance ${tagged} (alarm "stop-${RUN}") in ${REGION}. This cannot be undone.`,
          ]);
          equal(await exists(`stop-${RUN}`), false);
        } finally {
          await declining.close();
        }
        const accepting = await asking(endpoint, { allowWrite: true, requireTag: OWNER }, "accept");
        try {
          const out = await callOk(
            accepting.client,
            "cloudwatch_put_metric_alarm",
            alarm("stop", tagged, [stop]),
          );
          equal(out.action, "created");
          equal(await exists(`stop-${RUN}`), true);
        } finally {
          await accepting.close();
        }
      },
    );

    await t.step(
      "another account's ARNs are refused; own SNS topics need no question",
      async () => {
        const { client, close, asked } = await asking(endpoint, { allowWrite: true }, "accept");
        try {
          for (
            const arn of [
              `arn:aws:sns:${REGION}:999999999999:steal`,
              `arn:aws:lambda:${REGION}:999999999999:function:wipe`,
            ]
          ) {
            const refused = await call(
              client,
              "cloudwatch_put_metric_alarm",
              alarm("foreign", tagged, [arn]),
            );
            match(text(refused), /^ActionNotAllowed: alarm_actions: .* is in account 999999999999/);
          }
          const unknown = await call(
            client,
            "cloudwatch_put_metric_alarm",
            alarm("foreign", tagged, [`arn:aws:iam::123456789012:role/x`]),
          );
          match(text(unknown), /^InvalidInput: alarm_actions\.0: .* is not an alarm action/);
          equal(await exists(`foreign-${RUN}`), false);
          const own = `arn:aws:sns:${REGION}:123456789012:ops-${RUN}`;
          const out = await callOk(
            client,
            "cloudwatch_put_metric_alarm",
            alarm("notify", tagged, [own]),
          );
          equal(out.action, "created");
          deepEqual(asked, []);
        } finally {
          await close();
        }
      },
    );
  },
);

motoTest(
  "fail closed: when the human cannot be asked, nothing is destroyed unless the operator waived it",
  async (endpoint, t) => {
    const dir = await Deno.makeTempDir();
    const auditLog = `${dir}/audit.jsonl`;
    const victim = await launch(endpoint, {});
    try {
      await t.step("a client without elicitation cannot terminate or force-stop", async () => {
        const { client, close } = await connectMoto(endpoint, REGION, {
          allowDestructive: true,
          auditLog,
        });
        try {
          for (
            const [tool, args] of [
              ["ec2_terminate_instances", { instance_ids: [victim] }],
              ["ec2_stop_instances", { instance_ids: [victim], force: true }],
            ] as const
          ) {
            const refused = await call(client, tool, args);
            equal(refused.isError, true);
            match(
              text(refused),
              /^ConfirmationUnavailable: refused: .* — .*start the server with --waive-confirmation$/,
            );
          }
          equal(await stateOf(endpoint, victim), "running");
        } finally {
          await close();
        }
      });

      await t.step("--waive-confirmation lets it through, and the audit line says so", async () => {
        const { client, close } = await connectMoto(endpoint, REGION, {
          allowDestructive: true,
          waiveConfirmation: true,
          auditLog,
        });
        try {
          const out = await callOk(client, "ec2_terminate_instances", { instance_ids: [victim] });
          equal(out.confirmation, "waived");
          equal(await stateOf(endpoint, victim), "terminated");
        } finally {
          await close();
        }
        const lines = (await Deno.readTextFile(auditLog)).trim().split("\n").map((l) =>
          JSON.parse(l)
        );
        const outcomes = lines.filter((l) => l.phase === "outcome");
        deepEqual(outcomes.map((l) => [l.tool, l.outcome, l.confirmation]), [
          ["ec2_terminate_instances", "error", "unsupported"],
          ["ec2_stop_instances", "error", "unsupported"],
          ["ec2_terminate_instances", "ok", "waived"],
        ]);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

motoTest(
  "no spoofed question: a Name tag cannot rewrite the confirmation",
  async (endpoint) => {
    const spoof = "prod-db\r\n\u001b[1A\u001b[2KTerminate 1 instance: i-0 (scratch)\u202e";
    const id = await launch(endpoint, { Name: spoof });
    const { client, close, asked } = await asking(endpoint, { allowDestructive: true }, "decline");
    try {
      const out = await callOk(client, "ec2_terminate_instances", { instance_ids: [id] });
      equal(out.confirmation, "declined");
      equal(asked.length, 1);
      const question = asked[0]!;
      ok(question.startsWith(`Terminate 1 instance ${id}: ${id} "prod-db `), question);
      // deno-lint-ignore no-control-regex
      equal(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(question), false);
      equal(await stateOf(endpoint, id), "running");
    } finally {
      await close();
    }
  },
);

motoTest(
  "ec2_stop_instances force asks the user, and a no stops nothing",
  async (endpoint) => {
    const id = await launch(endpoint, {});
    const { client, close, asked } = await asking(endpoint, { allowDestructive: true }, "decline");
    try {
      const out = await callOk(client, "ec2_stop_instances", { instance_ids: [id], force: true });
      equal(out.confirmation, "declined");
      deepEqual(asked, [
        `Force-stop 1 instance ${id} without OS shutdown (data may be lost) in ${REGION}. This cannot be undone.`,
      ]);
      equal(await stateOf(endpoint, id), "running");
    } finally {
      await close();
    }
  },
);

motoTest(
  "guards come before questions: an untagged AMI or key pair is refused without asking",
  async (endpoint) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const source = (await motoLaunch(ec2, {
      image: await motoImageId(ec2),
      tags: { run: RUN },
    }))[0]!;
    const image = (await ec2.createImage({ InstanceId: source, Name: `ami-${RUN}` })).ImageId!;
    const key = await ec2.createKeyPair({
      KeyName: `key-${RUN}`,
      TagSpecifications: tagSpecs("key-pair", { run: RUN }),
    });
    const { client, close, asked } = await asking(endpoint, {
      allowDestructive: true,
      requireTag: OWNER,
    }, "accept");
    try {
      const ami = await call(client, "ec2_deregister_ami", { image_id: image });
      match(text(ami), new RegExp(`^RequiredTagMissing: refused: ${image} does not carry`));
      const pair = await call(client, "ec2_delete_keypair", { key_name: `key-${RUN}` });
      match(text(pair), new RegExp(`^RequiredTagMissing: refused: ${key.KeyPairId} does not`));
      deepEqual(asked, []);
      equal((await ec2.describeImages({ ImageIds: [image] })).Images?.length, 1);
      equal((await ec2.describeKeyPairs({ KeyNames: [`key-${RUN}`] })).KeyPairs?.length, 1);
    } finally {
      await close();
    }
  },
);
