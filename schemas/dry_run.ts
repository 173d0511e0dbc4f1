import { z } from "zod";

/**
 * A dry run's answer: whether the call would succeed and, if not, why and which IAM actions are
 * missing. The server builds it from EC2's DryRun answers; tools of services without DryRun
 * (CloudWatch) answer it themselves.
 */
export const dryRunOutcome = z.object({
  would_succeed: z.boolean(),
  message: z.string(),
  /** The action AWS denied. */
  missing_permissions: z.array(z.string()).optional(),
  /** Every action the tool may use, when missing_permissions names only the denied one. */
  tool_permissions: z.array(z.string()).optional(),
});
