import { forward, type StandIn, startStandIn } from "./_standin.ts";

/** The JSON 1.0 target prefix the CloudWatch SDK sends in `X-Amz-Target`. */
export const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";

/** One CloudWatch request the stand-in answered itself. */
export interface CloudWatchCall {
  /** The operation, e.g. `DescribeAlarmHistory`. */
  operation: string;
  /** The JSON body the SDK sent. */
  input: Record<string, unknown>;
  headers: Headers;
}

/** A faked operation's answer: the JSON body, or a whole Response (e.g. `cloudWatchError`). */
export type CloudWatchFake = (input: Record<string, unknown>) => unknown;

/** What the stand-in fakes; every other request goes to `motoUrl`, or fails without one. */
export interface CloudWatchFakes {
  /** DescribeAlarmHistory's answer (JSON 1.0 shape: Timestamp as epoch seconds). */
  DescribeAlarmHistory?: CloudWatchFake;
  /** GetMetricWidgetImage's answer (MetricWidgetImage as base64). */
  GetMetricWidgetImage?: CloudWatchFake;
}

/** A stand-in with the faked CloudWatch calls it answered. */
export interface CloudWatchStandIn extends StandIn {
  calls: CloudWatchCall[];
}

/** A CloudWatch JSON 1.0 (query-compatible) error response. */
export function cloudWatchError(status: number, code: string, message: string): Response {
  return new Response(
    JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }),
    {
      status,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-query-error": `${code};Sender`,
      },
    },
  );
}

/**
 * Serves the CloudWatch operations moto lacks over the real JSON 1.0 wire protocol (POST /,
 * `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`), forwarding everything else to moto.
 */
export function startCloudWatchStandIn(
  fakes: CloudWatchFakes,
  motoUrl: string | undefined,
): CloudWatchStandIn {
  const calls: CloudWatchCall[] = [];
  const standIn = startStandIn(async (request, body) => {
    const target = request.headers.get("x-amz-target") ?? "";
    const operation = target.startsWith(`${CLOUDWATCH_TARGET}.`)
      ? target.slice(CLOUDWATCH_TARGET.length + 1)
      : "";
    const fake = fakes[operation as keyof CloudWatchFakes];
    if (fake && request.method === "POST" && new URL(request.url).pathname === "/") {
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      calls.push({ operation, input, headers: request.headers });
      const answer = fake(input);
      if (answer instanceof Response) return answer;
      return new Response(JSON.stringify(answer), {
        headers: { "content-type": "application/x-amz-json-1.0" },
      });
    }
    if (motoUrl) return await forward(request, body, motoUrl);
    return cloudWatchError(400, "UnknownOperationException", `stand-in fakes no ${target}`);
  });
  return Object.assign(standIn, { calls });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A valid PNG: signature, IHDR, zlib-deflated IDAT and IEND with their CRCs; a red square. */
export async function tinyPng(side = 4): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method variants, no interlace
  const rows = new Uint8Array(side * (1 + side * 3));
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) rows[y * (1 + side * 3) + 1 + x * 3] = 0xff;
  }
  const deflated = new Uint8Array(
    await new Response(
      new Blob([rows]).stream().pipeThrough(new CompressionStream("deflate")),
    ).arrayBuffer(),
  );
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflated),
    chunk("IEND", new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  return png;
}

/** Base64 of bytes, as JSON 1.0 carries blobs. */
export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}
