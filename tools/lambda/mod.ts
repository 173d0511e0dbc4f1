import { getFunction } from "./get_function.ts";
import { getRecentErrors } from "./get_recent_errors.ts";
import { invoke } from "./invoke.ts";
import { listEventSourceMappings } from "./list_event_source_mappings.ts";
import { listFunctions } from "./list_functions.ts";
import { updateFunctionConfiguration } from "./update_function_configuration.ts";

/** Lambda tools: functions, their event sources, errors, invocation and configuration. */
export const lambdaTools = [
  listFunctions,
  getFunction,
  listEventSourceMappings,
  getRecentErrors,
  invoke,
  updateFunctionConfiguration,
];
