import { deepEqual, equal, match, ok } from "node:assert/strict";
import { SECRET_CASES } from "../_secrets_corpus.ts";
import { getUserData } from "../../tools/ec2/get_user_data.ts";
import { call, callOk, connectMoto, motoEc2, motoLaunch, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file runs in us-west-2 and only reads the instances it launched,
// tagged with its own run id.
const REGION = "us-west-2";
const RUN = crypto.randomUUID();
const SCRIPT = `#!/bin/bash\n# run ${RUN}\nexport API_TOKEN=abc123def456\nsystemctl start nginx\n`;
const MASKED = `#!/bin/bash\n# run ${RUN}\nexport API_TOKEN=***MASKED***\nsystemctl start nginx\n`;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const utf8 = (s: string) => new TextEncoder().encode(s);
async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

motoTest("ec2_get_user_data decodes, gunzips and masks user data", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  // The SDK v3 sends UserData as given: RunInstances wants it base64-encoded by the caller.
  const launch = async (userData?: string) =>
    (await motoLaunch(ec2, { tags: { run: RUN }, ...(userData ? { UserData: userData } : {}) }))[
      0
    ] as string;
  const plain = await launch(b64(utf8(SCRIPT)));
  const zipped = await launch(b64(await gzip(utf8(SCRIPT))));
  const binary = await launch(b64(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff])));
  const none = await launch();

  const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [getUserData] });
  const get = (instance_id: string, extra: Record<string, unknown> = {}) =>
    callOk(client, "ec2_get_user_data", { instance_id, ...extra });
  const bytes = utf8(SCRIPT).length;
  try {
    await t.step("plain user data comes back decoded with the token masked", async () => {
      deepEqual(await get(plain), {
        account: "123456789012",
        region: REGION,
        instance_id: plain,
        user_data: MASKED,
        bytes,
        truncated: false,
        masked_values: 1,
        binary: false,
        gzip: false,
      });
    });

    await t.step("gzip-compressed user data is decompressed", async () => {
      const out = await get(zipped);
      equal(out.user_data, MASKED);
      equal(out.gzip, true);
      equal(out.bytes, bytes);
    });

    await t.step("max_bytes cuts the text and says so", async () => {
      const out = await get(plain, { max_bytes: 11 });
      equal(out.user_data, "#!/bin/bash");
      equal(out.truncated, true);
      equal(
        out.note,
        `shows the first 11 bytes of ${bytes} bytes; raise max_bytes (up to 64000) for more`,
      );
    });

    await t.step("binary user data is reported by size only", async () => {
      const out = await get(binary);
      equal(out.binary, true);
      equal(out.bytes, 6);
      equal(out.user_data, undefined);
      equal(out.note, "binary user data (6 bytes), not shown");
    });

    await t.step("an instance without user data says so", async () => {
      const out = await get(none);
      equal(out.bytes, 0);
      equal(out.user_data, undefined);
      equal(out.note, "the instance has no user data");
    });

    await t.step("an unknown id is AWS's not-found error", async () => {
      const result = await call(client, "ec2_get_user_data", {
        instance_id: "i-0123456789abcdef0",
      });
      equal(result.isError, true);
      match(text(result), /^InvalidInstanceID\.NotFound: .*i-0123456789abcdef0/);
    });
  } finally {
    await close();
  }
});

motoTest("ec2_get_user_data reveals secrets only under --reveal-secrets", async (endpoint) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const [id] = (await motoLaunch(ec2, { tags: { run: RUN }, UserData: b64(utf8(SCRIPT)) })) as [
    string,
  ];
  const { client, close } = await connectMoto(endpoint, REGION, { revealSecrets: true }, {
    inventory: [getUserData],
  });
  try {
    const out = await callOk(client, "ec2_get_user_data", { instance_id: id });
    equal(out.user_data, SCRIPT);
    equal(out.masked_values, 0);
  } finally {
    await close();
  }
});

motoTest(
  "ec2_get_user_data masks every secret form of the corpus, the stored data unchanged",
  async (endpoint) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const cases = [
      ...SECRET_CASES.filter((c) => !c.name.startsWith("whole") && !c.name.startsWith("MIME")),
    ];
    const joined = cases.map((c) => c.text).join("\n");
    const whole = SECRET_CASES.find((c) => c.name.startsWith("whole"))!;
    const mime = SECRET_CASES.find((c) => c.name.startsWith("MIME"))!;
    const ids: Record<string, { text: string; secrets: string[] }> = {};
    for (const c of [{ text: joined, secrets: cases.flatMap((c) => c.secrets) }, whole, mime]) {
      const [id] = (await motoLaunch(ec2, { tags: { run: RUN }, UserData: b64(utf8(c.text)) })) as [
        string,
      ];
      ids[id] = c;
    }
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [getUserData] });
    try {
      for (const [id, c] of Object.entries(ids)) {
        const out = await callOk<{ user_data: string }>(client, "ec2_get_user_data", {
          instance_id: id,
        });
        for (const secret of c.secrets) ok(!out.user_data.includes(secret), `${secret} leaked`);
        // Masking is a view: what AWS holds is unchanged.
        const attr = await ec2.describeInstanceAttribute({ InstanceId: id, Attribute: "userData" });
        equal(
          new TextDecoder().decode(
            Uint8Array.from(atob(attr.UserData!.Value!), (ch) => ch.charCodeAt(0)),
          ),
          c.text,
        );
      }
    } finally {
      await close();
    }
  },
);
