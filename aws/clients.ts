import type { CloudWatch } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogs } from "@aws-sdk/client-cloudwatch-logs";
import type { EC2 } from "@aws-sdk/client-ec2";
import type { Lambda } from "@aws-sdk/client-lambda";
import type { IAM } from "@aws-sdk/client-iam";
import type { Pricing } from "@aws-sdk/client-pricing";
import type { S3 } from "@aws-sdk/client-s3";
import type { S3Control } from "@aws-sdk/client-s3-control";
import type { STS } from "@aws-sdk/client-sts";
import type {
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from "@aws-sdk/credential-providers";
import { ToolError } from "./errors.ts";
import { importPackage } from "./packages.ts";
import { createRequestHandler } from "./http_handler.ts";
import { installWriteSafety, RETRY_SAFE } from "./idempotency.ts";

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

/** The SDK clients a tool may ask for, by service. */
export interface ServiceClients {
  cloudwatch: CloudWatch;
  ec2: EC2;
  lambda: Lambda;
  logs: CloudWatchLogs;
  iam: IAM;
  pricing: Pricing;
  s3: S3;
  s3control: S3Control;
  sts: STS;
}

/** A service the server can talk to. */
export type ServiceName = keyof ServiceClients;

// Each SDK package costs ~100 ms to import, so it loads on the first call that needs it.
const constructors = {
  cloudwatch: async () => (await importPackage("@aws-sdk/client-cloudwatch")).CloudWatch,
  ec2: async () => (await importPackage("@aws-sdk/client-ec2")).EC2,
  lambda: async () => (await importPackage("@aws-sdk/client-lambda")).Lambda,
  logs: async () => (await importPackage("@aws-sdk/client-cloudwatch-logs")).CloudWatchLogs,
  iam: async () => (await importPackage("@aws-sdk/client-iam")).IAM,
  pricing: async () => (await importPackage("@aws-sdk/client-pricing")).Pricing,
  s3: async () => (await importPackage("@aws-sdk/client-s3")).S3,
  s3control: async () => (await importPackage("@aws-sdk/client-s3-control")).S3Control,
  sts: async () => (await importPackage("@aws-sdk/client-sts")).STS,
} satisfies { [S in ServiceName]: () => Promise<unknown> };

/**
 * Per-service client settings. S3 follows a bucket's region when asked in another one. An
 * emulator endpoint (tests) serves every bucket on one host and cannot take S3 Control's
 * `{AccountId}.` prefix (which its endpoint rules, not only the host-prefix trait, put on a custom
 * endpoint: `123456789012.127.0.0.1` is no URL): path-style addressing, and S3 Control sent to
 * the endpoint as given. Only with an emulator endpoint, never against AWS.
 */
function serviceSettings(service: ServiceName, endpoint: string | undefined): object {
  if (service === "s3") {
    return { followRegionRedirects: true, ...(endpoint ? { forcePathStyle: true } : {}) };
  }
  if (service === "s3control" && endpoint) {
    return { disableHostPrefix: true, endpointProvider: () => ({ url: new URL(endpoint) }) };
  }
  return {};
}

/** How clients are built: one profile, one user agent, for the life of the server. */
export interface AwsSettings {
  /** Explicit profile; wins over credential variables in the environment. */
  profile: string | undefined;
  /** Region from the flag or `AWS_MCP_REGION`; otherwise the SDK's own resolution. */
  region: string | undefined;
  /** Sent as the user agent suffix, e.g. `aws-mcp/0.1.0`. */
  userAgent: string;
  /** Endpoint for every service (tests, emulators); otherwise the SDK's, incl. AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Session name for assumed roles (CloudTrail shows it). */
  roleSessionName?: string;
  /** External id the roles' trust policies require, if any. */
  roleExternalId?: string | undefined;
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs?: number;
  /** PEM texts to trust besides the built-in roots (see aws/profile.ts, aws/http_handler.ts). */
  caCerts?: readonly string[];
}

/** Who the credentials belong to. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** Clients bound to one region and one MCP request: every call carries the request's AbortSignal. */
export interface AwsScope {
  readonly region: string;
  /** A client in this scope's region, or in `region` (cross-region copies, the Pricing API). */
  client<S extends ServiceName>(service: S, region?: string): Promise<ServiceClients[S]>;
  identity(): Promise<CallerIdentity>;
  /** The custom endpoint every client of this scope uses (an emulator), if one was configured. */
  endpoint?: string | undefined;
}

/** How a scope's calls may be repeated. */
export interface ScopeOptions {
  /** The tool is idempotent: its writes may be retried after a lost answer (default: never). */
  retryWrites?: boolean;
}

/** Anything that can hand out scopes: the real client cache, or a stub in unit tests. */
export interface AwsProvider {
  readonly profile: string | undefined;
  defaultRegion(): Promise<string>;
  /** Clients for one region (and, with `roleArn`, one assumed role) and one request. */
  scope(region: string, signal: AbortSignal, roleArn?: string, options?: ScopeOptions): AwsScope;
}

function withSignal<T extends object>(client: T, signal: AbortSignal, retryWrites: boolean): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "destroy" || prop === "constructor") return value;
      return (input: unknown, options?: object) =>
        value.call(
          target,
          // `send(command)` passes a command object, which must stay what it is.
          retryWrites && prop !== "send" ? { ...(input ?? {}), [RETRY_SAFE]: true } : input ?? {},
          // A call may bring its own signal: cleanup that must outlive a cancelled request (StopQuery).
          { abortSignal: signal, ...options },
        );
    },
  });
}

