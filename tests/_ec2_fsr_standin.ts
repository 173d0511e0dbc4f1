/**
 * A local stand-in for EC2's fast snapshot restore API, which moto lacks. It speaks EC2's query
 * protocol (form-encoded POST, XML in the 2016-11-15 namespace) for EnableFastSnapshotRestores,
 * DisableFastSnapshotRestores and DescribeFastSnapshotRestores, keeping a state per snapshot and
 * zone, and checks snapshots and zones against moto. It also answers DescribeImages with the
 * `block-device-mapping.snapshot-id` filter, which moto has not implemented (HTTP 500), by
 * filtering moto's own images. Every other request is forwarded to moto unchanged, so one
 * AwsClients endpoint serves both and the SDK's real serializer and parser are in the loop.
 */
import type { EC2, Filter } from "@aws-sdk/client-ec2";
import { motoEc2 } from "./_helpers.ts";
import { ec2Error, forward, type StandIn, startStandIn } from "./_standin.ts";

/** One snapshot × zone as the stand-in keeps it. */
export interface FsrEntry {
  snapshotId: string;
  zone: string;
  ownerId: string;
  state: "enabling" | "optimizing" | "enabled" | "disabling" | "disabled";
  enablingTime?: Date;
  optimizingTime?: Date;
  enabledTime?: Date;
  disablingTime?: Date;
  disabledTime?: Date;
}

/** One request the stand-in answered itself, as the SDK sent it. */
export interface FsrCall {
  action: string;
  region: string;
  params: URLSearchParams;
}

/** The stand-in plus what it saw and holds. */
export interface FsrStandIn extends StandIn {
  /** The requests it answered itself (FSR actions and the DescribeImages shim), in order. */
  calls: FsrCall[];
  /** Requests passed on to moto. */
  forwarded: () => number;
  /** State by region, then `snapshot zone`. */
  entries: Map<string, Map<string, FsrEntry>>;
}

const XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const FSR_ACTIONS = new Set([
  "EnableFastSnapshotRestores",
  "DisableFastSnapshotRestores",
  "DescribeFastSnapshotRestores",
]);
const SNAPSHOT_FILTER = "block-device-mapping.snapshot-id";

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

// <name>value</name> for each defined value, in order.
function fields(values: [string, string | Date | undefined][]): string {
  return values.flatMap(([name, value]) =>
    value === undefined
      ? []
      : [`<${name}>${escape(value instanceof Date ? value.toISOString() : value)}</${name}>`]
  ).join("");
}

function xmlResponse(action: string, inner: string): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">` +
    `<requestId>${crypto.randomUUID()}</requestId>${inner}</${action}Response>`;
  return new Response(xml, { status: 200, headers: { "content-type": "text/xml;charset=UTF-8" } });
}

/** The values of a query-protocol list (`Name.1`, `Name.2` …), in order. */
export function queryList(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++) out.push(params.get(`${name}.${i}`) ?? "");
  return out;
}

/** The filters of a query-protocol request (`Filter.N.Name`, `Filter.N.Value.M`). */
export function queryFilters(params: URLSearchParams): { Name: string; Values: string[] }[] {
  const out: { Name: string; Values: string[] }[] = [];
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    out.push({
      Name: params.get(`Filter.${i}.Name`) ?? "",
      Values: queryList(params, `Filter.${i}.Value`),
    });
  }
  return out;
}

function regionOf(request: Request): string {
  const auth = request.headers.get("authorization") ?? "";
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1] ?? "us-east-1";
}

function successItem(e: FsrEntry, state = e.state): string {
  return `<item>${
    fields([
      ["snapshotId", e.snapshotId],
      ["availabilityZone", e.zone],
      ["state", state],
      ["stateTransitionReason", "Client.UserInitiated"],
      ["ownerId", e.ownerId],
      ["enablingTime", e.enablingTime],
      ["optimizingTime", e.optimizingTime],
      ["enabledTime", e.enabledTime],
      ["disablingTime", e.disablingTime],
      ["disabledTime", e.disabledTime],
    ])
  }</item>`;
}

