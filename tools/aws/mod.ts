import { whoami } from "./whoami.ts";

/** Tools about the session itself, always available. */
export const awsTools = [whoami];