/** Lazily built SDK clients, one per (service, region) for this server's profile. */
export class AwsClients implements AwsProvider {
  #clients = new Map<string, Promise<unknown>>();
  #credentials: Promise<AwsCredentialIdentityProvider> | undefined;
  #roleCredentials = new Map<string, Promise<AwsCredentialIdentityProvider>>();
  #identities = new Map<string, Promise<CallerIdentity>>();
  #defaultRegion: Promise<string> | undefined;
  #handler: ReturnType<typeof createRequestHandler> | undefined;
  #freshHandler: ReturnType<typeof createRequestHandler> | undefined;

  /** Creates a client cache; nothing is loaded until the first call. */
  constructor(readonly settings: AwsSettings) {}

  /** The profile in effect: the explicit one, else `AWS_PROFILE`, else none (default chain). */
  get profile(): string | undefined {
    return this.settings.profile ?? (Deno.env.get("AWS_PROFILE") || undefined);
  }

  /** The one transport every client (and the credential providers' own clients) uses. */
  /** The shared handler; `fresh`: one that opens a new connection for every request. */
  #requestHandler(fresh = false) {
    const make = () =>
      createRequestHandler({
        ...(this.settings.caCerts ? { caCerts: this.settings.caCerts } : {}),
        ...(this.settings.requestTimeoutMs
          ? { requestTimeoutMs: this.settings.requestTimeoutMs }
          : {}),
        ...(fresh ? { fresh } : {}),
      });
    if (fresh) return this.#freshHandler ??= make();
    return this.#handler ??= make();
  }

  #credentialProvider(): Promise<AwsCredentialIdentityProvider> {
    this.#credentials ??= Promise.all([
      importPackage("@aws-sdk/credential-providers"),
      this.#requestHandler(),
    ]).then(([m, requestHandler]) =>
      m.fromNodeProviderChain({
        ...(this.settings.profile ? { profile: this.settings.profile } : {}),
        // SSO and assume-role profiles build their own clients: same transport, same CAs.
        clientConfig: { requestHandler },
      })
    );
    return this.#credentials;
  }

  /**
   * Credentials of an assumed role, on top of the base identity: the SDK caches them and assumes
   * the role again shortly before they expire.
   */
  #roleProvider(roleArn: string): Promise<AwsCredentialIdentityProvider> {
    let provider = this.#roleCredentials.get(roleArn);
    if (!provider) {
      provider = Promise.all([
        importPackage("@aws-sdk/credential-providers"),
        this.#credentialProvider(),
        this.#requestHandler(),
      ])
        .then(([m, base, requestHandler]) =>
          (m.fromTemporaryCredentials as typeof fromTemporaryCredentials)({
            params: {
              RoleArn: roleArn,
              RoleSessionName: this.settings.roleSessionName ?? "aws-mcp",
              ...(this.settings.roleExternalId ? { ExternalId: this.settings.roleExternalId } : {}),
            },
            masterCredentials: base,
            clientConfig: {
              requestHandler,
              ...(this.settings.region ? { region: this.settings.region } : {}),
              ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
            },
          })
        );
      this.#roleCredentials.set(roleArn, provider);
    }
    return provider;
  }

  async #build<S extends ServiceName>(service: S, region: string | undefined, roleArn?: string) {
    const [Client, credentials, requestHandler] = await Promise.all([
      constructors[service](),
      roleArn ? this.#roleProvider(roleArn) : this.#credentialProvider(),
      this.#requestHandler(),
    ]);
    const client = new Client({
      ...(region ? { region } : {}),
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      ...serviceSettings(service, this.settings.endpoint),
      credentials,
      customUserAgent: this.settings.userAgent,
      retryMode: "adaptive",
      maxAttempts: 3,
      requestHandler,
    });
    installWriteSafety(
      client as unknown as Parameters<typeof installWriteSafety>[0],
      () => this.#requestHandler(true),
    );
    return client as ServiceClients[S];
  }

  /** The shared client of a service in a region (as an assumed role, when given). */
  client<S extends ServiceName>(
    service: S,
    region: string,
    roleArn?: string,
  ): Promise<ServiceClients[S]> {
    const key = `${service}:${region}:${roleArn ?? ""}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = this.#build(service, region, roleArn);
      client.catch(() => this.#clients.delete(key));
      this.#clients.set(key, client);
    }
    return client as Promise<ServiceClients[S]>;
  }

  /** The configured region: the flag, else the SDK's resolution (AWS_REGION, then the profile). */
  defaultRegion(): Promise<string> {
    if (this.settings.region) return Promise.resolve(this.settings.region);
    this.#defaultRegion ??= this.#build("sts", undefined).then(async (sts) => {
      try {
        return await sts.config.region();
      } catch {
        throw new ToolError(
          "NoRegion",
          "no region is configured",
          "pass region, start the server with --region, or set AWS_REGION or the profile's region",
        );
      }
    });
    this.#defaultRegion.catch(() => (this.#defaultRegion = undefined));
    return this.#defaultRegion;
  }

  /** Who the credentials (or the role's) belong to; asked once, then remembered (failures are not). */
  identity(region: string, roleArn?: string): Promise<CallerIdentity> {
    const key = roleArn ?? "";
    let identity = this.#identities.get(key);
    if (!identity) {
      identity = this.client("sts", region, roleArn).then(async (sts) => {
        const id = await sts.getCallerIdentity({});
        return { account: id.Account ?? "", arn: id.Arn ?? "", userId: id.UserId ?? "" };
      });
      identity.catch(() => this.#identities.delete(key));
      this.#identities.set(key, identity);
    }
    return identity;
  }

  /** Clients for one region (and role) whose calls all carry `signal`. */
  scope(
    region: string,
    signal: AbortSignal,
    roleArn?: string,
    options: ScopeOptions = {},
  ): AwsScope {
    return {
      region,
      client: async (service, other) =>
        withSignal(
          await this.client(service, other ?? region, roleArn),
          signal,
          options.retryWrites === true,
        ),
      identity: () => this.identity(region, roleArn),
      endpoint: this.settings.endpoint,
    };
  }
}