function errorItems(errors: Map<string, { zone: string; code: string; message: string }[]>) {
  return [...errors].map(([snapshotId, list]) =>
    `<item>${fields([["snapshotId", snapshotId]])}<fastSnapshotRestoreStateErrorSet>${
      list.map((e) =>
        `<item>${fields([["availabilityZone", e.zone]])}<error>${
          fields([["code", e.code], ["message", e.message]])
        }</error></item>`
      ).join("")
    }</fastSnapshotRestoreStateErrorSet></item>`
  ).join("");
}

/** Serves the FSR actions and the DescribeImages snapshot filter; forwards the rest to moto. */
export function startFsrStandIn(motoUrl: string): FsrStandIn {
  const calls: FsrCall[] = [];
  const entries = new Map<string, Map<string, FsrEntry>>();
  const clients = new Map<string, Promise<EC2>>();
  let forwarded = 0;
  const moto = (region: string) => {
    let client = clients.get(region);
    if (!client) clients.set(region, client = motoEc2(motoUrl, region));
    return client;
  };
  const regionEntries = (region: string) => {
    let map = entries.get(region);
    if (!map) entries.set(region, map = new Map());
    return map;
  };

  async function enableOrDisable(action: string, region: string, params: URLSearchParams) {
    const snapshots = queryList(params, "SourceSnapshotId");
    const zones = queryList(params, "AvailabilityZone");
    if (!snapshots.length) {
      return ec2Error(
        400,
        "MissingParameter",
        "The request must contain the parameter SourceSnapshotId",
      );
    }
    if (!zones.length) {
      return ec2Error(
        400,
        "MissingParameter",
        "The request must contain the parameter AvailabilityZone",
      );
    }
    if (params.get("DryRun") === "true") {
      return ec2Error(
        412,
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
      );
    }
    const ec2 = await moto(region);
    const known = new Map(
      ((await ec2.describeSnapshots({ Filters: [{ Name: "snapshot-id", Values: snapshots }] }))
        .Snapshots ?? []).map((s) => [s.SnapshotId ?? "", s]),
    );
    const validZones = new Set(
      ((await ec2.describeAvailabilityZones({})).AvailabilityZones ?? []).map((z) => z.ZoneName),
    );
    const state = regionEntries(region);
    const now = new Date();
    const ok: string[] = [];
    const failed = new Map<string, { zone: string; code: string; message: string }[]>();
    const fail = (snapshotId: string, zone: string, code: string, message: string) =>
      failed.set(snapshotId, [...failed.get(snapshotId) ?? [], { zone, code, message }]);
    for (const snapshotId of snapshots) {
      const snapshot = known.get(snapshotId);
      for (const zone of zones) {
        if (!snapshot) {
          fail(
            snapshotId,
            zone,
            "InvalidSnapshot.NotFound",
            `The snapshot '${snapshotId}' does not exist.`,
          );
          continue;
        }
        if (!validZones.has(zone)) {
          fail(snapshotId, zone, "InvalidParameterValue", `Invalid availability zone: [${zone}]`);
          continue;
        }
        const key = `${snapshotId} ${zone}`;
        const entry = state.get(key);
        if (action === "EnableFastSnapshotRestores") {
          if (entry && entry.state !== "disabled") {
            ok.push(successItem(entry));
            continue;
          }
          // AWS moves through optimizing to enabled over minutes; the stand-in, like moto's
          // snapshots, finishes at once, so the next Describe sees it enabled.
          const fresh: FsrEntry = {
            snapshotId,
            zone,
            ownerId: snapshot.OwnerId ?? "",
            state: "enabled",
            enablingTime: now,
            optimizingTime: now,
            enabledTime: now,
          };
          state.set(key, fresh);
          ok.push(successItem(fresh, "enabling"));
        } else {
          if (!entry || entry.state === "disabled") {
            const gone: FsrEntry = entry ??
              { snapshotId, zone, ownerId: snapshot.OwnerId ?? "", state: "disabled" };
            ok.push(successItem({ ...gone, state: "disabled" }));
            continue;
          }
          Object.assign(entry, { state: "disabled", disablingTime: now, disabledTime: now });
          ok.push(successItem(entry, "disabling"));
        }
      }
    }
    return xmlResponse(
      action,
      `<successful>${ok.join("")}</successful><unsuccessful>${errorItems(failed)}</unsuccessful>`,
    );
  }

  function describe(region: string, params: URLSearchParams) {
    const filters = queryFilters(params);
    const fieldOf: Record<string, (e: FsrEntry) => string> = {
      "snapshot-id": (e) => e.snapshotId,
      "availability-zone": (e) => e.zone,
      "state": (e) => e.state,
      "owner-id": (e) => e.ownerId,
    };
    for (const f of filters) {
      if (!fieldOf[f.Name]) {
        return ec2Error(400, "InvalidParameterValue", `The filter '${f.Name}' is invalid`);
      }
    }
    const max = Number(params.get("MaxResults") ?? "200");
    if (!Number.isInteger(max) || max < 0 || max > 200) {
      return ec2Error(400, "InvalidParameterValue", "MaxResults must be between 0 and 200");
    }
    const start = Number(params.get("NextToken") ?? "0");
    const matching = [...regionEntries(region).values()]
      .filter((e) => filters.every((f) => f.Values.includes(fieldOf[f.Name]!(e))))
      .sort((a, b) => `${a.snapshotId} ${a.zone}` < `${b.snapshotId} ${b.zone}` ? -1 : 1);
    const page = matching.slice(start, start + (max || 200));
    const next = start + page.length < matching.length ? String(start + page.length) : undefined;
    return xmlResponse(
      "DescribeFastSnapshotRestores",
      `<fastSnapshotRestoreSet>${
        page.map((e) => successItem(e)).join("")
      }</fastSnapshotRestoreSet>${fields([["nextToken", next]])}`,
    );
  }

  async function imagesBySnapshot(region: string, params: URLSearchParams) {
    const filters = queryFilters(params);
    const wanted = new Set(
      filters.filter((f) => f.Name === SNAPSHOT_FILTER).flatMap((f) => f.Values),
    );
    const others: Filter[] = filters.filter((f) => f.Name !== SNAPSHOT_FILTER);
    const owners = queryList(params, "Owner");
    const ids = queryList(params, "ImageId");
    const out = await (await moto(region)).describeImages({
      ...(owners.length ? { Owners: owners } : {}),
      ...(ids.length ? { ImageIds: ids } : {}),
      ...(others.length ? { Filters: others } : {}),
    });
    const images = (out.Images ?? []).filter((i) =>
      (i.BlockDeviceMappings ?? []).some((m) => wanted.has(m.Ebs?.SnapshotId ?? ""))
    );
    const items = images.map((i) =>
      `<item>${
        fields([
          ["imageId", i.ImageId],
          ["imageState", i.State],
          ["imageOwnerId", i.OwnerId],
          ["name", i.Name],
        ])
      }<blockDeviceMapping>${
        (i.BlockDeviceMappings ?? []).map((m) =>
          `<item>${fields([["deviceName", m.DeviceName]])}${
            m.Ebs ? `<ebs>${fields([["snapshotId", m.Ebs.SnapshotId]])}</ebs>` : ""
          }</item>`
        ).join("")
      }</blockDeviceMapping></item>`
    ).join("");
    return xmlResponse("DescribeImages", `<imagesSet>${items}</imagesSet>`);
  }

  const standIn = startStandIn(async (request, body) => {
    const params = new URLSearchParams(body);
    const action = params.get("Action") ?? "";
    const region = regionOf(request);
    if (FSR_ACTIONS.has(action)) {
      calls.push({ action, region, params });
      return action === "DescribeFastSnapshotRestores"
        ? describe(region, params)
        : await enableOrDisable(action, region, params);
    }
    if (
      action === "DescribeImages" && queryFilters(params).some((f) => f.Name === SNAPSHOT_FILTER)
    ) {
      calls.push({ action, region, params });
      return await imagesBySnapshot(region, params);
    }
    forwarded++;
    return await forward(request, body, motoUrl);
  });
  return { ...standIn, calls, entries, forwarded: () => forwarded };
}
